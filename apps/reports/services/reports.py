"""Services that write report data. Keyword-only arguments; each runs in one transaction."""
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from apps.reports.computation import compute_tables
from apps.reports.editions import edition
from apps.reports.extensions import callables
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
from apps.reports.pins import pin_write
from apps.reports.selectors import edition_for
from apps.reports.services.catalogues import year_catalogues
from apps.reports.services.events import Action, ensure_draft, record
from apps.reports.snapshot import load_snapshot
from apps.reports.stored_cells import LINE_MODELS, display, lines_of


@transaction.atomic
def total_pin(*, report: Report, table: str, row: str, column: str, value: Decimal, by) -> PinnedTotal | None:
    """Fix a printed total to the approved figure `value` (written in the report's unit), see `pins.pin_write`;
    a value equal to the computed sum removes the pin. The printed figure that changed is recorded, old → new."""
    Report.objects.select_for_update().filter(pk=report.pk).first()
    ensure_draft(report)
    change = pin_write(report, table, row, column, value)
    if change.old != change.new:
        record(report=report, by=by, action=Action.EDIT, target=f"{change.where}（尾数调整）",
               old=display(change.old, report.unit), new=display(change.new, report.unit))
    return change.pin


@transaction.atomic
def report_create(*, department, fiscal_year: int, unit: str, copy_from: Report | None = None, by) -> Report:
    """A new draft for a fiscal year whose catalogue is loaded; optionally with last year's structure
    (the 项 rows, blank), its 上年数 (totals to compare with) and the department's texts. Recorded as 新建."""
    year_settings = FiscalYear.objects.filter(year=fiscal_year).first()
    if year_settings is None or not year_catalogues([fiscal_year])[0].is_open:  # both catalogues loaded
        raise ValidationError(f"{fiscal_year} 年度尚未开放：科目目录（支出功能分类和经济分类）还没有载入。请财政局管理员在“科目目录”页"
                              f"（/bureau/catalogues/）上传 {fiscal_year} 年度的目录，或复制上一年度的目录后再新建。",
                              code="no_catalogue")
    if Report.objects.filter(department=department, fiscal_year=fiscal_year).exists():
        raise ValidationError(f"{department.name} {fiscal_year} 年度的决算已经存在。", code="exists")
    template = edition(edition_for(department, fiscal_year))
    report = Report.objects.create(department=department, fiscal_year=fiscal_year, unit=unit,
                                   edition=template.key,
                                   summary_classes=template.summary_classes or year_settings.summary_classes)
    standard = list(StandardGlossaryTerm.objects.filter(fiscal_year=fiscal_year).order_by("order"))
    GlossaryEntry.objects.bulk_create(
        GlossaryEntry(report=report, order=t.order, term=t.term, definition=t.definition, is_standard=True)
        for t in standard)
    record(report=report, by=by, action=Action.CREATE, target=f"{fiscal_year} 年度决算（{report.get_unit_display()}）",
           new=f"沿用 {copy_from.fiscal_year} 年度的科目结构和上年数" if copy_from else "")
    for hook in callables("REPORT_NEW_YEAR_HOOKS"):  # the 绩效自评表: 部门整体 always, last year's carried
        hook(copy_from, report)
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
