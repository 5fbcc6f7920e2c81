"""Scoring conventions of the self-evaluation sheets, in one place: 执行率, the 预算执行率 score, whether an
indicator met its target and its formula score, totals and grades."""
from decimal import ROUND_HALF_UP, Decimal

from django.db import models

from apps.reports.money import percent


class Grade(models.TextChoices):
    EXCELLENT = "excellent", "优"
    GOOD = "good", "良"
    FAIR = "fair", "中"
    POOR = "poor", "差"


# Lowest total of each grade (财政部预算司 unified scale: 优 ≥ 90, 良 ≥ 80, 中 ≥ 60, 差 < 60).
GRADE_THRESHOLDS = ((Decimal(90), Grade.EXCELLENT), (Decimal(80), Grade.GOOD), (Decimal(60), Grade.FAIR),
                    (Decimal(0), Grade.POOR))
FULL_MARKS = Decimal(100)
TENTH = Decimal("0.1")


def grade_for(total: Decimal, scale=None) -> Grade:
    """The grade of a total, under a region's `GradeScale` when given (else the national default)."""
    thresholds = GRADE_THRESHOLDS if scale is None else (
        (scale.excellent_min, Grade.EXCELLENT), (scale.good_min, Grade.GOOD), (scale.fair_min, Grade.FAIR),
        (Decimal(0), Grade.POOR))
    return next(grade for threshold, grade in thresholds if total >= threshold)


def grade_label(grade: Grade, scale=None) -> str:
    """The name a region gives a grade (e.g. 合格/不合格 in some provinces)."""
    if scale is None:
        return grade.label
    return {Grade.EXCELLENT: scale.excellent_label, Grade.GOOD: scale.good_label, Grade.FAIR: scale.fair_label,
            Grade.POOR: scale.poor_label}[grade]


def execution_rate(executed: Decimal | None, annual_budget: Decimal | None) -> Decimal | None:
    """执行率 = 全年执行数 / 全年预算数, in per cent (two decimals, half-up); None when the budget is zero."""
    return percent(executed, annual_budget)


def budget_score(weight: Decimal, rate: Decimal | None) -> Decimal:
    """预算执行率得分 = 分值 × min(执行率, 100%), to one decimal as the sheets print it (94.36% of 10 → 9.4).
    With no budget to execute (全年预算数 0) nothing was executed: 0."""
    if rate is None:
        return Decimal("0.0")
    return (weight * min(rate, FULL_MARKS) / FULL_MARKS).quantize(TENTH, rounding=ROUND_HALF_UP)


def target_met(comparator: str, target: Decimal | None, actual: Decimal | None) -> bool | None:
    """Whether 实际完成值 meets 年度指标值; None when either is missing (qualitative indicators)."""
    if not comparator or target is None or actual is None:
        return None
    return {">": actual > target, ">=": actual >= target, "=": actual == target,
            "<=": actual <= target, "<": actual < target}[comparator]


def formula_score(comparator: str, target: Decimal | None, actual: Decimal | None, weight: Decimal) -> Decimal | None:
    """Full weight when the target is met; otherwise proportional: 正向 (>, >=) actual/target, 反向 (<, <=)
    target/actual, 等于 the smaller over the larger; to one decimal."""
    met = target_met(comparator, target, actual)
    if met is None:
        return None
    if met:
        return weight
    if comparator in (">", ">="):
        ratio = actual / target if target else Decimal(0)
    elif comparator in ("<", "<="):
        ratio = target / actual if actual else Decimal(0)
    else:
        high, low = max(actual, target), min(actual, target)
        ratio = low / high if high else Decimal(0)
    return (weight * min(max(ratio, Decimal(0)), Decimal(1))).quantize(TENTH, rounding=ROUND_HALF_UP)


