"""The main figures of a report (收支总计, 本年收入合计, 基本支出 …): which printed cell each copies, read from the
computed tables in one place. Publication stores them (`PublishedFigures`) for the portal's lists and charts; the
comparison of two reports reads them from the tables it computes."""
from apps.reports.computation import compute_tables
from apps.reports.layouts import TableCode as T
from apps.reports.models import NarrativeFacts, PublishedFigures, Report
from apps.reports.snapshot import load_snapshot

# field → the printed cell it copies (table, row, column)
CELLS = {
    "total": (T.SUMMARY, "income.total", "amount"),
    "income": (T.SUMMARY, "income.subtotal", "amount"),
    "expenditure": (T.SUMMARY, "expense.subtotal", "amount"),
    "basic": (T.EXPENDITURE, "total", "basic"),
    "project": (T.EXPENDITURE, "total", "project"),
    "fiscal_income": (T.FISCAL_SUMMARY, "income.subtotal", "amount"),
    "three_public": (T.THREE_PUBLIC, "row", "actual_total"),
    "three_public_budget": (T.THREE_PUBLIC, "row", "budget_total"),
}
LABELS = {name: PublishedFigures._meta.get_field(name).verbose_name for name in [*CELLS, "operating_cost"]}


def figures_of(report: Report, grids=None) -> dict:
    """The main figures (元) of a report as printed; 机关运行经费 from the facts of its 情况说明."""
    grids = grids or compute_tables(load_snapshot(report))
    figures = {name: grids[table].value(row, column) for name, (table, row, column) in CELLS.items()}
    facts = NarrativeFacts.objects.filter(report=report).first()
    figures["operating_cost"] = facts.operating_cost if facts else None
    return figures
