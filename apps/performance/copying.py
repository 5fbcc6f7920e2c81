"""New sheets, and a report's self-evaluation sheets carried into another report: whole into a correction's new revision
(`copy_sheets`), as next year's structure with empty results into a new year's report (`carry_sheets`)."""
from apps.performance.models import EvaluationGoal, EvaluationSheet, FundingRow, Indicator

# What a year's sheets record of that year only: a new year starts them empty (the figures of the budget block,
# each goal's outcome, each indicator's result, the scores).
RESULTS = {
    EvaluationSheet: {"budget_score": None, "total_score": None, "grade": ""},
    FundingRow: {"initial_budget": None, "annual_budget": None, "executed": None},
    EvaluationGoal: {"outcome": ""},
    Indicator: {"actual_value": None, "actual_unit": "", "score": None, "deviation_note": ""},
}


def _clone(row, results: bool, **owner):
    row.pk = None
    for name, value in owner.items():
        setattr(row, name, value)
    if not results:
        for name, value in RESULTS[type(row)].items():
            setattr(row, name, value)
    row._state.adding = True
    row.save()
    return row


def _copy(sheets, target, results: bool) -> None:
    for sheet in sheets.prefetch_related("funding_rows", "goals", "indicators"):
        funding, goals = list(sheet.funding_rows.all()), list(sheet.goals.all())
        indicators = sorted(sheet.indicators.all(), key=lambda i: (i.level, i.order))
        sheet = _clone(sheet, results, report=target)
        for row in funding + goals:
            _clone(row, results, sheet=sheet)
        new_ids = {}
        for indicator in indicators:
            old_id = indicator.pk
            new_ids[old_id] = _clone(indicator, results, sheet=sheet, parent_id=new_ids.get(indicator.parent_id)).pk


def copy_sheets(source, target) -> None:
    """A correction: every sheet of `source` as it is."""
    _copy(EvaluationSheet.objects.filter(report=source), target, results=True)


def blank_sheet(report, kind: str) -> EvaluationSheet:
    """A blank sheet with its budget block's rows: the 部门整体 sheet first (named after the department), a project
    sheet after the others."""
    orders = list(EvaluationSheet.objects.filter(report=report).values_list("order", flat=True))
    department = kind == EvaluationSheet.Kind.DEPARTMENT
    order = min(orders, default=2) - 1 if department else max(orders, default=0) + 1  # 部门整体 before the others
    if order < 0:  # sheets imported from 0 on: the 部门整体 sheet goes after them
        order = max(orders) + 1
    sheet = EvaluationSheet.objects.create(report=report, kind=kind, order=order,
                                           name=report.department.name if department else "新项目",
                                           competent_department=report.department.name,
                                           implementing_unit=report.department.name)
    FundingRow.objects.bulk_create(FundingRow(sheet=sheet, kind=row) for row in FundingRow.ROWS[sheet.kind])
    return sheet


def carry_sheets(previous, report) -> None:
    """A new year's report: last year's sheets (`previous`, or none) with their goals and indicator trees and every
    result empty, and always a 部门整体 sheet where the report's edition carries the sheets."""
    if previous is not None:
        _copy(EvaluationSheet.objects.filter(report=previous), report, results=False)
    if report.template.evaluation_sheets and not report.evaluation_sheets.filter(
            kind=EvaluationSheet.Kind.DEPARTMENT).exists():
        blank_sheet(report, EvaluationSheet.Kind.DEPARTMENT)
