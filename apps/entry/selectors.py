"""Reads for the accountant's pages: the overview of a report (each table's typed figures and findings, which parts
are done, the warnings with their explanations), the report a new year continues, the 项 a search finds."""
from dataclasses import dataclass

from django.db.models import Q

from apps.entry.parts import narrative_parts
from apps.reports.computation import CellKind, compute_tables
from apps.reports.layouts import TableCode
from apps.reports.models import FunctionalSubject, NarrativeFacts, Report, ReportEvent, ReportOverview
from apps.reports.rules import Severity, check_snapshot
from apps.reports.rules.engine import CheckResult, load_extras
from apps.reports.selectors import explanations_of
from apps.reports.snapshot import load_snapshot

ITEM = FunctionalSubject.Level.ITEM


def _filled(value) -> bool:
    return bool(value and str(value).strip())


def parts_done(report: Report) -> dict[str, bool]:
    """Whether each part outside the tables is filled in, in the order the overview lists them: 概况 needs the
    duties and the organisation, a 情况说明 section its text, the other data, the 项 budgets and the 附件 at least a
    record; the department's own glossary terms are optional."""
    sections = {s.key: s for s in report.narrative_sections.all()}
    overview = ReportOverview.objects.filter(report=report).first()
    done = {"overview": bool(overview and _filled(overview.duties) and _filled(overview.organisation))}
    done |= {part: _filled(getattr(sections.get(leaf.key), "body", "")) for part, leaf in narrative_parts(report).items()}
    done |= {"facts": NarrativeFacts.objects.filter(report=report).exists(), "budgets": report.item_budgets.exists(),
             "glossary": True, "attachments": report.attachments.exists()}
    return done


@dataclass
class TableStatus:
    code: str
    number: str  # 公开0N表 in the report's order
    title: str
    entered: int  # typed cells holding a figure
    counts: dict[str, int]  # the findings on the table, by severity
    note: str  # the 说明 under the table


@dataclass
class Overview:
    result: CheckResult
    tables: list[TableStatus]
    parts: dict[str, bool]  # `parts_done`
    warnings: list[tuple]  # each warning with its explanation or None (`explanations_of`)
    other_findings: list  # the findings on no table (the sheets, the texts)
    returned: ReportEvent | None  # the reviewer's last 退回, with its comment


def report_overview(report: Report) -> Overview:
    """Everything the overview shows of a draft, from one snapshot and one run of the rules."""
    snapshot = load_snapshot(report)
    grids = compute_tables(snapshot)
    result = check_snapshot(snapshot, load_extras(report), grids)
    tables = []
    for code, number in report.table_navigation():
        entered = sum(1 for row in grids[code].rows for cell in row.cells.values()
                      if cell.kind == CellKind.ENTERED and cell.value is not None)
        counts = {s: sum(1 for f in result.findings if f.severity == s and any(c.table == code for c in f.cells))
                  for s in Severity.values}
        tables.append(TableStatus(code, report.template.printed_number(code), report.table_title(code), entered, counts,
                                  snapshot.table_notes.get(code, "")))
    return Overview(
        result=result, tables=tables, parts=parts_done(report), warnings=explanations_of(report, result.warnings),
        other_findings=[f for f in result.findings if not any(c.table in TableCode.values for c in f.cells)],
        returned=report.events.filter(action=ReportEvent.Action.RETURN).order_by("-created_at").first())


def current_warnings(report: Report) -> list[tuple]:
    """The report's warnings now, each with its explanation or None."""
    return explanations_of(report, check_snapshot(load_snapshot(report), load_extras(report)).warnings)


def previous_year_report(department, fiscal_year: int) -> Report | None:
    """The report a new year continues: the latest revision of the department's year before."""
    return Report.objects.filter(department=department, fiscal_year=fiscal_year - 1).order_by("-revision").first()


def is_item(fiscal_year: int, code: str) -> bool:
    """Whether a code is a 项 of the year's 功能分类 catalogue (what a functional table's rows are)."""
    return FunctionalSubject.objects.filter(fiscal_year=fiscal_year, code=code, level=ITEM).exists()


def items_matching(fiscal_year: int, query: str, limit: int = 20) -> list[dict]:
    """项 of the year whose code starts with, or whose name contains, `query`, each with its 类 and 款."""
    items = list(FunctionalSubject.objects.filter(fiscal_year=fiscal_year, level=ITEM)
                 .filter(Q(code__startswith=query) | Q(name__contains=query)).order_by("code")[:limit])
    parents = {s.code: s.name for s in FunctionalSubject.objects.filter(
        fiscal_year=fiscal_year, code__in={i.code[:3] for i in items} | {i.code[:5] for i in items})}
    return [{"code": i.code, "name": i.name,
             "path": f"{parents.get(i.code[:3], '')}（类）{parents.get(i.code[:5], '')}（款）{i.name}（项）"}
            for i in items]


def section_findings(report: Report, key: str) -> list:
    """The findings on one 情况说明 section (its hand text, its generated text's missing facts), most serious first."""
    result = check_snapshot(load_snapshot(report), load_extras(report))
    return [f for f in result.findings if any(c.table == "narrative" and c.row == key for c in f.cells)]
