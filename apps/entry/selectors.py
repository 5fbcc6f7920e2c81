"""Reads for the accountant's pages: the overview of a report (each table's typed figures and findings, which parts
are done, the warnings with their explanations), the report a new year continues, the 项 a search finds."""
from collections import Counter
from dataclasses import dataclass

from django.db.models import Q
from django.urls import reverse

from apps.entry.findings import FindingsPanel, findings_panel
from apps.entry.parts import narrative_parts, part_title
from apps.reports.computation import CellKind, compute_tables
from apps.reports.extensions import callables
from apps.reports.layouts import TableCode
from apps.reports.models import FunctionalSubject, NarrativeFacts, Report, ReportEvent, ReportOverview
from apps.reports.rules import Severity, check_snapshot
from apps.reports.rules.engine import CheckResult, load_extras
from apps.reports.selectors import explanations_of
from apps.reports.snapshot import load_snapshot
from apps.reports.stored_cells import display

ITEM = FunctionalSubject.Level.ITEM


def _filled(value) -> bool:
    return bool(value and str(value).strip())


@dataclass
class PartStatus:
    """One part outside the tables as the overview lists it: where it is entered, whether it is done, and if not,
    what is missing."""

    title: str
    url: str  # "" where the part has no page to show
    done: bool
    missing: str = ""


def _section_status(section, asks_reason: bool) -> tuple[bool, str]:
    if section is not None and not section.use_generated:
        return _filled(section.body), "须撰写正文（已取消使用系统生成的文字）"
    if asks_reason:
        return _filled(getattr(section, "reason", "")), "须填写原因"
    return True, ""


def parts_status(report: Report, grids) -> list[PartStatus]:
    """Every part outside the tables in the order the overview lists them, with what is missing: 概况 needs the
    duties and the organisation; a 情况说明 section the reason its generated text prints (or the text written
    instead); the 情况说明填报数 every figure the edition asks for; the 项级年初预算 at least one 项 when 公开05表 has
    some; the 名词解释 at least one term; the 附件 at least one; then the parts other apps add (the 绩效自评表)."""
    def url(part):
        return reverse("entry-section", args=[report.department.code, report.fiscal_year, part])

    template = report.template
    overview = ReportOverview.objects.filter(report=report).first()
    unfilled = [section.heading.rstrip("。") for section in template.overview  # duties, organisation: as headed
                if not _filled(getattr(overview, section.key, ""))]
    parts = [PartStatus(part_title(report, "overview"), url("overview"), not unfilled, "未填：" + "、".join(unfilled))]
    sections = {s.key: s for s in report.narrative_sections.all()}
    for part, leaf in narrative_parts(report).items():
        done, missing = _section_status(sections.get(leaf.key), template.asks_reason(leaf.key))
        parts.append(PartStatus(part_title(report, part), url(part), done, missing))
    facts = NarrativeFacts.objects.filter(report=report).first()
    blank = [name for name in template.facts if facts is None or getattr(facts, name) in (None, "")]
    parts.append(PartStatus(part_title(report, "facts"), url("facts"), not blank,
                            f"未填 {len(blank)} 项（共 {len(template.facts)} 项）"))
    items = {row.code for row in grids[TableCode.GENERAL_BUDGET].rows if row.level == 3}
    listed = set(report.item_budgets.values_list("subject__code", flat=True))
    parts.append(PartStatus(part_title(report, "budgets"), url("budgets"), bool(listed) or not items,
                            f"公开05表的 {len(items)} 个项都还没有填写年初预算数"))
    parts.append(PartStatus(part_title(report, "glossary"), url("glossary"), report.glossary.exists(),
                            "名词解释为空（本年度没有标准名词解释，也没有本部门增加的名词）"))
    parts.append(PartStatus(part_title(report, "attachments"), url("attachments"), report.attachments.exists(),
                            "没有附件"))
    for provider in callables("ENTRY_PART_PROVIDERS"):  # the 绩效自评表
        parts.extend(provider(report))
    return parts


@dataclass
class TableStatus:
    code: str
    number: str  # 公开0N表 in the report's order
    title: str
    entered: int  # typed cells holding a figure
    counts: dict[str, int]  # the findings counted on the table (the first table they point at), by severity
    note: str  # the 说明 under the table


@dataclass
class Overview:
    result: CheckResult
    tables: list[TableStatus]
    parts: list[PartStatus]  # `parts_status`
    warnings: list[tuple]  # each warning with its explanation or None (`explanations_of`)
    panel: FindingsPanel  # every finding once, with links to its places
    other_counts: dict[str, int]  # the findings counted on no table (the texts, the sheets), by severity
    returned: ReportEvent | None  # the reviewer's last 退回, with its comment


def report_overview(report: Report) -> Overview:
    """Everything the overview shows of a draft, from one snapshot and one run of the rules."""
    snapshot = load_snapshot(report)
    grids = compute_tables(snapshot)
    result = check_snapshot(snapshot, load_extras(report), grids)
    counted = Counter((f.cells[0].table if f.cells else "", f.severity) for f in result.findings)  # each once
    tables = []
    for code, number in report.table_navigation():
        entered = sum(1 for row in grids[code].rows for cell in row.cells.values()
                      if cell.kind == CellKind.ENTERED and cell.value is not None)
        tables.append(TableStatus(code, report.template.printed_number(code), report.table_title(code), entered,
                                  {s: counted[code, s] for s in Severity.values}, snapshot.table_notes.get(code, "")))
    on_tables = {t.code for t in tables}
    return Overview(
        result=result, tables=tables, parts=parts_status(report, grids), warnings=explanations_of(report, result.warnings),
        panel=findings_panel(report, result, grids),
        other_counts={s: sum(n for (table, severity), n in counted.items() if severity == s and table not in on_tables)
                      for s in Severity.values},
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


@dataclass
class ItemBudgetGrid:
    """The 项级年初预算 grid: the 项 of 公开05表 that have no row yet (offered pre-filled, saved once a figure or a
    reason is typed) and the 决算数 of every 项 of 公开05表 as the report shows it, by subject id."""

    unlisted: list[FunctionalSubject]
    actual: dict[int, str]


def item_budget_grid(report: Report, grids=None) -> ItemBudgetGrid:
    grid = (grids or compute_tables(load_snapshot(report)))[TableCode.GENERAL_BUDGET]
    items = {row.code: row.cells["total"].value for row in grid.rows if row.level == 3}
    subjects = list(FunctionalSubject.objects.filter(fiscal_year=report.fiscal_year, level=ITEM, code__in=items)
                    .order_by("code"))
    listed = set(report.item_budgets.values_list("subject_id", flat=True))
    return ItemBudgetGrid(unlisted=[s for s in subjects if s.pk not in listed],
                          actual={s.pk: display(items[s.code], report.unit) for s in subjects})


def report_findings(report: Report, page: str = "", snapshot=None, grids=None) -> FindingsPanel:
    """The findings panel of an entry page (`page` as `FindingsPanel.page`), checked from the saved data (the
    report's snapshot and computed tables when the page has them already)."""
    snapshot = snapshot or load_snapshot(report)
    grids = grids or compute_tables(snapshot)
    return findings_panel(report, check_snapshot(snapshot, load_extras(report), grids), grids, page)
