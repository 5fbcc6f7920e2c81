"""Entering a table: which cells are typed, their current values, and saving changes safely.

A save writes only the cells the user changed (compared with the value the page showed them, the *base*).
If somebody else changed one of those cells in the meantime, nothing is written and the conflicts are
returned, so that no save ever silently overwrites another.
"""
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction

from apps.reports.layouts import Fact, FunctionalLayout, TableCode
from apps.reports.models import (
    BalanceFacts, BasicExpenditureLine, EconomicSubject, ExpenditureLine, FundLine, FunctionalSubject,
    GeneralBudgetLine, IncomeLine, Report, TableNote, ThreePublicExpenditure,
)
from apps.reports.money import MAX_AMOUNT_YUAN, Unit, format_amount, from_unit, parse_decimal, quoted, to_unit
from apps.reports.workflow import Action, ensure_draft, record

CellKey = tuple[str, str]  # (row key, column key) within one table
LINE_MODELS = {TableCode.INCOME: IncomeLine, TableCode.EXPENDITURE: ExpenditureLine,
               TableCode.GENERAL_BUDGET: GeneralBudgetLine,
               TableCode.GOVERNMENT_FUND: FundLine, TableCode.STATE_CAPITAL: FundLine}
# Entered figures that may be negative (carry-overs); every other typed amount must be ≥ 0.
SIGNED_FACTS = {"opening_balance", "closing_balance", "surplus_distribution", "fiscal_opening_general_budget",
                "fiscal_closing_general_budget"}
SIGNED_FUND_COLUMNS = {"opening", "closing"}


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


def may_be_negative(table: str, row: str, column: str, layout) -> bool:
    if table in (TableCode.GOVERNMENT_FUND, TableCode.STATE_CAPITAL):
        return column in SIGNED_FUND_COLUMNS
    if table in (TableCode.SUMMARY, TableCode.FISCAL_SUMMARY):
        return fact_cells(layout)[(row, column)] in SIGNED_FACTS
    return False


def parse_cell(text: str, unit: str, negative_allowed: bool) -> Decimal | None:
    """A typed figure in the report's unit as 元; ValueError with a message in Chinese."""
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


@dataclass
class SaveResult:
    errors: dict[CellKey, str] = field(default_factory=dict)
    conflicts: list[dict] = field(default_factory=list)
    refused: list[CellKey] = field(default_factory=list)  # keys that are no typed cell of the table
    saved: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors and not self.conflicts and not self.refused


def display(value, unit) -> str:
    return format_amount(to_unit(value, unit))


@transaction.atomic
def table_save(*, report: Report, table: str, layout, typed: dict[CellKey, str], base: dict[CellKey, str],
               add_codes=(), remove_codes=(), by=None) -> SaveResult:
    """Write the cells the user changed; refuse everything on bad input or on a conflicting edit."""
    Report.objects.select_for_update().filter(pk=report.pk).first()
    ensure_draft(report)
    result = SaveResult()
    current = current_values(report, table, layout)
    allowed = typed_cells(current, layout, add_codes)
    result.refused = sorted(cell for cell in set(typed) | set(base) if cell not in allowed)
    if result.refused:
        return result
    parsed = {}
    for cell, text in typed.items():
        try:
            parsed[cell] = parse_cell(text, report.unit, may_be_negative(table, *cell, layout))
        except ValueError as exc:
            result.errors[cell] = str(exc)
    seen = {}  # the values the page showed the user
    for cell, text in base.items():
        try:
            seen[cell] = from_unit(parse_decimal(text), report.unit)
        except ValueError:
            result.errors[cell] = "页面上的原值无效，请刷新页面后重新填写"
    if result.errors:
        return result

    changes = {}
    for cell, value in parsed.items():
        before = seen.get(cell)
        if value == before:
            continue  # the user did not touch this cell: keep whatever is stored now
        now = current.get(cell)
        if now != before and now != value:
            result.conflicts.append({"cell": cell, "base": display(before, report.unit),
                                     "current": display(now, report.unit), "yours": display(value, report.unit)})
        changes[cell] = value
    for code in remove_codes:
        for cell, now in current.items():
            if cell[0] == code and now != seen.get(cell):
                result.conflicts.append({"cell": cell, "base": display(seen.get(cell), report.unit),
                                         "current": display(now, report.unit), "yours": "（删除此行）"})
    if result.conflicts:
        return result
    result.saved = cells_write(report, table, layout, changes, add_codes, remove_codes)
    number = report.table_number(table)
    for (row, column), value in changes.items():
        record(report=report, by=by, action=Action.EDIT, target=f"{number} {row} {column_header(layout, row, column)}",
               old=display(current.get((row, column)), report.unit), new=display(value, report.unit))
    for code in add_codes:
        record(report=report, by=by, action=Action.EDIT, target=f"{number} 添加科目 {code}")
    for code in remove_codes:
        record(report=report, by=by, action=Action.EDIT, target=f"{number} 删除科目 {code}")
    report.save(update_fields=["updated_at"])
    return result


def column_header(layout, row: str, column: str) -> str:
    columns = layout.side_of(row).columns if hasattr(layout, "side_of") else layout.columns
    return next((c.header for c in columns if c.key == column), column)


class CellNotTyped(ValueError):
    """A write named a cell that is not a typed cell of the table (never a field of a model)."""


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


@transaction.atomic
def table_note_save(*, report: Report, table: str, text: str, by=None) -> None:
    """The 说明 printed under a table (e.g. why 公开08表 has no data); blank removes it."""
    ensure_draft(report)
    text = text.strip()[:2000]
    old = TableNote.objects.filter(report=report, table=table).values_list("text", flat=True).first() or ""
    if text == old:
        return
    if text:
        TableNote.objects.update_or_create(report=report, table=table, defaults={"text": text})
    else:
        TableNote.objects.filter(report=report, table=table).delete()
    record(report=report, by=by, action=Action.EDIT, target=f"{report.table_number(table)} 表下说明", old=old, new=text)


@transaction.atomic
def warning_explanations_save(*, report: Report, texts: dict[tuple[str, str], str], by=None) -> None:
    """The accountant's explanation of each warning, keyed by (rule code, cells involved)."""
    from apps.reports.models import WarningExplanation

    ensure_draft(report)
    for (code, signature), text in texts.items():
        text = text.strip()[:2000]
        if text:
            WarningExplanation.objects.update_or_create(report=report, code=code[:20], signature=signature[:500],
                                                        defaults={"text": text})
        else:
            WarningExplanation.objects.filter(report=report, code=code, signature=signature).delete()


@transaction.atomic
def section_save(*, report: Report, form, by=None) -> None:
    """Save a part's form or formset; objects always belong to the report being edited; changes are recorded."""
    from django.forms import BaseModelFormSet

    ensure_draft(report)
    forms = list(form.forms) if isinstance(form, BaseModelFormSet) else [form]
    for item in forms:
        for name in item.changed_data:
            if name in ("id", "DELETE"):
                continue
            record(report=report, by=by, action=Action.EDIT,
                   target=f"{item._meta.model._meta.verbose_name}：{item.fields[name].label}",
                   old=str(item.initial.get(name) or ""), new=str(item.cleaned_data.get(name) or ""))
    if isinstance(form, BaseModelFormSet):
        for obj in form.save(commit=False):
            obj.report = report
            obj.save()
        for obj in form.deleted_objects:
            record(report=report, by=by, action=Action.EDIT, target=f"删除 {obj._meta.verbose_name}", old=str(obj))
            obj.delete()
    else:
        obj = form.save(commit=False)
        obj.report = report
        obj.save()
    report.save(update_fields=["updated_at"])
