"""How a cell is named to people: table number, row (行次 or code, and label), column (栏次 and header)."""
from apps.reports.computation import Grid
from apps.reports.layouts import SummaryLayout, table_number


def column_of(grid: Grid, row_key: str, column_key: str):
    layout = grid.layout
    if isinstance(layout, SummaryLayout):
        columns = layout.side_of(row_key).columns
    else:
        columns = layout.columns
    return next(c for c in columns if c.key == column_key)


def describe_cell(grid: Grid, row_key: str, column_key: str, table_order: str, with_table: bool = True) -> str:
    """E.g. 公开01表 第31行“总 计” 第1栏“金额”, or 公开03表 2010306 政务公开审批 第2栏“基本支出”."""
    row = grid.row(row_key)
    where = [table_number(grid.code, table_order)] if with_table else []
    if row is None:  # a row the other table has and this one lacks
        column = next((c for c in getattr(grid.layout, "columns", ()) if c.key == column_key), None)
        header = column.header if column else column_key
        return " ".join(where + [f"{row_key}（本表无此行）", f"“{header}”栏"])
    column = column_of(grid, row_key, column_key)
    if row.line_no:
        where.append(f"第{row.line_no}行“{row.label}”")
    elif row.code:
        where.append(f"{row.code} {row.label}")
    elif row.label:
        where.append(f"“{row.label}”行")
    header = "".join(f"{g}·" for g in column.groups) + column.header
    where.append(f"第{column.number}栏“{header}”" if column.number else f"“{header}”栏")
    return " ".join(where)
