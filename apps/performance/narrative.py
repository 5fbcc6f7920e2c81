"""The figures of the 情况说明's 预算绩效 sections that the sheets give."""
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Sum

from apps.performance.models import EvaluationSheet, FundingRow
from apps.performance.scoring import Grade, grade_for
from apps.performance.selectors import scale_of_report


def figures(report) -> dict:
    sheets = list(EvaluationSheet.objects.filter(report=report).values("kind", "total_score"))
    projects = [s for s in sheets if s["kind"] == EvaluationSheet.Kind.PROJECT]
    department = next((s for s in sheets if s["kind"] == EvaluationSheet.Kind.DEPARTMENT), None)
    budget = FundingRow.objects.filter(sheet__report=report, sheet__kind=EvaluationSheet.Kind.PROJECT,
                                       kind=FundingRow.Kind.TOTAL).aggregate(total=Sum("initial_budget"))["total"]
    scores = [s["total_score"] for s in projects if s["total_score"] is not None]
    average = (sum(scores) / len(scores)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP) if scores else None
    return {
        "projects": len(projects) or None,  # no sheet: not entered (never “0 个”)
        "project_budget": budget,
        "department_score": department["total_score"] if department else None,
        "average_score": average,
        "grades": lambda: _grades(report, scores),  # read only by the editions whose sentences state them
    }


def _grades(report, scores) -> dict:
    """How many project sheets have each grade (excellent, good, fair, poor) under the region's scale."""
    scale = scale_of_report(report) if scores else None
    graded = Counter(grade_for(score, scale) for score in scores)
    return {grade.value: graded[grade] for grade in Grade}
