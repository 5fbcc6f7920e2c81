"""Reads of reports by the address people use: <department-code>/<year>."""
from django.db.models import Exists, OuterRef, QuerySet

from apps.reports.errors import Refused
from apps.reports.models import Report


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
