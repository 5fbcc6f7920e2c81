"""The one place that answers "may this user see / change this report".

Every list and lookup of reports goes through `reports_visible_to(user)`; objects outside it answer 404.
"""
from django.db.models import Q, QuerySet

from apps.accounts.models import Membership
from apps.reports.models import Report


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


def can_view_report(user, report: Report) -> bool:
    return reports_visible_to(user).filter(pk=report.pk).exists()


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
