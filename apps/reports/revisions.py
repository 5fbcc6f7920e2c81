"""Copying a report into a new revision (a correction of a published one)."""
from functools import cache
from importlib import import_module

from django.conf import settings

from apps.reports.models import Report

MANY = ("income_lines", "expenditure_lines", "general_budget_lines", "fund_lines", "basic_lines", "pinned_totals",
        "table_notes", "narrative_sections", "item_budgets", "glossary", "attachments", "warning_explanations")
ONE = ("balance", "three_public", "narrative_facts", "overview")


@cache
def copy_hooks():
    """Other apps' copiers (the performance sheets), from settings.REPORT_COPY_HOOKS."""
    hooks = []
    for path in settings.REPORT_COPY_HOOKS:
        module, name = path.rsplit(".", 1)
        hooks.append(getattr(import_module(module), name))
    return tuple(hooks)


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
        unit=report.unit, table_order=report.table_order, summary_classes=report.summary_classes)
    for name in MANY:
        for row in getattr(report, name).all():
            extra = {"verdict": "pending"} if name == "warning_explanations" else {}
            _clone(row, report=revision, **extra)
    for name in ONE:
        row = getattr(report.__class__, name).related.related_model.objects.filter(report=report).first()
        if row is not None:
            _clone(row, report=revision)
    for hook in copy_hooks():
        hook(report, revision)
    return revision
