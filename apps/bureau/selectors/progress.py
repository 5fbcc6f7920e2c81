"""A finance bureau's year at a glance: where each department's report stands, how long approved reports wait to
be published, what the rules find, and which rules fire most."""
from collections import Counter
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.utils import timezone

from apps.accounts.models import Organisation
from apps.bureau.services.check_summaries import check_summaries
from apps.reports.editions import edition
from apps.reports.models import FiscalYear, Report, ReportingDeadline
from apps.reports.rules import all_rules
from apps.reports.selectors import edition_for, is_late, latest_revisions
from apps.reports.services.catalogues import year_catalogues

STATE_WORDS = {"none": "未开始", Report.State.DRAFT: "填报中", Report.State.SUBMITTED: "已提交",
               Report.State.APPROVED: "已审核", Report.State.PUBLISHED: "已公开"}
LISTINGS = {"all": "全部部门", **STATE_WORDS, "late": "已逾期"}  # which departments the dashboard lists
ROWS_PER_PAGE = 100


@dataclass
class Progress:
    departments: int
    page: Page  # of the listed rows: department, report, summary, waiting (days since approval), late
    deadline: ReportingDeadline | None
    states: list[tuple[str, int]]  # ("填报中", 3), in workflow order
    rules: list[tuple[str, str, int]]  # code, title, how many reports it fires on (most first)
    most_warnings: list[dict]  # rows with the most warnings still to be dealt with


def report_years(bureau: Organisation) -> list[int]:
    """The fiscal years the bureau's departments have reports of, newest first."""
    return list(Report.objects.filter(department__parent=bureau).order_by("-fiscal_year")
                .values_list("fiscal_year", flat=True).distinct())


def _listed(row: dict, listing: str) -> bool:
    if listing == "late":
        return row["late"]
    return listing == "all" or (row["report"].state if row["report"] else "none") == listing


def year_under_review(bureau: Organisation) -> int | None:
    """The newest fiscal year with a report waiting for the bureau (submitted, or approved and not yet published)."""
    return (Report.objects.filter(department__parent=bureau, state__in=[Report.State.SUBMITTED, Report.State.APPROVED])
            .order_by("-fiscal_year").values_list("fiscal_year", flat=True).first())


def bureau_progress(bureau: Organisation, year: int, listing: str = "all", page: int = 1) -> Progress:
    """Every department's progress, counted over all of them and listed a page at a time (`listing`: one of
    LISTINGS)."""
    departments = Organisation.objects.filter(parent=bureau, kind=Organisation.Kind.DEPARTMENT).order_by("code")
    reports = latest_revisions(Report.objects.filter(department__parent=bureau, fiscal_year=year))
    summaries = check_summaries(reports)
    by_department = {r.department_id: r for r in reports}
    deadline = ReportingDeadline.objects.filter(finance_bureau=bureau, fiscal_year=year).first()
    today = timezone.localdate()
    rows = []
    for department in departments:
        report = by_department.get(department.pk)
        rows.append({
            "department": department, "report": report, "summary": summaries.get(report.pk) if report else None,
            "waiting": ((today - timezone.localdate(report.approved_at)).days
                        if report and report.state == Report.State.APPROVED and report.approved_at else None),
            "late": is_late(deadline, report, today),
        })
    counts = Counter(row["report"].state if row["report"] else "none" for row in rows)
    titles = {rule.code: rule.title for rule in all_rules()}
    fired = Counter(code for summary in summaries.values() for code in summary.codes)
    return Progress(
        departments=len(rows), page=Paginator([r for r in rows if _listed(r, listing)], ROWS_PER_PAGE).get_page(page),
        deadline=deadline,
        states=[(word, counts[state]) for state, word in STATE_WORDS.items() if counts[state]],
        rules=[(code, titles.get(code, ""), n) for code, n in fired.most_common(10)],
        most_warnings=sorted((r for r in rows if r["summary"] and r["summary"].unresolved),
                             key=lambda r: -r["summary"].unresolved)[:10],
    )


def catalogue_years(bureaus=()) -> list:
    """Every fiscal year from the first set up to the one after the last: what each has loaded, whether it is open,
    its settings and the due dates of `bureaus`."""
    known = FiscalYear.objects.values_list("year", flat=True)
    first, last = (min(known), max(known)) if known else (timezone.now().year - 1,) * 2
    years = year_catalogues(list(range(first - 1, last + 2)))
    deadlines = ReportingDeadline.objects.filter(finance_bureau__in=bureaus).select_related("finance_bureau")
    for previous, year in zip(years, years[1:]):
        year.previous_open = previous.is_open
        year.deadlines = [d for d in deadlines if d.fiscal_year == year.year]
        year.editions = [(bureau, edition(edition_for(bureau, year.year))) for bureau in bureaus] if year.is_open else []
    return years[1:]
