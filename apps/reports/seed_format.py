"""Read the structured transcription of a published report (the format of `data/demo/qinyang-2021.yaml`):
every printed figure of the nine tables, addressed by the cells of `layouts.py`.

Used to load the demo report and to check, cell by cell, that the product prints what the document printed.
"""
from decimal import Decimal

from apps.reports.layouts import SummaryLayout, TableCode
from apps.reports.money import parse_decimal

Cell = tuple[str, str, str]  # (table, row key, column key)

INCOME_COLUMNS = {"本年收入合计": "total", "财政拨款收入": "fiscal", "上级补助收入": "superior", "事业收入": "business",
                  "经营收入": "operating", "附属单位上缴收入": "affiliated", "其他收入": "other"}
EXPENDITURE_COLUMNS = {"本年支出合计": "total", "基本支出": "basic", "项目支出": "project", "上缴上级支出": "to_superior",
                       "经营支出": "operating", "对附属单位补助支出": "subsidy"}
GENERAL_BUDGET_COLUMNS = {"小计": "total", "基本支出": "basic", "项目支出": "project"}
FUND_COLUMNS = {"年初结转和结余": "opening", "本年收入": "income", "本年支出_小计": "expenditure",
                "本年支出_基本支出": "basic", "本年支出_项目支出": "project", "年末结转和结余": "closing"}
FISCAL_EXPENSE_COLUMNS = {"合计": "total", "一般公共预算财政拨款": "general_budget",
                          "政府性基金预算财政拨款": "government_fund", "国有资本经营预算财政拨款": "state_capital"}


def _functional(table: str, rows: list[dict], total: dict, columns: dict) -> dict[Cell, Decimal | None]:
    cells = {}
    for row in rows:
        for label, key in columns.items():
            cells[(table, str(row["code"]), key)] = parse_decimal(row[label])
    for label, key in columns.items():
        cells[(table, "total", key)] = parse_decimal(total[label])
    return cells


def _summary(table: str, layout: SummaryLayout, printed_rows: dict, expense_columns: dict | None):
    cells = {}
    for side in layout.sides:
        by_line = {row.line_no: row for row in side.rows}
        for printed in printed_rows["income" if side.key == "income" else "expenditure"]:
            row = by_line[printed["行次"]]
            if side.key == "income" or expense_columns is None:
                cells[(table, row.key, "amount")] = parse_decimal(printed["金额"])
            else:
                for label, key in expense_columns.items():
                    cells[(table, row.key, key)] = parse_decimal(printed[label])
    return cells


def printed_cells(seed: dict, layouts: dict) -> dict[Cell, Decimal | None]:
    """Every figure the document prints in its nine tables (in the document's unit), blank as None."""
    cells: dict[Cell, Decimal | None] = {}
    cells |= _summary(TableCode.SUMMARY, layouts[TableCode.SUMMARY], seed["t01"]["printed_rows"], None)
    cells |= _functional(TableCode.INCOME, seed["t02"]["rows"], seed["t02"]["total"], INCOME_COLUMNS)
    cells |= _functional(TableCode.EXPENDITURE, seed["t03"]["rows"], seed["t03"]["total"], EXPENDITURE_COLUMNS)
    cells |= _summary(TableCode.FISCAL_SUMMARY, layouts[TableCode.FISCAL_SUMMARY], seed["t04"]["printed_rows"],
                      FISCAL_EXPENSE_COLUMNS)
    cells |= _functional(TableCode.GENERAL_BUDGET, seed["t05"]["rows"], seed["t05"]["total"], GENERAL_BUDGET_COLUMNS)
    for row in seed["t06"]["rows"]:
        cells[(TableCode.BASIC, str(row["code"]), "amount")] = parse_decimal(row["amount"])
    cells[(TableCode.BASIC, "personnel_total", "amount")] = parse_decimal(seed["t06"]["人员经费合计"])
    cells[(TableCode.BASIC, "public_total", "amount")] = parse_decimal(seed["t06"]["公用经费合计"])
    three_public = {c.number: c.key for c in layouts[TableCode.THREE_PUBLIC].columns}
    for column in seed["t07"]["columns"]:
        cells[(TableCode.THREE_PUBLIC, "row", three_public[column["栏次"]])] = parse_decimal(column["value"])
    for key, table in (("t08", TableCode.GOVERNMENT_FUND), ("t09", TableCode.STATE_CAPITAL)):
        cells |= _functional(table, seed[key]["rows"], seed[key]["total"], FUND_COLUMNS)
    return cells
