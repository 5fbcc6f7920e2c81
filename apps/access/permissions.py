"""The one place that answers "may this user see / change this report".

Every list and lookup of reports goes through `reports_visible_to(user)`; objects outside it answer 404.
"""
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from apps.accounts.models import Membership
from apps.reports.models import Report
from apps.reports.selectors import ReportNotFound, report_at


def reports_visible_to(user) -> QuerySet[Report]:
    """Reports the user may read: published ones for everybody, plus those their roles open up.

    - an accountant sees every report of their own departments;
    - a reviewer sees the reports of departments under their finance bureau once they left draft;
    - an administrator sees every report of departments under their finance bureau;
    - a superuser sees everything.
    """
    reports = Report.objects.select_related("department", "department__region")
    if not user.is_authenticated:
        return reports.filter(state=Report.State.PUBLISHED)
    if user.is_superuser:
        return reports.all()
    user_memberships = list(user.memberships.all())
    by_role = {role: [m.organisation_id for m in user_memberships if m.role == role] for role in Membership.Role}
    visible = Q(state=Report.State.PUBLISHED)
    visible |= Q(department_id__in=by_role[Membership.Role.ACCOUNTANT])
    visible |= Q(department__parent_id__in=by_role[Membership.Role.REVIEWER]) & ~Q(state=Report.State.DRAFT)
    visible |= Q(department__parent_id__in=by_role[Membership.Role.ADMINISTRATOR])
    return reports.filter(visible)


def can_change_report(user, report: Report) -> bool:
    """Only a draft can change, and only by an accountant of its department."""
    if not user.is_authenticated or report.state != Report.State.DRAFT:
        return False
    return Membership.objects.filter(
        user=user, role=Membership.Role.ACCOUNTANT, organisation_id=report.department_id
    ).exists()


def is_reviewer_of(user, report: Report) -> bool:
    """A reviewer of the finance bureau the report's department belongs to."""
    return user.is_authenticated and Membership.objects.filter(
        user=user, role=Membership.Role.REVIEWER, organisation_id=report.department.parent_id).exists()


def is_accountant_of(user, report: Report) -> bool:
    return user.is_authenticated and Membership.objects.filter(
        user=user, role=Membership.Role.ACCOUNTANT, organisation_id=report.department_id).exists()


def sees_internal_texts(user, report: Report) -> bool:
    """The report's own people (its accountants; the bureau's reviewers and administrators; superusers) get what
    stays between accountant and reviewer in their downloads: the warning explanations, the texts not published."""
    return is_accountant_of(user, report) or can_see_audit_trail(user, report)


def can_see_audit_trail(user, report: Report) -> bool:
    """Reviewers of the bureau and administrators (of the bureau, or superusers) see a report's trail."""
    if not user.is_authenticated:
        return False
    if user.is_superuser or is_reviewer_of(user, report):
        return True
    return Membership.objects.filter(user=user, role=Membership.Role.ADMINISTRATOR,
                                     organisation_id=report.department.parent_id).exists()


def visible_report_or_404(user, department: str, year: int, revision: int | None = None) -> Report:
    """The report (the given revision, or the latest) among those `user` may read; 404 outside them."""
    try:
        return report_at(department, year, revision, reports_visible_to(user))
    except ReportNotFound:
        raise Http404("没有找到这份部门决算") from None


def editable_report_or_403(user, department: str, year: int) -> Report:
    """The latest revision, which `user` may change: 404 outside what they may read, 403 if they may not change it."""
    report = visible_report_or_404(user, department, year)
    if not can_change_report(user, report):
        raise PermissionDenied("只有本部门的部门会计可以修改草稿状态的决算。")
    return report


def reviewed_report_or_403(user, department: str, year: int, revision: int | None = None) -> Report:
    """A report `user` reviews (a reviewer of its finance bureau): 404 outside what they may read, else 403."""
    report = visible_report_or_404(user, department, year, revision)
    if not is_reviewer_of(user, report):
        raise PermissionDenied("只有本级财政局审核人可以审核。")
    return report
