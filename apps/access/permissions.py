"""The one place that answers who may see and do what: views and services ask here, none decides a role itself
(tests/access/test_no_role_decisions.py).

Every list and lookup of reports goes through `reports_visible_to(user)`; objects outside it answer 404. Pages for a
role are guarded by `require_role`; the organisations a user acts for come from `organisations_where` (and the named
questions built on it). The workflow's steps (who may take which, when) are the transition table in
`apps/workflow/services.py`, which asks `is_accountant_of` and `is_reviewer_of` here.
"""
from functools import reduce, wraps
from operator import or_

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from apps.accounts.models import Membership, Organisation, Region, User
from apps.reports.models import Report, SourceDocument
from apps.reports.selectors import ReportNotFound, report_at

ACCOUNTANT, REVIEWER, ADMINISTRATOR = Membership.Role.ACCOUNTANT, Membership.Role.REVIEWER, Membership.Role.ADMINISTRATOR

# A superuser is an administrator of every finance bureau; the other roles they hold only where a membership says so.
SUPERUSER_ROLES = frozenset({ADMINISTRATOR})


def roles_of(user) -> set[str]:
    """The roles the user holds anywhere."""
    if not user.is_authenticated:
        return set()
    held = {m.role for m in user.memberships.all()}
    return held | SUPERUSER_ROLES if user.is_superuser else held


def organisations_where(user, *roles) -> QuerySet[Organisation]:
    """The organisations where the user holds any of `roles`, by code; each role counts in the kind of organisation
    it is held in (accountant: departments; reviewer, administrator: finance bureaus). A superuser is an
    administrator of every finance bureau."""
    if not roles or not user.is_authenticated:
        return Organisation.objects.none()
    where = []
    for role in map(Membership.Role, roles):
        kind = Membership.ROLE_ORGANISATION_KIND[role]
        if user.is_superuser and role in SUPERUSER_ROLES:
            where.append(Q(kind=kind))
        else:
            where.append(Q(kind=kind, pk__in=Membership.objects.filter(user=user, role=role)
                           .values("organisation_id")))
    return Organisation.objects.filter(reduce(or_, where)).order_by("code")


def require_role(*roles, refusal: str = ""):
    """A view decorator: the login page for a visitor not logged in; 403 (with `refusal`, or a message naming the
    roles) for a user who holds none of `roles` anywhere (`organisations_where`)."""
    message = refusal or f"只有{'或'.join(Membership.Role(role).label for role in roles)}可以访问此页。"

    def decorate(view):
        @wraps(view)
        def checked(request, *args, **kwargs):
            if not organisations_where(request.user, *roles).exists():
                raise PermissionDenied(message)
            return view(request, *args, **kwargs)
        return login_required(checked)
    return decorate


def bureaus_reviewed_by(user) -> QuerySet[Organisation]:
    """The finance bureaus whose reviewer the user is (their review queue)."""
    return organisations_where(user, REVIEWER)


def bureaus_administered_by(user) -> QuerySet[Organisation]:
    """The finance bureaus whose administrator the user is (every bureau for a superuser): their bulk imports."""
    return organisations_where(user, ADMINISTRATOR)


def bureaus_overseen_by(user) -> QuerySet[Organisation]:
    """The finance bureaus whose reviewer or administrator the user is (every bureau for a superuser): their
    dashboard and consolidated totals."""
    return organisations_where(user, REVIEWER, ADMINISTRATOR)


def departments_of_accountant(user) -> QuerySet[Organisation]:
    """The departments whose accountant the user is: their reports, and where they start a new one."""
    return organisations_where(user, ACCOUNTANT)


def _holds(user, role, organisation_id) -> bool:
    """Whether the user holds `role` in the organisation (a superuser: administrator of every finance bureau)."""
    if not user.is_authenticated:
        return False
    if user.is_superuser and role in SUPERUSER_ROLES:
        return True
    if "_held_roles" not in user.__dict__:  # read once per user object, i.e. once per request
        user.__dict__["_held_roles"] = set(Membership.objects.filter(user=user).values_list("role", "organisation_id"))
    return (role, organisation_id) in user.__dict__["_held_roles"]


def reports_visible_to(user) -> QuerySet[Report]:
    """Reports the user may read: published ones for everybody, plus those their roles open up.

    - an accountant sees every report of their own departments;
    - a reviewer sees the reports of departments under their finance bureau once they left draft;
    - an administrator sees every report of departments under their finance bureau;
    - a superuser (an administrator of every finance bureau) sees everything.
    """
    reports = Report.objects.select_related("department", "department__region")
    if not user.is_authenticated:
        return reports.filter(state=Report.State.PUBLISHED)
    if user.is_superuser:
        return reports.all()
    user_memberships = list(user.memberships.all())
    by_role = {role: [m.organisation_id for m in user_memberships if m.role == role] for role in Membership.Role}
    visible = Q(state=Report.State.PUBLISHED)
    visible |= Q(department_id__in=by_role[ACCOUNTANT])
    visible |= Q(department__parent_id__in=by_role[REVIEWER]) & ~Q(state=Report.State.DRAFT)
    visible |= Q(department__parent_id__in=by_role[ADMINISTRATOR])
    return reports.filter(visible)


def can_change_report(user, report: Report) -> bool:
    """Only a draft can change, and only by an accountant of its department."""
    return report.state == Report.State.DRAFT and is_accountant_of(user, report)


def is_reviewer_of(user, report: Report) -> bool:
    """A reviewer of the finance bureau the report's department belongs to."""
    return _holds(user, REVIEWER, report.department.parent_id)


def is_accountant_of(user, report: Report) -> bool:
    """An accountant of the report's department."""
    return _holds(user, ACCOUNTANT, report.department_id)


def sees_internal_texts(user, report: Report) -> bool:
    """The report's own people (its accountants; the bureau's reviewers and administrators; superusers) get what
    stays between accountant and reviewer in their downloads: the warning explanations, the texts not published."""
    return is_accountant_of(user, report) or can_see_audit_trail(user, report)


def can_see_audit_trail(user, report: Report) -> bool:
    """Reviewers of the bureau and administrators (of the bureau, or superusers) see a report's trail."""
    return is_reviewer_of(user, report) or _holds(user, ADMINISTRATOR, report.department.parent_id)


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


def entry_report_or_403(user, department: str, year: int) -> Report:
    """The latest revision as its department's accountant sees it on the entry pages: changed while a draft, read
    only after (`can_change_report`); 404 outside what `user` may read, 403 for anyone but its accountants."""
    report = visible_report_or_404(user, department, year)
    if not is_accountant_of(user, report):
        raise PermissionDenied("只有本部门的部门会计可以查看填报页面。")
    return report


def reviewed_report_or_403(user, department: str, year: int, revision: int | None = None) -> Report:
    """A report `user` reviews (a reviewer of its finance bureau): 404 outside what they may read, else 403."""
    report = visible_report_or_404(user, department, year, revision)
    if not is_reviewer_of(user, report):
        raise PermissionDenied("只有本级财政局审核人可以审核。")
    return report


def administers_draft(user, report: Report) -> bool:
    """A draft's edition and class count are changed, and a draft deleted, by an administrator of its finance
    bureau; a report that left draft never."""
    return report.state == Report.State.DRAFT and _holds(user, ADMINISTRATOR, report.department.parent_id)


def administered_draft_or_403(user, department: str, year: int) -> Report:
    """The latest revision, a draft `user` administers: 404 outside what they may read, else 403."""
    report = visible_report_or_404(user, department, year)
    if not administers_draft(user, report):
        raise PermissionDenied("只有本级财政局的管理员可以更改或删除草稿状态的决算；已提交、已审核或已公开的决算不能更改或删除。")
    return report


def historical_source_or_404(user, department: str, year: int) -> SourceDocument:
    """The file a historical report (历史导入) was loaded from, for its finance bureau's reviewers and administrators
    (it may hold what the public document leaves out); 404 for anyone else."""
    source = SourceDocument.objects.select_related("report__department").filter(
        report__department__code=department, report__fiscal_year=year).first()
    if source is None or not bureaus_overseen_by(user).filter(pk=source.report.department.parent_id).exists():
        raise Http404("没有找到这份历史导入的原文件")
    return source


def accountants_of(report: Report) -> QuerySet[User]:
    """The active users who enter the report (the accountants of its department)."""
    return _holding(ACCOUNTANT, report.department_id)


def reviewers_of(report: Report) -> QuerySet[User]:
    """The active users who review the report (the reviewers of its department's finance bureau)."""
    return _holding(REVIEWER, report.department.parent_id)


def _holding(role, organisation_id) -> QuerySet[User]:
    return User.objects.filter(is_active=True, pk__in=Membership.objects.filter(
        role=role, organisation_id=organisation_id).values("user_id"))


# --- the admin pages ------------------------------------------------------------------------------------------
# What the administrator role opens in /admin/, whatever created the account (the admin's user form, the account
# import, `create_account`): declared here, given by `apps.access.backends.AdministratorRoleBackend`. Organisations,
# accounts and their roles (within the administrator's bureau: `organisations_administered`, `users_administered`),
# edition choices and grade scales of its regions (`regions_administered`), deadlines; the catalogues, year
# settings, reports and jobs to read. Report data is never changed here (the accountant's pages do that; a draft's
# edition, class count and deletion are the bureau's pages; a year's catalogues its catalogue page).
ADMINISTRATOR_ADMIN_PERMISSIONS = frozenset({
    *(f"accounts.{action}_{model}" for model in ("organisation", "membership") for action in ("view", "add", "change",
                                                                                              "delete")),
    "accounts.view_user", "accounts.add_user", "accounts.change_user", "accounts.view_region",
    # the national catalogues, 标准名词解释 and year settings are read here; they are loaded through the checked
    # catalogue page (`may_change_catalogue`)
    "reports.view_fiscalyear", "reports.view_functionalsubject", "reports.view_economicsubject",
    "reports.view_standardglossaryterm",
    *(f"reports.{action}_{model}" for model in ("editionchoice", "reportingdeadline")
      for action in ("view", "add", "change", "delete")),
    "reports.view_report",
    "performance.view_gradescale", "performance.add_gradescale", "performance.change_gradescale",
    "jobs.view_job",
})


def holds_administrator_role(user) -> bool:
    """An active user with the administrator role in some finance bureau (a membership, not a flag)."""
    return bool(user.is_authenticated and user.is_active and Membership.objects.filter(
        user=user, role=ADMINISTRATOR, organisation__kind=Organisation.Kind.FINANCE_BUREAU).exists())


def may_use_admin(user) -> bool:
    """Who enters /admin/: staff (superusers, operators) and every administrator."""
    return bool(user.is_active and (user.is_staff or holds_administrator_role(user)))


def organisations_administered(user) -> QuerySet[Organisation]:
    """What an administrator manages in the admin: their finance bureaus, their departments and units (everything
    for a superuser)."""
    if user.is_superuser:
        return Organisation.objects.all()
    bureaus = organisations_where(user, ADMINISTRATOR).values("pk")
    return Organisation.objects.filter(Q(pk__in=bureaus) | Q(parent__in=bureaus) | Q(parent__parent__in=bureaus))


def users_administered(user) -> QuerySet[User]:
    """The accounts an administrator manages: everyone's for a superuser; otherwise the accounts that hold roles,
    all of them within `organisations_administered` (an account with no role belongs to no bureau), and are neither
    staff nor superuser."""
    if user.is_superuser:
        return User.objects.all()
    administered = organisations_administered(user)
    inside = Membership.objects.filter(organisation__in=administered).values("user_id")
    outside = Membership.objects.exclude(organisation__in=administered).values("user_id")
    return User.objects.filter(is_superuser=False, is_staff=False, pk__in=inside).exclude(pk__in=outside)


def regions_administered(user) -> QuerySet[Region]:
    """The regions whose settings (edition choices, grade scales) and organisations an administrator manages: their
    bureaus' regions and those below (every region for a superuser)."""
    if user.is_superuser:
        return Region.objects.all()
    own = organisations_where(user, ADMINISTRATOR).values("region_id")
    return Region.objects.filter(Q(pk__in=own) | Q(parent__in=own) | Q(parent__parent__in=own)
                                 | Q(parent__parent__parent__in=own))


def may_change_catalogue(user, year: int) -> bool:
    """A year's national catalogues (功能分类, 经济分类, 标准名词解释) are loaded by a superuser, or by an
    administrator while no other bureau's department has a report of that year (the first bureau to open a year
    loads it; once others use it, what their reports name is not one bureau's to rename)."""
    if user.is_superuser:
        return True
    if not organisations_where(user, ADMINISTRATOR).exists():
        return False
    return not Report.objects.filter(fiscal_year=year).exclude(
        department__in=organisations_administered(user)).exists()


def sees_every_job(user) -> bool:
    """A superuser sees every background job; anybody else the jobs they started."""
    return user.is_superuser


LANDINGS = ((ACCOUNTANT, "entry-home"), (REVIEWER, "review-queue"), (ADMINISTRATOR, "bureau-dashboard"))


def landing_url_name(user) -> str:
    """Where a person lands after logging in: their work (我的填报, the review queue, the bureau's year), else home."""
    roles = roles_of(user)
    return next((name for role, name in LANDINGS if role in roles and organisations_where(user, role).exists()),
                "home")
