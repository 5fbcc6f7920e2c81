"""Two revisions or two years of a report compared cell by cell, as printed."""
from apps.reports.computation import compute_tables
from apps.reports.money import format_amount, to_unit
from apps.reports.snapshot import load_snapshot


def printed_cells(report, grids=None) -> dict:
    """Every printed figure of the nine tables by (table, row, column)."""
    grids = grids or compute_tables(load_snapshot(report))
    return {(code, row.key, column): format_amount(to_unit(cell.value, report.unit))
            for code, grid in grids.items() for row in grid.rows for column, cell in row.cells.items()}


def changed_cells(report, other) -> dict:
    """Cells whose printed figure differs from `other` (table, row, column) → other's figure."""
    if other is None:
        return {}
    mine, theirs = printed_cells(report), printed_cells(other)
    return {key: theirs.get(key, "") for key in mine.keys() | theirs.keys() if mine.get(key, "") != theirs.get(key, "")}
