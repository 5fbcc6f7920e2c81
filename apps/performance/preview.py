"""What the sheet's page shows computed from what is typed, before it is saved: 执行率, the 预算执行率 score, each
indicator's formula score, the total and the grade (the conventions are `scoring`'s; the save computes the stored
scores the same way)."""
from apps.performance.models import EvaluationSheet, FundingRow, parse_measured, parse_target
from apps.performance.scoring import budget_score, execution_rate, formula_score, grade_for, grade_label
from apps.performance.services import SheetInput
from apps.reports.money import format_percent, parse_decimal, plain_number
from apps.reports.stored_cells import parse_cell


def typed_number(text):
    """A typed weight or score, or None when blank or not a number (the save reports the error)."""
    try:
        return parse_decimal(text)
    except ValueError:
        return None


def preview_scores(sheet: EvaluationSheet, data: SheetInput, unit: str, scale=None) -> dict:
    """rate, budget_score, formulas (one per row, None where it cannot be computed), total and grade, as printed;
    "—" for the scores, total and grade while neither the budget block's amounts nor any score is entered."""
    try:
        annual = parse_cell(data.funding.get((FundingRow.Kind.TOTAL, "annual_budget"), ""), unit, False)
        executed = parse_cell(data.funding.get((FundingRow.Kind.TOTAL, "executed"), ""), unit, False)
    except ValueError:
        annual = executed = None
    rate = execution_rate(executed, annual)
    score = budget_score(sheet.budget_weight, rate)
    formulas, total, scored = [], score, rate is not None
    for row in data.rows:
        try:
            comparator, target, _ = parse_target(row.get("target", ""))
            actual = parse_measured(row["actual"])[0] if row.get("actual", "").strip() else None
            weight = typed_number(row.get("weight"))
            formulas.append(formula_score(comparator, target, actual, weight) if weight is not None else None)
            typed = typed_number(row.get("score"))
            total += typed or 0
            scored = scored or typed is not None
        except (ValueError, ArithmeticError):
            formulas.append(None)
    if not scored:  # nothing entered to score yet (a sheet carried into a new year): no figure, no grade
        return {"rate": "—", "budget_score": "—", "formulas": formulas, "total": "—", "grade": "—"}
    return {"rate": format_percent(rate) if rate is not None else "—", "budget_score": plain_number(score),
            "formulas": formulas, "total": plain_number(total), "grade": grade_label(grade_for(total, scale), scale)}
