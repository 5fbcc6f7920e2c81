"""审核公式 of the nine tables: printed totals against their parts, and the relations across tables.

Two kinds of rules live here:

- *printed totals* (`pinned_total_rule`): every subtotal and total is computed from the figures one level down,
  so it can disagree with its parts only where it holds a printed figure (an imported published document, or an
  approved figure fixed by hand). Each printed total is judged against its parts as printed: within the rounding
  tolerance of the rounded figures involved it is 尾数误差 (information), beyond it an error. Each rule owns one
  family of totals.
- *printed copies* (`printed_copy_rule`): 公开01表 四至八 and its 类 rows are taken from 公开02表/03表, 公开04表's
  fund columns from 公开05/08/09表 (审核公式 11, 12, 21, 25, 35); where a document prints its own figure there,
  it is judged against the figure printed in the table it comes from.
- *relations* between figures entered independently (`compare`), judged on the figures as printed.

The same 一般公共预算财政拨款收入 is printed in 公开01表 and 04表 (one fact). 审核公式 9 and 13 are the same
difference as T02-03 and T01-05.
"""
from collections.abc import Callable

from apps.reports.computation import CellKind, CellRef, GridRow
from apps.reports.layouts import FUNCTIONAL_TABLES
from apps.reports.layouts import TableCode as T
from apps.reports.money import rounding_tolerance

from .compare import AT_MOST, EQUAL, Term, compare, tolerance_text
from .engine import Context, Rule, Severity

Selector = Callable[[str, GridRow, str], bool]  # (table, row, column) → does this rule own the total?


def pinned_total_rule(code: str, title: str, basis: str, table: str, owns: Selector) -> Rule:
    def check(rule: Rule, ctx: Context):
        grid = ctx.grids[table]
        for row in grid.rows:
            for column, cell in row.cells.items():
                if not (cell.pinned and owns(table, row, column)):
                    continue
                ref = CellRef(table, row.key, column)
                difference = cell.value - (cell.exact or 0)
                if difference == 0:  # printed as its parts as printed add up
                    continue
                tolerance = rounding_tolerance(ctx.report.unit, cell.part_terms)
                parts = parts_named(ctx, ref, cell.parts)
                message = (
                    f"{ctx.describe(ref)}印制为 {ctx.money(cell.value)}，{parts}相加为 {ctx.money(cell.exact)}，"
                    f"相差 {ctx.money(difference)}，{tolerance_text(ctx, difference, tolerance)}"
                )
                severity = Severity.INFO if abs(difference) <= tolerance else rule.severity
                yield rule.finding(message, (ref, *cell.parts), severity)

    return Rule(code, title, Severity.ERROR, check, basis)


MANY_PARTS = 6


def parts_named(ctx: Context, ref: CellRef, parts) -> str:
    """The parts of a total as a message names them; of a long list (the 26 支出类 of 公开01表), only those printed
    with a figure other than zero."""
    shown = parts
    if len(parts) > MANY_PARTS:
        shown = [p for p in parts if ctx.grids[p.table].value(p.row, p.column)]
    named = "、".join(ctx.short_label(p, ref) for p in shown)
    return named if len(shown) == len(parts) else f"{named}（其余 {len(parts) - len(shown)} 项为空或为零）"


def printed_copy_rule(code: str, title: str, basis: str, table: str) -> Rule:
    """Figures a table takes from another one, where the document prints its own: judged against the source."""
    def check(rule: Rule, ctx: Context):
        for row in ctx.grids[table].rows:
            for column, cell in row.cells.items():
                if not (cell.pinned and cell.kind == CellKind.DERIVED):
                    continue
                ref, source = CellRef(table, row.key, column), cell.parts[0]
                difference = cell.value - (cell.exact or 0)
                if difference == 0:
                    continue
                tolerance = rounding_tolerance(ctx.report.unit, cell.part_terms)
                yield rule.finding(
                    f"{ctx.describe(ref)}印制为 {ctx.money(cell.value)}，{ctx.describe(source)}为 "
                    f"{ctx.money(cell.exact)}，相差 {ctx.money(difference)}，{tolerance_text(ctx, difference, tolerance)}",
                    (ref, source), Severity.INFO if abs(difference) <= tolerance else rule.severity)

    return Rule(code, title, Severity.ERROR, check, basis)


def misprinted_item_rule(code: str, basis: str) -> Rule:
    """A 项 figure printed wrong: its 款 and its row's total both agree with what it should be
    (`computation.find_misprinted_items`); reported once, on the figure, instead of on both totals."""
    def check(rule: Rule, ctx: Context):
        for table in FUNCTIONAL_TABLES:
            for row in ctx.grids[table].rows:
                for column, cell in row.cells.items():
                    if not (cell.kind == CellKind.ENTERED and cell.slip):
                        continue
                    ref, difference = CellRef(table, row.key, column), cell.value - cell.exact
                    implied = []  # what each total around it, as printed, makes of it
                    for part in cell.parts:
                        total = ctx.grids[table].cell(part.row, part.column)
                        name = (f"本行“{ctx.short_label(part, ref)}”" if part.row == ref.row
                                else ctx.describe(part, with_table=False))
                        implied.append(f"按{name}所印应为 {ctx.money(cell.exact + total.value - total.exact)}")
                    yield rule.finding(
                        f"{ctx.describe(ref)}印制为 {ctx.money(cell.value)}，而{'，'.join(implied)}，相差约 "
                        f"{ctx.money(difference)}：很可能是这个数印错了，"
                        f"{tolerance_text(ctx, difference, rounding_tolerance(ctx.report.unit, cell.part_terms))}",
                        (ref, *cell.parts))

    return Rule(code, "项级数字与其所在款和所在行的合计都不相符（印错的明细数）", Severity.ERROR, check, basis)


def row_is(*keys: str) -> Selector:
    return lambda table, row, column: row.key in keys


def column_is(*keys: str) -> Selector:
    return lambda table, row, column: column in keys


def row_and_columns(row_key: str, *columns: str) -> Selector:
    return lambda table, row, column: row.key == row_key and column in columns


def hierarchy(computed_column: str) -> Selector:
    """类, 款 and 合计 rows of a functional table, in the entered columns."""
    return lambda table, row, column: row.level < 3 and column != computed_column


def relation_rule(code: str, title: str, basis: str, severity: str, pairs: Callable[[Context], list]) -> Rule:
    """A rule comparing entered figures; `pairs(ctx)` lists (left, right, relation) to compare."""

    def check(rule: Rule, ctx: Context):
        for left, right, relation in pairs(ctx):
            finding = compare(rule, ctx, left, right, relation)
            if finding:
                yield finding

    return Rule(code, title, severity, check, basis)


def c(table: str, row: str, column: str = "amount") -> CellRef:
    return CellRef(table, row, column)


FUNDS = ("general_budget", "government_fund", "state_capital")


def _fiscal_not_above_total(ctx: Context):
    pairs = []
    for row in ctx.grids[T.FISCAL_SUMMARY].rows:
        if row.key.startswith("class.") and row.cells["total"].exact is not None:
            pairs.append(([c(T.FISCAL_SUMMARY, row.key, "total")], [c(T.SUMMARY, row.key)], AT_MOST))
    return pairs


def _general_budget_within_expenditure(ctx: Context):
    grid = ctx.grids[T.GENERAL_BUDGET]
    return [
        ([c(T.GENERAL_BUDGET, row.key, column)], [c(T.EXPENDITURE, row.key, column)], AT_MOST)
        for row in grid.rows if row.level == 3 for column in ("basic", "project")
        if row.cells[column].exact is not None
    ]


def _fund_rows_balance(table: str):
    def pairs(ctx: Context):
        return [
            ([c(table, row.key, "closing")],
             [c(table, row.key, "opening"), c(table, row.key, "income"), Term(c(table, row.key, "expenditure"), -1)],
             EQUAL)
            for row in ctx.grids[table].rows if row.level == 3
        ]

    return pairs


THREE_PUBLIC_BASIC = (("actual_abroad", "30212"), ("actual_reception", "30217"),
                      ("actual_vehicle_operation", "30231"), ("actual_vehicle_purchase", "31013"))


def _three_public_covers_basic(ctx: Context):
    basic = ctx.grids[T.BASIC]
    return [
        ([c(T.BASIC, code)], [c(T.THREE_PUBLIC, "row", column)], AT_MOST)
        for column, code in THREE_PUBLIC_BASIC if basic.row(code)
    ]


def empty_table_note_rule(code: str, table: str, basis: str) -> Rule:
    def check(rule: Rule, ctx: Context):
        grid = ctx.grids[table]
        empty = all(cell.exact is None for cell in grid.row("total").cells.values())
        if empty and not ctx.snapshot.table_notes.get(table, "").strip():
            number = ctx.report.table_number(table)
            yield rule.finding(f"{number}没有数据，须在表下填写空表说明（例如“本部门没有……，故本表无数据。”）。",
                               [c(table, "total", column) for column in grid.row("total").cells])

    return Rule(code, "无数据的表须附空表说明", Severity.ERROR, check, basis)


def functional_rules(prefix: str, table: str, computed_column: str, row_title: str, basis_row: str) -> list[Rule]:
    return [
        pinned_total_rule(f"{prefix}-01", row_title, basis_row, table, column_is(computed_column)),
        pinned_total_rule(f"{prefix}-02", "类、款、合计行等于下级科目之和（各栏）", "审核公式 8", table,
                          hierarchy(computed_column)),
    ]


RULES = [
    misprinted_item_rule("T00-01", "审核公式 6、7、8、24"),
    # 公开01表 收入支出决算总表
    pinned_total_rule("T01-01", "本年收入合计等于收入一至八项之和", "审核公式 1", T.SUMMARY, row_is("income.subtotal")),
    pinned_total_rule("T01-02", "收入总计等于本年收入合计、使用非财政拨款结余、年初结转和结余之和", "审核公式 2",
                      T.SUMMARY, row_is("income.total")),
    pinned_total_rule("T01-03", "本年支出合计等于各类支出之和", "审核公式 3", T.SUMMARY, row_is("expense.subtotal")),
    pinned_total_rule("T01-04", "支出总计等于本年支出合计、结余分配、年末结转和结余之和", "审核公式 4", T.SUMMARY,
                      row_is("expense.total")),
    relation_rule("T01-05", "收入总计等于支出总计（本年收支差额由结转结余弥补）", "审核公式 5、13", Severity.ERROR,
                  lambda ctx: [([c(T.SUMMARY, "income.total")], [c(T.SUMMARY, "expense.total")], EQUAL)]),
    printed_copy_rule("T01-06", "各类支出及上级补助等收入与公开02表、03表所印一致", "审核公式 11、12", T.SUMMARY),
    # 公开02表 收入决算表
    *functional_rules("T02", T.INCOME, "total", "各行本年收入合计等于各栏收入之和", "审核公式 6"),
    relation_rule("T02-03", "收入决算表财政拨款收入合计等于公开01表三项财政拨款收入之和", "审核公式 9、10",
                  Severity.ERROR, lambda ctx: [(
                      [c(T.INCOME, "total", "fiscal")],
                      [c(T.SUMMARY, "income.general_budget"), c(T.SUMMARY, "income.government_fund"),
                       c(T.SUMMARY, "income.state_capital")], EQUAL)]),
    # 公开03表 支出决算表
    *functional_rules("T03", T.EXPENDITURE, "total", "各行本年支出合计等于各栏支出之和", "审核公式 7"),
    # 公开04表 财政拨款收入支出决算总表
    pinned_total_rule("T04-01", "本年收入合计等于三项财政拨款之和", "审核公式 14", T.FISCAL_SUMMARY,
                      row_is("income.subtotal")),
    pinned_total_rule("T04-02", "年初财政拨款结转和结余等于三项之和", "审核公式 15", T.FISCAL_SUMMARY,
                      row_is("income.opening")),
    pinned_total_rule("T04-03", "收入总计等于本年收入合计与年初财政拨款结转和结余之和", "审核公式 16",
                      T.FISCAL_SUMMARY, row_is("income.total")),
    pinned_total_rule("T04-04", "各支出行合计栏等于三项财政拨款之和", "审核公式 17", T.FISCAL_SUMMARY,
                      lambda table, row, column: row.side == "expense" and column == "total"),
    pinned_total_rule("T04-05", "本年支出合计等于各类支出之和", "审核公式 18", T.FISCAL_SUMMARY,
                      row_and_columns("expense.subtotal", *FUNDS)),
    pinned_total_rule("T04-06", "支出总计等于本年支出合计与年末财政拨款结转和结余之和", "审核公式 19", T.FISCAL_SUMMARY,
                      row_and_columns("expense.total", *FUNDS)),
    relation_rule("T04-07", "一般公共预算财政拨款：本年收入加年初结转和结余等于本年支出加年末结转和结余",
                  "审核公式 19、20", Severity.ERROR, lambda ctx: [(
                      [c(T.FISCAL_SUMMARY, "income.general_budget"),
                       c(T.FISCAL_SUMMARY, "income.opening.general_budget")],
                      [c(T.FISCAL_SUMMARY, "expense.subtotal", "general_budget"),
                       c(T.FISCAL_SUMMARY, "expense.closing", "general_budget")], EQUAL)]),
    relation_rule("T04-08", "各类财政拨款支出不超过公开01表同类支出", "审核公式 22", Severity.ERROR,
                  _fiscal_not_above_total),
    relation_rule("T04-09", "财政拨款年初、年末结转和结余不超过公开01表年初、年末结转和结余", "审核公式 23",
                  Severity.ERROR, lambda ctx: [
                      ([c(T.FISCAL_SUMMARY, "income.opening")], [c(T.SUMMARY, "income.opening")], AT_MOST),
                      ([c(T.FISCAL_SUMMARY, "expense.closing", "total")], [c(T.SUMMARY, "expense.closing")],
                       AT_MOST),
                  ]),
    printed_copy_rule("T04-10", "各栏财政拨款支出与公开05表、07表、08表所印一致", "审核公式 21、25、35",
                      T.FISCAL_SUMMARY),
    # 公开05表 一般公共预算财政拨款支出决算表
    *functional_rules("T05", T.GENERAL_BUDGET, "total", "各行小计等于基本支出与项目支出之和", "审核公式 24"),
    relation_rule("T05-03", "各项一般公共预算财政拨款基本支出、项目支出不超过公开03表同项支出", "审核公式 26",
                  Severity.ERROR, _general_budget_within_expenditure),
    # 公开06表 一般公共预算财政拨款基本支出决算表
    pinned_total_rule("T06-01", "经济分类各类等于所属各款之和", "审核公式 27", T.BASIC,
                      lambda table, row, column: row.level == 1),
    pinned_total_rule("T06-02", "人员经费合计等于工资福利支出与对个人和家庭的补助之和", "审核公式 28", T.BASIC,
                      row_is("personnel_total")),
    pinned_total_rule("T06-03", "公用经费合计等于商品和服务支出、债务利息及费用支出、资本性支出、其他支出之和",
                      "审核公式 29", T.BASIC, row_is("public_total")),
    relation_rule("T06-04", "人员经费合计与公用经费合计之和等于公开05表基本支出合计", "审核公式 30", Severity.ERROR,
                  lambda ctx: [([c(T.BASIC, "personnel_total"), c(T.BASIC, "public_total")],
                                [c(T.GENERAL_BUDGET, "total", "basic")], EQUAL)]),
    # 公开07表 “三公”经费支出决算表
    pinned_total_rule("T07-01", "预算数、决算数的合计等于三项经费之和", "审核公式 31", T.THREE_PUBLIC,
                      column_is("budget_total", "actual_total")),
    pinned_total_rule("T07-02", "公务用车购置及运行费等于购置费与运行费之和", "审核公式 32", T.THREE_PUBLIC,
                      column_is("budget_vehicle", "actual_vehicle")),
    relation_rule("T07-03", "“三公”经费决算数不小于公开06表基本支出中的对应经济分类款", "审核公式 33",
                  Severity.WARNING, _three_public_covers_basic),
    # 公开08表 政府性基金、公开09表 国有资本经营预算财政拨款收入支出决算表
    *functional_rules("T08", T.GOVERNMENT_FUND, "expenditure", "各行本年支出小计等于基本支出与项目支出之和",
                      "审核公式 34"),
    relation_rule("T08-03", "各项年末结转和结余等于年初结转和结余加本年收入减本年支出", "审核公式 34",
                  Severity.ERROR, _fund_rows_balance(T.GOVERNMENT_FUND)),
    empty_table_note_rule("T08-04", T.GOVERNMENT_FUND, "审核公式 36"),
    *functional_rules("T09", T.STATE_CAPITAL, "expenditure", "各行本年支出小计等于基本支出与项目支出之和",
                      "审核公式 34"),
    relation_rule("T09-03", "各项年末结转和结余等于年初结转和结余加本年收入减本年支出", "审核公式 34",
                  Severity.ERROR, _fund_rows_balance(T.STATE_CAPITAL)),
    empty_table_note_rule("T09-04", T.STATE_CAPITAL, "审核公式 36"),
]
