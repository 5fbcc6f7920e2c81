"""The main figures of a report, read from its computed tables in one place, and every printed figure: stored at
publication (`PublishedFigures`, `PublishedLine`) for the portal's lists, charts, consolidations and bulk CSV."""
from apps.reports.cells import column_of
from apps.reports.computation import compute_tables
from apps.reports.layouts import TableCode as T
from apps.reports.models import NarrativeFacts, PublishedFigures, PublishedLine, Report
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


def lines_of(report: Report, grids) -> list[PublishedLine]:
    """Every printed, non-blank figure of the nine tables as `PublishedLine` rows (not saved)."""
    lines = []
    for code, grid in grids.items():
        for row in grid.rows:
            for column, cell in row.cells.items():
                if cell.value is not None:
                    lines.append(PublishedLine(report=report, table=code, row_key=row.key, code=row.code or "",
                                               label=row.label[:200], column_key=column,
                                               column_label=column_of(grid, row.key, column).header[:100],
                                               value=cell.value))
    return lines


def figures_store(report: Report) -> PublishedFigures:
    """What publication keeps for the portal: the main figures and every printed figure (one computation)."""
    grids = compute_tables(load_snapshot(report))
    figures, _ = PublishedFigures.objects.update_or_create(report=report, defaults=figures_of(report, grids))
    PublishedLine.objects.filter(report=report).delete()
    PublishedLine.objects.bulk_create(lines_of(report, grids), batch_size=1000)
    return figures
