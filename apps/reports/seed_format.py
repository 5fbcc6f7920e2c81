"""Read the structured transcription of a published report (the format of `data/demo/qinyang-2021.yaml`):
every printed figure of the nine tables, addressed by the cells of `layouts.py` and its columns named by their
headers as declared there.

Used to load the demo report and to check, cell by cell, that the product prints what the document printed.
"""
from decimal import Decimal

from apps.reports.layouts import Column, FunctionalLayout, SummaryLayout, TableCode
from apps.reports.money import parse_decimal

Cell = tuple[str, str, str]  # (table, row key, column key)


def _name(printed: dict, column: Column) -> str:
    """How the transcription names a column: by its header (基本支出), or by its spanning headers and its header
    joined with “_” (本年支出_小计) where it printed them."""
    for name in ("_".join((*column.groups, column.header)), column.header):
        if name in printed:
            return name
    raise KeyError(f"{column.header}（{column.key}）")


def _functional(table: str, rows: list[dict], total: dict, layout: FunctionalLayout) -> dict[Cell, Decimal | None]:
    cells = {}
    for code, printed in [*((str(row["code"]), row) for row in rows), ("total", total)]:
        for column in layout.columns:
            cells[(table, code, column.key)] = parse_decimal(printed[_name(printed, column)])
    return cells


def _summary(table: str, layout: SummaryLayout, printed_rows: dict):
    cells = {}
    for side in layout.sides:
        by_line = {row.line_no: row for row in side.rows}
        for printed in printed_rows["income" if side.key == "income" else "expenditure"]:
            row = by_line[printed["行次"]]
            for column in side.columns:
                cells[(table, row.key, column.key)] = parse_decimal(printed[_name(printed, column)])
    return cells


def printed_cells(seed: dict, layouts: dict) -> dict[Cell, Decimal | None]:
    """Every figure the document prints in its nine tables (in the document's unit), blank as None."""
    cells: dict[Cell, Decimal | None] = {}
    for key, table in (("t01", TableCode.SUMMARY), ("t04", TableCode.FISCAL_SUMMARY)):
        cells |= _summary(table, layouts[table], seed[key]["printed_rows"])
    for key, table in (("t02", TableCode.INCOME), ("t03", TableCode.EXPENDITURE), ("t05", TableCode.GENERAL_BUDGET),
                       ("t08", TableCode.GOVERNMENT_FUND), ("t09", TableCode.STATE_CAPITAL)):
        cells |= _functional(table, seed[key]["rows"], seed[key]["total"], layouts[table])
    for row in seed["t06"]["rows"]:
        cells[(TableCode.BASIC, str(row["code"]), "amount")] = parse_decimal(row["amount"])
    cells[(TableCode.BASIC, "personnel_total", "amount")] = parse_decimal(seed["t06"]["人员经费合计"])
    cells[(TableCode.BASIC, "public_total", "amount")] = parse_decimal(seed["t06"]["公用经费合计"])
    three_public = {c.number: c.key for c in layouts[TableCode.THREE_PUBLIC].columns}
    for column in seed["t07"]["columns"]:
        cells[(TableCode.THREE_PUBLIC, "row", three_public[column["栏次"]])] = parse_decimal(column["value"])
    return cells
