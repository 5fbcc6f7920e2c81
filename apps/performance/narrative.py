"""The figures of the 情况说明's 预算绩效 sections that the sheets give."""
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q, Sum

from apps.performance.models import EvaluationSheet, FundingRow
from apps.performance.scoring import Grade, grade_for
from apps.performance.selectors import scale_of_report
from apps.reports.money import sum_amounts


def figures(report) -> dict:
    sheets = list(EvaluationSheet.objects.filter(report=report).values("id", "kind", "total_score").annotate(
        budget=Sum("funding_rows__initial_budget", filter=Q(funding_rows__kind=FundingRow.Kind.TOTAL))))
    projects = [s for s in sheets if s["kind"] == EvaluationSheet.Kind.PROJECT]
    department = next((s for s in sheets if s["kind"] == EvaluationSheet.Kind.DEPARTMENT), None)
    budget = sum_amounts([s["budget"] for s in projects])  # of the 年度资金总额 entered (none: not entered)
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
