"""Services that write report data. Keyword-only arguments; each runs in one transaction."""
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from apps.reports.cells import describe_cell
from apps.reports.computation import CellKind, compute_tables
from apps.reports.layouts import FUNCTIONAL_TABLES, TableCode
from apps.reports.models import (
    FiscalYear,
    FunctionalSubject,
    GlossaryEntry,
    NarrativeFacts,
    PinnedTotal,
    Report,
    ReportOverview,
    StandardGlossaryTerm,
)
from apps.reports.money import CENT, format_amount, from_unit, rounding_tolerance, to_unit
from apps.reports.services.events import ensure_draft
from apps.reports.snapshot import load_snapshot
from apps.reports.stored_cells import LINE_MODELS, lines_of


@transaction.atomic
def total_pin(*, report: Report, table: str, row: str, column: str, value: Decimal, by=None) -> PinnedTotal | None:
    """Fix a printed total to the approved figure `value` (written in the report's unit).

    Allowed only for a computed total, and only when the approved figure lies within the rounding tolerance
    of the computed sum (0.005 × (parts + 1) of the unit; nothing for reports entered in 元). A value equal to
    the computed sum removes the pin. Raises ValidationError with a message that names the cell.
    """
    Report.objects.select_for_update().filter(pk=report.pk).first()
    ensure_draft(report)
    unit_label = report.get_unit_display()
    if value != value.quantize(CENT):
        raise ValidationError(f"尾数调整值 {value} 最多保留两位小数。", code="pin_precision")
    grid = compute_tables(load_snapshot(report))[table]
    cell = grid.cell(row, column)
    if cell is None:
        raise ValidationError(f"表中没有这一格：{table} {row} {column}。", code="pin_unknown_cell")
    where = describe_cell(grid, row, column, report.table_order)
    if cell.kind != CellKind.SUM:
        raise ValidationError(f"{where}不是合计数，不能做尾数调整。", code="pin_not_total")
    approved = from_unit(value, report.unit)
    computed = cell.exact if cell.exact is not None else Decimal("0.00")
    tolerance = rounding_tolerance(report.unit, cell.printed_parts)
    difference = approved - computed
    if abs(difference) > tolerance:
        raise ValidationError(
            f"{where}：批复数 {format_amount(value)} 与各项相加的 {format_amount(to_unit(computed, report.unit))} "
            f"相差 {format_amount(to_unit(difference, report.unit))} {unit_label}，超出{cell.printed_parts}项相加允许的尾数误差 "
            f"{format_amount(to_unit(tolerance, report.unit))} {unit_label}。",
            code="pin_beyond_tolerance",
        )
    lookup = dict(report=report, table=table, row_key=row, column_key=column)
    if difference == 0:
        PinnedTotal.objects.filter(**lookup).delete()
        return None
    pin, _ = PinnedTotal.objects.update_or_create(**lookup, defaults={"value": approved})
    return pin


@transaction.atomic
def report_create(*, department, fiscal_year: int, unit: str, copy_from: Report | None = None, by=None) -> Report:
    """A new draft for a fiscal year whose catalogue is loaded; optionally with last year's structure
    (the 项 rows, blank), its 上年数 (totals to compare with) and the department's texts."""
    year_settings = FiscalYear.objects.filter(year=fiscal_year).first()
    if year_settings is None:
        raise ValidationError(f"{fiscal_year} 年度的科目目录尚未载入，请联系管理员。", code="no_catalogue")
    if Report.objects.filter(department=department, fiscal_year=fiscal_year).exists():
        raise ValidationError(f"{department.name} {fiscal_year} 年度的决算已经存在。", code="exists")
    report = Report.objects.create(department=department, fiscal_year=fiscal_year, unit=unit,
                                   table_order=year_settings.table_order,
                                   summary_classes=year_settings.summary_classes)
    standard = list(StandardGlossaryTerm.objects.filter(fiscal_year=fiscal_year).order_by("order"))
    GlossaryEntry.objects.bulk_create(
        GlossaryEntry(report=report, order=t.order, term=t.term, definition=t.definition, is_standard=True)
        for t in standard)
    if copy_from is None:
        return report
    subjects = {s.code: s for s in FunctionalSubject.objects.filter(fiscal_year=fiscal_year, level=3)}
    for table in FUNCTIONAL_TABLES:
        model = LINE_MODELS[table]
        extra = {"table": table} if table in (TableCode.GOVERNMENT_FUND, TableCode.STATE_CAPITAL) else {}
        model.objects.bulk_create(model(report=report, subject=subjects[line.subject.code], **extra)
                                  for line in lines_of(copy_from, table) if line.subject.code in subjects)
    previous = compute_tables(load_snapshot(copy_from))
    previous_facts = NarrativeFacts.objects.filter(report=copy_from).first()
    NarrativeFacts.objects.create(
        report=report,
        previous_total=previous[TableCode.SUMMARY].value("income.total", "amount"),
        previous_fiscal_total=previous[TableCode.FISCAL_SUMMARY].value("income.total", "amount"),
        previous_general_budget_expenditure=previous[TableCode.GENERAL_BUDGET].value("total", "total"),
        previous_operating_cost=previous_facts.operating_cost if previous_facts else None,
    )
    old_overview = ReportOverview.objects.filter(report=copy_from).first()
    if old_overview:
        ReportOverview.objects.create(report=report, duties=old_overview.duties,
                                      organisation=old_overview.organisation, composition=old_overview.composition)
    terms = {t.term for t in standard}
    GlossaryEntry.objects.bulk_create(
        GlossaryEntry(report=report, order=len(standard) + i, term=e.term, definition=e.definition)
        for i, e in enumerate(copy_from.glossary.filter(is_standard=False).exclude(term__in=terms), start=1))
    return report
