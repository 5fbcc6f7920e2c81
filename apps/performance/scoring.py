"""Scoring conventions of the self-evaluation sheets, in one place."""
from decimal import Decimal

from django.db import models


class Grade(models.TextChoices):
    EXCELLENT = "excellent", "优"
    GOOD = "good", "良"
    FAIR = "fair", "中"
    POOR = "poor", "差"


# Lowest total of each grade (财政部预算司 unified scale: 优 ≥ 90, 良 ≥ 80, 中 ≥ 60, 差 < 60).
GRADE_THRESHOLDS = ((Decimal(90), Grade.EXCELLENT), (Decimal(80), Grade.GOOD), (Decimal(60), Grade.FAIR),
                    (Decimal(0), Grade.POOR))
FULL_MARKS = Decimal(100)


def grade_for(total: Decimal) -> Grade:
    return next(grade for threshold, grade in GRADE_THRESHOLDS if total >= threshold)
