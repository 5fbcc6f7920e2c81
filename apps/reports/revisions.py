"""Copying a report into a new revision (a correction of a published one)."""
from apps.reports.extensions import callables
from apps.reports.models import Report

MANY = ("income_lines", "expenditure_lines", "general_budget_lines", "fund_lines", "basic_lines", "pinned_totals",
        "table_notes", "narrative_sections", "item_budgets", "glossary", "attachments", "warning_explanations")
ONE = ("balance", "three_public", "narrative_facts", "overview")


def _clone(instance, **changes):
    instance.pk = None
    instance.id = None
    for field, value in changes.items():
        setattr(instance, field, value)
    instance._state.adding = True
    instance.save()
    return instance


def copy_report(report: Report) -> Report:
    """A draft copy of every figure and text of `report` as its next revision."""
    revision = Report.objects.create(
        department=report.department, fiscal_year=report.fiscal_year, revision=report.revision + 1,
        unit=report.unit, edition=report.edition, summary_classes=report.summary_classes)
    for name in MANY:
        for row in getattr(report, name).all():
            extra = {"verdict": "pending"} if name == "warning_explanations" else {}
            _clone(row, report=revision, **extra)
    for name in ONE:
        row = getattr(report.__class__, name).related.related_model.objects.filter(report=report).first()
        if row is not None:
            _clone(row, report=revision)
    for hook in callables("REPORT_COPY_HOOKS"):  # the performance sheets
        hook(report, revision)
    return revision
