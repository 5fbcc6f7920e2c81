"""How a cell is named to people: table number, row (行次 or code, and label), column (栏次 and header); a place in a
report (a table, a row, a cell) named the same way."""
from apps.reports.computation import Grid, compute_tables
from apps.reports.editions import Edition
from apps.reports.layouts import SummaryLayout, TableCode
from apps.reports.snapshot import load_snapshot


def column_of(grid: Grid, row_key: str, column_key: str):
    layout = grid.layout
    if isinstance(layout, SummaryLayout):
        columns = layout.side_of(row_key).columns
    else:
        columns = layout.columns
    return next(c for c in columns if c.key == column_key)


def describe_cell(grid: Grid, row_key: str, column_key: str, edition: Edition, with_table: bool = True) -> str:
    """E.g. 公开01表 第31行“总 计” 第1栏“金额”, or 公开03表 2010306 政务公开审批 第2栏“基本支出”."""
    row = grid.row(row_key)
    where = [edition.number(grid.code)] if with_table else []
    if row is None:  # a row the other table has and this one lacks
        column = next((c for c in getattr(grid.layout, "columns", ()) if c.key == column_key), None)
        header = column.header if column else column_key
        return " ".join(where + [f"{row_key}（本表无此行）", f"“{header}”栏"])
    column = column_of(grid, row_key, column_key)
    if row.line_no:
        where.append(f"第{row.line_no}行“{row.label}”")
    elif isinstance(grid.layout, SummaryLayout):  # no 行次: the side, and the heading row of an indented row
        side = grid.layout.side_of(row_key).heading
        where.append(f"{side}方“{_within(grid, row)}{row.label}”行")
    elif row.code:
        where.append(f"{row.code} {row.label}")
    elif row.label:
        where.append(f"“{row.label}”行")
    header = "".join(f"{g}·" for g in column.groups) + column.header
    where.append(f"第{column.number}栏“{header}”" if column.number else f"“{header}”栏")
    return " ".join(where)


def _within(grid: Grid, row) -> str:
    """“年初财政拨款结转和结余—” for a row indented under it (the same label may stand under several headings)."""
    if not row.level:
        return ""
    rows = [r for r in grid.rows if r.side == row.side]
    heading = next((r for r in reversed(rows[:rows.index(row)]) if r.level < row.level and r.label), None)
    return f"{heading.label}—" if heading else ""


def place_of(report, table: str, row: str = "", column: str = "") -> str | None:
    """How a place in a report is named — a table, one of its rows or a cell, as the rule messages name them (a
    reviewer's comment keeps it) —; None when the report's table has no such row or cell."""
    if table not in TableCode.values:
        return None
    grid = compute_tables(load_snapshot(report))[table]
    if row and column:
        return describe_cell(grid, row, column, report.template) if grid.cell(row, column) else None
    if row:
        found = grid.row(row)
        return f"{report.table_number(table)} {found.label}" if found else None
    return report.table_number(table)
