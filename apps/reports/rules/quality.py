"""Data-quality rules: codes against the fiscal year's catalogue, and signs of amounts."""
from apps.reports.computation import CellKind, CellRef
from apps.reports.layouts import FUNCTIONAL_TABLES, TableCode, may_be_negative

from .engine import Context, Rule, Severity


def _row_cells(ctx: Context, table: str, row_key: str) -> list[CellRef]:
    return [CellRef(table, row_key, column) for column in ctx.grids[table].row(row_key).cells]


def check_catalogue(rule: Rule, ctx: Context):
    year = ctx.report.fiscal_year
    for table in FUNCTIONAL_TABLES:
        number = ctx.report.table_number(table)
        for leaf in ctx.snapshot.functional_rows[table]:
            subject = ctx.snapshot.subjects.get(leaf.code)
            if leaf.catalogue_year not in (None, year) or subject is None:
                yield rule.finding(
                    f"{number} {leaf.code} {leaf.name}：功能分类科目不在 {year} 年度的科目目录中，请按本年度目录重新选择科目。",
                    _row_cells(ctx, table, leaf.code))
            elif leaf.name and subject.name != leaf.name:
                yield rule.finding(
                    f"{number} {leaf.code}：科目名称“{leaf.name}”与 {year} 年度目录中的“{subject.name}”不一致。",
                    _row_cells(ctx, table, leaf.code))
    for code, catalogue_year in ctx.snapshot.basic_catalogue_years.items():
        if catalogue_year != year:
            yield rule.finding(
                f"{ctx.report.table_number(TableCode.BASIC)} {code}：经济分类科目不在 {year} 年度的科目目录中。",
                [CellRef(TableCode.BASIC, code, "amount")])


def check_item_level(rule: Rule, ctx: Context):
    for table in FUNCTIONAL_TABLES:
        number = ctx.report.table_number(table)
        for leaf in ctx.snapshot.functional_rows[table]:
            code = leaf.code
            if len(code) != 7:
                yield rule.finding(
                    f"{number} {code}：只能在“项”级科目（7 位编码）填报金额，类、款两级由系统汇总。",
                    _row_cells(ctx, table, code) if ctx.grids[table].row(code) else [])
            elif code[:5] not in ctx.snapshot.subjects or code[:3] not in ctx.snapshot.subjects:
                yield rule.finding(
                    f"{number} {code}：所属的款 {code[:5]} 或类 {code[:3]} 不在本年度目录中，项级科目须归属于目录中的款。",
                    _row_cells(ctx, table, code))


def check_negative(rule: Rule, ctx: Context):
    """Entered figures are not negative, but for the carry-overs and balances the layout declares `signed`."""
    for table, grid in ctx.grids.items():
        for row in grid.rows:
            for column, cell in row.cells.items():
                if cell.kind != CellKind.ENTERED or cell.exact is None or cell.exact >= 0:
                    continue
                if may_be_negative(grid.layout, row.key, column):
                    continue
                ref = CellRef(table, row.key, column)
                yield rule.finding(f"{ctx.describe(ref)}为 {ctx.money(cell.exact)}，此栏不允许填报负数。", [ref])


def check_printed_classes(rule: Rule, ctx: Context):
    printed = {row.code for row in ctx.grids[TableCode.SUMMARY].rows if row.key.startswith("class.")}
    for table in FUNCTIONAL_TABLES:
        for row in ctx.grids[table].rows:
            if row.level == 1 and row.code not in printed:
                yield rule.finding(
                    f"{ctx.report.table_number(table)} {row.code} {row.label}：本报表的公开01表、04表不列示该类"
                    f"（{ctx.report.get_summary_classes_display()}），请核对科目或报表格式。",
                    _row_cells(ctx, table, row.key))


RULES = [
    Rule("DQ-01", "功能分类、经济分类科目的编码和名称与本年度科目目录一致", Severity.ERROR, check_catalogue, "数据质量"),
    Rule("DQ-02", "只在项级科目填报，且项归属于目录中的款和类", Severity.ERROR, check_item_level, "数据质量"),
    Rule("DQ-03", "收入、支出金额不为负数（结转结余除外）", Severity.ERROR, check_negative, "数据质量"),
    Rule("DQ-04", "各表支出的类均在公开01表、04表的列示范围内", Severity.ERROR, check_printed_classes, "数据质量"),
]
