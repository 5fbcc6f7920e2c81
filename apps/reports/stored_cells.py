"""The entered cells of each table as stored: which cells of a table are typed (the layout decides, never the caller),
their current values, reading a typed figure, and writing entered figures.

Every write of entered figures (the grid, imports) goes through `cells_write`, which refuses any cell that is not a
typed cell of the table: a cell key is never a model field's name.
"""
from decimal import Decimal

from apps.reports.errors import Refused
from apps.reports.layouts import Fact, FunctionalLayout, TableCode
from apps.reports.models import (
    BalanceFacts,
    BasicExpenditureLine,
    EconomicSubject,
    ExpenditureLine,
    FunctionalSubject,
    FundLine,
    GeneralBudgetLine,
    IncomeLine,
    Report,
    ThreePublicExpenditure,
)
from apps.reports.money import MAX_AMOUNT_YUAN, Unit, format_amount, from_unit, parse_decimal, quoted, to_unit

CellKey = tuple[str, str]  # (row key, column key) within one table
LINE_MODELS = {TableCode.INCOME: IncomeLine, TableCode.EXPENDITURE: ExpenditureLine,
               TableCode.GENERAL_BUDGET: GeneralBudgetLine,
               TableCode.GOVERNMENT_FUND: FundLine, TableCode.STATE_CAPITAL: FundLine}


def lines_of(report: Report, table: str):
    """The stored 项 lines of one functional table."""
    lines = LINE_MODELS[table].objects.filter(report=report)
    if LINE_MODELS[table] is FundLine:
        lines = lines.filter(table=table)
    return lines.select_related("subject")


def fact_cells(layout) -> dict[CellKey, str]:
    """公开01表/04表: the cells typed into BalanceFacts, by (row, column) → field."""
    return {(row.key, column): source.field
            for side in layout.sides for row in side.rows if isinstance(row.source, dict)
            for column, source in row.source.items() if isinstance(source, Fact)}


def current_values(report: Report, table: str, layout) -> dict[CellKey, Decimal | None]:
    """Every typed cell of a table as stored now (in 元)."""
    if isinstance(layout, FunctionalLayout):
        columns = [c.key for c in layout.entry_columns]
        return {(line.subject.code, c): getattr(line, c) for line in lines_of(report, table) for c in columns}
    if table == TableCode.BASIC:
        amounts = {line.subject.code: line.amount for line in report.basic_lines.select_related("subject")}
        return {(s.code, "amount"): amounts.get(s.code)
                for s in EconomicSubject.objects.filter(fiscal_year=report.fiscal_year) if not s.is_class}
    if table == TableCode.THREE_PUBLIC:
        row = ThreePublicExpenditure.objects.filter(report=report).first()
        return {("row", leaf): getattr(row, leaf) if row else None for leaf in ThreePublicExpenditure.LEAVES}
    balance = BalanceFacts.objects.filter(report=report).first()
    return {cell: getattr(balance, name) if balance else None for cell, name in fact_cells(layout).items()}


def typed_cells(current: dict[CellKey, Decimal | None], layout, add_codes=()) -> set[CellKey]:
    """The cells of a table a person may type, given its `current_values`: the layout's entered cells of the rows
    the report has (and of the 项 rows being added). Nothing else is ever written (a cell key is not a field name)."""
    cells = set(current)
    if isinstance(layout, FunctionalLayout):
        cells |= {(code, column.key) for code in add_codes for column in layout.entry_columns}
    return cells


def parse_cell(text: str, unit: str, negative_allowed: bool) -> Decimal | None:
    """A typed figure in the report's unit as 元; ValueError with a message in Chinese. Whether a cell's figure may
    be negative is declared on the layout (`layouts.may_be_negative`)."""
    value = parse_decimal(text)
    if value is None:
        return None
    if value != value.quantize(Decimal("0.01")):
        raise ValueError(f"“{quoted(text)}”最多保留两位小数（{Unit(unit).label}）")
    if value < 0 and not negative_allowed:
        raise ValueError(f"“{quoted(text)}”：此栏不能填报负数")
    amount = from_unit(value, unit)
    if abs(amount) > MAX_AMOUNT_YUAN:
        raise ValueError(f"“{quoted(text)}”数额过大，请核对金额单位（{Unit(unit).label}）")
    return amount


def display(value, unit) -> str:
    return format_amount(to_unit(value, unit))


def column_header(layout, row: str, column: str) -> str:
    """How a column is named in change lists: its header, with the headers above it where the header alone names
    several columns (公开07表: 预算数·因公出国（境）费 and 决算数·因公出国（境）费)."""
    columns = layout.side_of(row).columns if hasattr(layout, "side_of") else layout.columns
    found = next((c for c in columns if c.key == column), None)
    if found is None:
        return column
    if sum(c.header == found.header for c in columns) > 1:
        return "·".join((*found.groups, found.header))
    return found.header


class CellNotTyped(Refused, ValueError):
    """A write named a cell that is not a typed cell of the table (never a field of a model)."""

    code = "cell_not_typed"


def cells_write(report, table, layout, changes, add_codes, remove_codes) -> int:
    """Write `changes` {(row, column): amount in 元}; every cell must be one of the table's typed cells."""
    stray = set(changes) - typed_cells(current_values(report, table, layout), layout, add_codes)
    if stray:
        raise CellNotTyped(f"{report.table_number(table)} 没有可填写的单元格：{sorted(stray)[:5]}")
    if isinstance(layout, FunctionalLayout):
        model = LINE_MODELS[table]
        extra = {"table": table} if model is FundLine else {}
        lines = {line.subject.code: line for line in lines_of(report, table)}
        subjects = {s.code: s for s in FunctionalSubject.objects.filter(
            fiscal_year=report.fiscal_year, code__in=set(add_codes) | {row for row, _ in changes})}
        for code in add_codes:
            if code not in lines and code in subjects:
                lines[code] = model.objects.create(report=report, subject=subjects[code], **extra)
        by_row: dict[str, dict] = {}
        for (row, column), value in changes.items():
            by_row.setdefault(row, {})[column] = value
        for code, values in by_row.items():
            if code in remove_codes:
                continue
            line = lines.get(code) or model.objects.create(report=report, subject=subjects[code], **extra)
            for column, value in values.items():
                setattr(line, column, value)
            line.save()
        lines_of(report, table).filter(subject__code__in=list(remove_codes)).delete()
    elif table == TableCode.BASIC:
        subjects = {s.code: s for s in EconomicSubject.objects.filter(fiscal_year=report.fiscal_year)}
        for (code, _), value in changes.items():
            BasicExpenditureLine.objects.update_or_create(report=report, subject=subjects[code],
                                                          defaults={"amount": value})
    elif table == TableCode.THREE_PUBLIC:
        ThreePublicExpenditure.objects.update_or_create(
            report=report, defaults={column: value for (_, column), value in changes.items()})
    else:
        names = fact_cells(layout)
        BalanceFacts.objects.update_or_create(
            report=report, defaults={names[cell]: value for cell, value in changes.items()})
    return len(changes)
