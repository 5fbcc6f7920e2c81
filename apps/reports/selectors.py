"""Reads of reports: by the address people use (<department-code>/<year>), the latest revisions, the explanation of
each warning, lateness."""
import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet

from apps.accounts.models import Organisation
from apps.reports.editions import DEFAULT_EDITION
from apps.reports.errors import Refused
from apps.reports.models import EditionChoice, FiscalYear, Report, ReportingDeadline, WarningExplanation


class ReportNotFound(Refused, LookupError):
    """No report at that address (or not among those the caller may see)."""

    code = "report_not_found"


def parse_address(address: str) -> tuple[str, int]:
    try:
        department, year = address.rsplit("/", 1)
        return department, int(year)
    except ValueError:
        raise ReportNotFound(f"“{address}”不是 部门代码/年度 的形式，例如 410882-zwfw/2021") from None


def report_at(department: str, year: int, revision: int | None = None, reports: QuerySet | None = None) -> Report:
    """The given revision, or the latest one, among `reports` (all reports unless a visible set is given)."""
    reports = (reports if reports is not None else Report.objects.all()).filter(
        department__code=department, fiscal_year=year).select_related("department")
    if revision is not None:
        reports = reports.filter(revision=revision)
    report = reports.order_by("-revision").first()
    if report is None:
        raise ReportNotFound(f"没有找到部门决算 {department}/{year}" + (f" 第{revision}版" if revision else ""))
    return report


def latest_revisions(reports: QuerySet) -> QuerySet:
    """Of each department's year, the latest revision among `reports`."""
    newer = reports.filter(department=OuterRef("department"), fiscal_year=OuterRef("fiscal_year"),
                           revision__gt=OuterRef("revision"))
    return reports.filter(~Exists(newer))


def explanations_of(report: Report, findings) -> list[tuple]:
    """Each finding with the accountant's explanation of it, or None: the explanation of the same rule on the same
    cells (`WarningExplanation.signature_of`). The one pairing the entry overview, the review page and the checks of
    submission and approval use."""
    explanations = {(e.code, e.signature): e for e in report.warning_explanations.all()}
    return [(f, explanations.get((f.code, WarningExplanation.signature_of(f)))) for f in findings]


# --- lateness -------------------------------------------------------------------------------------------------


def is_late(deadline: ReportingDeadline | None, latest: Report | None, today: datetime.date) -> bool:
    """Whether a department is late with a year's report: the one rule the reviewer's queue and the bureau's dashboard
    both show.

    Late = its finance bureau set a deadline for the year, the deadline has passed, and the department's latest
    revision of the year is not submitted: there is none yet, or it is a draft — a first draft, a draft returned by
    the reviewer, or a correction of a published revision begun after the deadline (what is due is the revision
    the department is working on; until it is submitted again, the year is not reported)."""
    return bool(deadline and today > deadline.due_date and (latest is None or latest.state == Report.State.DRAFT))


@dataclass(frozen=True)
class Overdue:
    department: Organisation
    year: int
    due: datetime.date
    days: int  # since the deadline


def overdue_departments(bureaus, today: datetime.date) -> list[Overdue]:
    """Every department under `bureaus` that `is_late` with a year whose deadline has passed, by year and code."""
    found = []
    deadlines = ReportingDeadline.objects.filter(finance_bureau__in=bureaus, due_date__lt=today).select_related(
        "finance_bureau").order_by("fiscal_year", "finance_bureau__code")
    for deadline in deadlines:
        latest = {r.department_id: r for r in latest_revisions(Report.objects.filter(
            department__parent=deadline.finance_bureau, fiscal_year=deadline.fiscal_year))}
        for department in Organisation.objects.filter(parent=deadline.finance_bureau,
                                                      kind=Organisation.Kind.DEPARTMENT).order_by("code"):
            if is_late(deadline, latest.get(department.pk), today):
                found.append(Overdue(department, deadline.fiscal_year, deadline.due_date,
                                     (today - deadline.due_date).days))
    return found


def edition_for(department: Organisation, fiscal_year: int) -> str:
    """The edition a new report of this department and year takes: the one chosen for the department's region or
    the nearest region above it for that year; else the fiscal year's setting; else the default."""
    choices = dict(EditionChoice.objects.filter(fiscal_year=fiscal_year).values_list("region_id", "edition"))
    region = department.region
    while region is not None:
        if region.pk in choices:
            return choices[region.pk]
        region = region.parent
    year = FiscalYear.objects.filter(year=fiscal_year).first()
    return year.edition if year else DEFAULT_EDITION
