"""The structure of each official public table (公开01表–公开09表), declared once: the tables by meaning.

Rows (行次, labels, indentation, whether computed and from what) and columns (栏次, headers, spanning groups,
computed columns, which entered cells may be negative) live here and nowhere else: the computation of printed totals
(`computation.py`), the forms, the HTML/PDF renderer, the workbook, imports, the JSON schema, the rules and the
database's constraints are all driven by these declarations.

How a document prints them (its table set and order, numbers, titles, notes, headers, 行次/栏次 or none, where 合计
stands) is its edition's, declared as data in `data/editions/` (`editions.py`); the labels and headers here are the
defaults an edition may reword. The number of expenditure classes printed in 公开01表/04表 (26, or 24 without
债务还本/债务付息) is a setting of the fiscal year copied onto each report.
"""
from dataclasses import dataclass
from functools import lru_cache

from django.db import models


class TableCode(models.TextChoices):
    """Tables by meaning; the printed number 公开0N表 depends on the table order of the report."""

    SUMMARY = "summary", "收入支出决算总表"
    INCOME = "income", "收入决算表"
    EXPENDITURE = "expenditure", "支出决算表"
    FISCAL_SUMMARY = "fiscal_summary", "财政拨款收入支出决算总表"
    GENERAL_BUDGET = "general_budget", "一般公共预算财政拨款支出决算表"
    BASIC = "basic", "一般公共预算财政拨款基本支出决算表"
    THREE_PUBLIC = "three_public", "一般公共预算财政拨款“三公”经费支出决算表"
    GOVERNMENT_FUND = "government_fund", "政府性基金预算财政拨款收入支出决算表"
    STATE_CAPITAL = "state_capital", "国有资本经营预算财政拨款收入支出决算表"


class SummaryClasses(models.TextChoices):
    ALL_26 = "26", "26 类"
    WITHOUT_DEBT_24 = "24", "24 类（不含债务还本支出、债务付息支出）"


# 类 left out of 公开01表/04表 by the 24-class variant.
DEBT_CLASSES = ("231", "232")


def chinese_ordinal(n: int) -> str:
    """1 → 一, 10 → 十, 14 → 十四, 20 → 二十, 26 → 二十六 (enough for the 类 rows)."""
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "")


# --- columns -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    key: str  # model field name for entered columns; stable key in files and rules
    header: str
    number: int | None = None  # 栏次
    groups: tuple[str, ...] = ()  # spanning headers above this column, outermost first
    sum_of: tuple[str, ...] = ()  # a computed column: the sum of these columns of the same row
    signed: bool = False  # an entered column whose figures may be negative (carry-overs and balances)

    @property
    def computed(self) -> bool:
        return bool(self.sum_of)


# --- cell sources of fixed-row tables ------------------------------------------------------------------------


@dataclass(frozen=True)
class Fact:
    """An entered figure of the report that no other table holds (stored on `BalanceFacts`)."""

    field: str
    signed: bool = False  # may be negative (a carry-over or balance: a department may have overspent)


# The entered figures of 公开01表/04表 that no other table holds; the carry-overs and balances may be negative.
GENERAL_BUDGET_INCOME = Fact("general_budget_income")
NON_FISCAL_BALANCE_USED = Fact("non_fiscal_balance_used")
OPENING_BALANCE = Fact("opening_balance", signed=True)
SURPLUS_DISTRIBUTION = Fact("surplus_distribution", signed=True)
CLOSING_BALANCE = Fact("closing_balance", signed=True)
FISCAL_OPENING_GENERAL_BUDGET = Fact("fiscal_opening_general_budget", signed=True)
FISCAL_CLOSING_GENERAL_BUDGET = Fact("fiscal_closing_general_budget", signed=True)
FACTS = (GENERAL_BUDGET_INCOME, NON_FISCAL_BALANCE_USED, OPENING_BALANCE, SURPLUS_DISTRIBUTION, CLOSING_BALANCE,
         FISCAL_OPENING_GENERAL_BUDGET, FISCAL_CLOSING_GENERAL_BUDGET)


@dataclass(frozen=True)
class Ref:
    """The same figure as printed in another table."""

    table: str
    row: str
    column: str


@dataclass(frozen=True)
class RowSum:
    """The sum of earlier rows of the same side, column by column."""

    rows: tuple[str, ...]


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    line_no: int | None = None  # 行次
    indent: int = 0
    # One source for every column of the row (a RowSum), or a source per column key; None = printed blank row.
    source: RowSum | dict | None = None
    code: str = ""

    @property
    def is_blank(self) -> bool:
        return self.source is None and not self.label


@dataclass(frozen=True)
class Side:
    key: str
    heading: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class SummaryLayout:
    """A two-sided table (公开01表, 公开04表): income rows beside expenditure rows, each with 行次."""

    code: str
    sides: tuple[Side, ...]
    note: str = ""
    kind: str = "summary"

    def side_of(self, row_key: str) -> Side:
        for side in self.sides:
            if any(r.key == row_key for r in side.rows):
                return side
        raise KeyError(row_key)


@dataclass(frozen=True)
class FunctionalLayout:
    """A table by 支出功能分类 (类/款/项) with a 合计 row printed first; only 项 rows are entered."""

    code: str
    columns: tuple[Column, ...]
    note: str = ""
    empty_note: str = ""  # the statement printed when the department has nothing to show in this table
    total_row: str = "top"  # where 合计 is printed: top | bottom
    total_label: str = "合 计"
    kind: str = "functional"

    @property
    def entry_columns(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if not c.computed)


@dataclass(frozen=True)
class EconomicLayout:
    """公开06表: 部门预算支出经济分类 类/款 in side-by-side blocks, with 人员经费合计 and 公用经费合计."""

    code: str
    blocks: tuple[tuple[str, ...], ...]  # class codes printed in each block, left to right
    personnel_classes: tuple[str, ...]
    public_classes: tuple[str, ...]
    block_headings: tuple[str, ...] = ()  # heading over each block (人员经费 / 公用经费 / 公用经费), or none
    columns: tuple[Column, ...] = (Column("amount", "决算数"),)
    note: str = ""
    code_header: str = "科目编码"
    kind: str = "economic"


@dataclass(frozen=True)
class SingleRowLayout:
    """公开07表: one row of 预算数 and 决算数 columns."""

    code: str
    columns: tuple[Column, ...]
    note: str = ""
    row_key: str = "row"
    kind: str = "single_row"
    headers_at_bottom: bool = False  # 预算数/决算数 all on the last header row (a shallower group spans down to it)

    @property
    def entry_columns(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if not c.computed)


Layout = SummaryLayout | FunctionalLayout | EconomicLayout | SingleRowLayout


# --- the nine tables -----------------------------------------------------------------------------------------

INCOME_COLUMNS = (
    Column("total", "本年收入合计", 1, sum_of=("fiscal", "superior", "business", "operating", "affiliated", "other")),
    Column("fiscal", "财政拨款收入", 2),
    Column("superior", "上级补助收入", 3),
    Column("business", "事业收入", 4),
    Column("operating", "经营收入", 5),
    Column("affiliated", "附属单位上缴收入", 6),
    Column("other", "其他收入", 7),
)
EXPENDITURE_COLUMNS = (
    Column("total", "本年支出合计", 1, sum_of=("basic", "project", "to_superior", "operating", "subsidy")),
    Column("basic", "基本支出", 2),
    Column("project", "项目支出", 3),
    Column("to_superior", "上缴上级支出", 4),
    Column("operating", "经营支出", 5),
    Column("subsidy", "对附属单位补助支出", 6),
)
GENERAL_BUDGET_COLUMNS = (
    Column("total", "小计", 1, groups=("本年支出",), sum_of=("basic", "project")),
    Column("basic", "基本支出", 2, groups=("本年支出",)),
    Column("project", "项目支出", 3, groups=("本年支出",)),
)
FUND_COLUMNS = (
    Column("opening", "年初结转和结余", 1, signed=True),
    Column("income", "本年收入", 2),
    Column("expenditure", "小计", 3, groups=("本年支出",), sum_of=("basic", "project")),
    Column("basic", "基本支出", 4, groups=("本年支出",)),
    Column("project", "项目支出", 5, groups=("本年支出",)),
    Column("closing", "年末结转和结余", 6, signed=True),
)


def _three_public_columns(prefix: str, group: str, first: int) -> tuple[Column, ...]:
    vehicle = "公务用车购置及运行费"
    return (
        Column(f"{prefix}_total", "合计", first, (group,),
               sum_of=(f"{prefix}_abroad", f"{prefix}_vehicle", f"{prefix}_reception")),
        Column(f"{prefix}_abroad", "因公出国（境）费", first + 1, (group,)),
        Column(f"{prefix}_vehicle", "小计", first + 2, (group, vehicle),
               sum_of=(f"{prefix}_vehicle_purchase", f"{prefix}_vehicle_operation")),
        Column(f"{prefix}_vehicle_purchase", "公务用车购置费", first + 3, (group, vehicle)),
        Column(f"{prefix}_vehicle_operation", "公务用车运行费", first + 4, (group, vehicle)),
        Column(f"{prefix}_reception", "公务接待费", first + 5, (group,)),
    )


THREE_PUBLIC = SingleRowLayout(
    code=TableCode.THREE_PUBLIC,
    columns=_three_public_columns("budget", "预算数", 1) + _three_public_columns("actual", "决算数", 7),
)
INCOME = FunctionalLayout(TableCode.INCOME, INCOME_COLUMNS)
EXPENDITURE = FunctionalLayout(TableCode.EXPENDITURE, EXPENDITURE_COLUMNS)
GENERAL_BUDGET = FunctionalLayout(TableCode.GENERAL_BUDGET, GENERAL_BUDGET_COLUMNS)
GOVERNMENT_FUND = FunctionalLayout(TableCode.GOVERNMENT_FUND, FUND_COLUMNS)
STATE_CAPITAL = FunctionalLayout(TableCode.STATE_CAPITAL, FUND_COLUMNS)
BASIC = EconomicLayout(
    code=TableCode.BASIC,
    blocks=(("301", "303"), ("302",), ("307", "310", "399")),
    personnel_classes=("301", "303"),
    public_classes=("302", "307", "310", "399"),
)
FUNCTIONAL_TABLES = (TableCode.INCOME, TableCode.EXPENDITURE, TableCode.GENERAL_BUDGET,
                     TableCode.GOVERNMENT_FUND, TableCode.STATE_CAPITAL)

AMOUNT = (Column("amount", "金额"),)


def _summary(classes: tuple[tuple[str, str], ...]) -> SummaryLayout:
    """公开01表. Income rows 1..n+5 beside expenditure rows n+6..2n+10 for n printed 类 (seed: 1–31, 32–62)."""
    n = len(classes)
    income_items = [
        ("income.general_budget", "一、一般公共预算财政拨款收入", GENERAL_BUDGET_INCOME),
        ("income.government_fund", "二、政府性基金预算财政拨款收入",
         Ref(TableCode.GOVERNMENT_FUND, "total", "income")),
        ("income.state_capital", "三、国有资本经营预算财政拨款收入", Ref(TableCode.STATE_CAPITAL, "total", "income")),
        ("income.superior", "四、上级补助收入", Ref(TableCode.INCOME, "total", "superior")),
        ("income.business", "五、事业收入", Ref(TableCode.INCOME, "total", "business")),
        ("income.operating", "六、经营收入", Ref(TableCode.INCOME, "total", "operating")),
        ("income.affiliated", "七、附属单位上缴收入", Ref(TableCode.INCOME, "total", "affiliated")),
        ("income.other", "八、其他收入", Ref(TableCode.INCOME, "total", "other")),
    ]
    income = [Row(key, label, i + 1, source={"amount": src}) for i, (key, label, src) in enumerate(income_items)]
    income += [Row(f"income.blank{i}", "", i) for i in range(len(income_items) + 1, n + 1)]
    income += [
        Row("income.subtotal", "本年收入合计", n + 1, source=RowSum(tuple(k for k, _, _ in income_items))),
        Row("income.non_fiscal_balance", "使用非财政拨款结余", n + 2,
            source={"amount": NON_FISCAL_BALANCE_USED}),
        Row("income.opening", "年初结转和结余", n + 3, source={"amount": OPENING_BALANCE}),
        Row("income.blank_end", "", n + 4),
        Row("income.total", "总 计", n + 5,
            source=RowSum(("income.subtotal", "income.non_fiscal_balance", "income.opening"))),
    ]
    first = n + 6
    expense = [
        Row(f"class.{code}", f"{chinese_ordinal(i + 1)}、{name}", first + i, code=code,
            source={"amount": Ref(TableCode.EXPENDITURE, code, "total")})
        for i, (code, name) in enumerate(classes)
    ]
    expense += [
        Row("expense.subtotal", "本年支出合计", first + n, source=RowSum(tuple(f"class.{c}" for c, _ in classes))),
        Row("expense.surplus_distribution", "结余分配", first + n + 1,
            source={"amount": SURPLUS_DISTRIBUTION}),
        Row("expense.closing", "年末结转和结余", first + n + 2, source={"amount": CLOSING_BALANCE}),
        Row("expense.blank_end", "", first + n + 3),
        Row("expense.total", "总 计", first + n + 4,
            source=RowSum(("expense.subtotal", "expense.surplus_distribution", "expense.closing"))),
    ]
    return SummaryLayout(
        code=TableCode.SUMMARY,
        sides=(
            Side("income", "收入", (Column("amount", "金额", 1),), tuple(income)),
            Side("expense", "支出", (Column("amount", "金额", 2),), tuple(expense)),
        ),
    )


FUNDS = (
    ("general_budget", "一般公共预算财政拨款", TableCode.GENERAL_BUDGET, "total"),
    ("government_fund", "政府性基金预算财政拨款", TableCode.GOVERNMENT_FUND, "expenditure"),
    ("state_capital", "国有资本经营预算财政拨款", TableCode.STATE_CAPITAL, "expenditure"),
)


def _fiscal_summary(classes: tuple[tuple[str, str], ...]) -> SummaryLayout:
    """公开04表. Income rows 1..n+6 beside expenditure rows n+7..2n+12 (seed: 1–32, 33–64)."""
    n = len(classes)
    income = [
        Row("income.general_budget", "一、一般公共预算财政拨款", 1, source={"amount": GENERAL_BUDGET_INCOME}),
        Row("income.government_fund", "二、政府性基金预算财政拨款", 2,
            source={"amount": Ref(TableCode.GOVERNMENT_FUND, "total", "income")}),
        Row("income.state_capital", "三、国有资本经营财政拨款", 3,
            source={"amount": Ref(TableCode.STATE_CAPITAL, "total", "income")}),
    ]
    income += [Row(f"income.blank{i}", "", i) for i in range(4, n + 1)]
    opening_parts = (
        Row("income.opening.general_budget", "一般公共预算财政拨款", n + 3, indent=1,
            source={"amount": FISCAL_OPENING_GENERAL_BUDGET}),
        Row("income.opening.government_fund", "政府性基金预算财政拨款", n + 4, indent=1,
            source={"amount": Ref(TableCode.GOVERNMENT_FUND, "total", "opening")}),
        Row("income.opening.state_capital", "国有资本经营预算财政拨款", n + 5, indent=1,
            source={"amount": Ref(TableCode.STATE_CAPITAL, "total", "opening")}),
    )
    income += [
        Row("income.subtotal", "本年收入合计", n + 1,
            source=RowSum(("income.general_budget", "income.government_fund", "income.state_capital"))),
        Row("income.opening", "年初财政拨款结转和结余", n + 2, source=RowSum(tuple(r.key for r in opening_parts))),
        *opening_parts,
        Row("income.total", "总 计", n + 6, source=RowSum(("income.subtotal", "income.opening"))),
    ]
    first = n + 7
    fund_columns = tuple(Column(key, header, i + 3) for i, (key, header, _, _) in enumerate(FUNDS))
    columns = (Column("total", "合计", 2, sum_of=tuple(c.key for c in fund_columns)),) + fund_columns
    expense = [
        Row(f"class.{code}", f"{chinese_ordinal(i + 1)}、{name}", first + i, code=code,
            source={key: Ref(table, code, column) for key, _, table, column in FUNDS})
        for i, (code, name) in enumerate(classes)
    ]
    expense += [
        Row("expense.subtotal", "本年支出合计", first + n, source=RowSum(tuple(f"class.{c}" for c, _ in classes))),
        Row("expense.closing", "年末财政拨款结转和结余", first + n + 1, source={
            "general_budget": FISCAL_CLOSING_GENERAL_BUDGET,
            "government_fund": Ref(TableCode.GOVERNMENT_FUND, "total", "closing"),
            "state_capital": Ref(TableCode.STATE_CAPITAL, "total", "closing"),
        }),
        *(Row(f"expense.blank{i}", "", first + n + 1 + i) for i in (1, 2, 3)),
        Row("expense.total", "总 计", first + n + 5, source=RowSum(("expense.subtotal", "expense.closing"))),
    ]
    return SummaryLayout(
        code=TableCode.FISCAL_SUMMARY,
        sides=(
            Side("income", "收入", (Column("amount", "金额", 1),), tuple(income)),
            Side("expense", "支出", columns, tuple(expense)),
        ),
    )


@lru_cache(maxsize=32)
def layouts_for(classes: tuple[tuple[str, str], ...]) -> dict[str, Layout]:
    """Every table's layout for a report whose 公开01表/04表 print these 类 (code, name), in table-code order."""
    return {
        TableCode.SUMMARY: _summary(classes),
        TableCode.INCOME: INCOME,
        TableCode.EXPENDITURE: EXPENDITURE,
        TableCode.FISCAL_SUMMARY: _fiscal_summary(classes),
        TableCode.GENERAL_BUDGET: GENERAL_BUDGET,
        TableCode.BASIC: BASIC,
        TableCode.THREE_PUBLIC: THREE_PUBLIC,
        TableCode.GOVERNMENT_FUND: GOVERNMENT_FUND,
        TableCode.STATE_CAPITAL: STATE_CAPITAL,
    }


def may_be_negative(layout: Layout, row: str, column: str) -> bool:
    """Whether an entered cell may hold a negative figure: its Fact (公开01表/04表) or its column is declared `signed`.
    Entry and imports (`stored_cells.parse_cell`), the rule DQ-03 and the database's constraints all follow this."""
    if isinstance(layout, SummaryLayout):
        source = next((r.source for r in layout.side_of(row).rows if r.key == row), None)
        fact = source.get(column) if isinstance(source, dict) else None
        return isinstance(fact, Fact) and fact.signed
    return next((c.signed for c in layout.columns if c.key == column), False)


def printed_classes(all_classes: tuple[tuple[str, str], ...], variant: str) -> tuple[tuple[str, str], ...]:
    """The 类 rows printed in 公开01表/04表 for a class-count variant."""
    if SummaryClasses(variant) == SummaryClasses.WITHOUT_DEBT_24:
        return tuple((c, n) for c, n in all_classes if c not in DEBT_CLASSES)
    return all_classes
