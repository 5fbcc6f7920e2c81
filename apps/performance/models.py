"""Performance self-evaluation sheets (绩效自评表) hung on a report.

A sheet is either the 部门（单位）整体绩效自评表 (one per report) or a 项目支出绩效自评表 (one per project).
Each holds its budget block (FundingRow), its goals (EvaluationGoal) and its indicator tree (Indicator: 一级 →
二级 → 三级). Figures are stored as the accountant entered them; scoring and checks come from `scoring.py`.
"""
import re
from decimal import Decimal

from django.db import models

from apps.performance.scoring import Grade
from apps.reports.models import Report
from apps.reports.money import amount_field, plain_number, quoted, typed_text

SCORE = dict(max_digits=6, decimal_places=2, null=True, blank=True)


class GradeScale(models.Model):
    """A region's 评价等级: the lowest total of each grade and its label (defaults: 优 90, 良 80, 中 60, 差).
    A region without its own scale uses its parent's, and the national default at the top."""

    region = models.OneToOneField("accounts.Region", on_delete=models.CASCADE, related_name="grade_scale",
                                  verbose_name="行政区划")
    excellent_min = models.DecimalField("“优”的最低分", max_digits=5, decimal_places=2, default=Decimal(90))
    good_min = models.DecimalField("“良”的最低分", max_digits=5, decimal_places=2, default=Decimal(80))
    fair_min = models.DecimalField("“中”的最低分", max_digits=5, decimal_places=2, default=Decimal(60))
    excellent_label = models.CharField("第一等名称", max_length=10, default="优")
    good_label = models.CharField("第二等名称", max_length=10, default="良")
    fair_label = models.CharField("第三等名称", max_length=10, default="中")
    poor_label = models.CharField("第四等名称", max_length=10, default="差")

    class Meta:
        verbose_name = "评价等级标准"
        verbose_name_plural = "评价等级标准"
        constraints = [
            models.CheckConstraint(condition=models.Q(excellent_min__gt=models.F("good_min"),
                                                      good_min__gt=models.F("fair_min"), fair_min__gte=0),
                                   name="gradescale_thresholds_descend"),
        ]

    def __str__(self):
        return f"{self.region} 评价等级"


class EvaluationSheet(models.Model):
    class Kind(models.TextChoices):
        DEPARTMENT = "department", "部门（单位）整体绩效自评表"
        PROJECT = "project", "项目支出绩效自评表"

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="evaluation_sheets")
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    order = models.PositiveSmallIntegerField("序号")
    name = models.CharField("部门（单位）名称 / 项目名称", max_length=200)
    competent_department = models.CharField("主管部门及代码", max_length=200, blank=True)
    implementing_unit = models.CharField("实施单位", max_length=200, blank=True)
    budget_weight = models.DecimalField("预算执行率分值", default=Decimal("10"), **{**SCORE, "null": False})
    budget_score = models.DecimalField("预算执行率得分", **SCORE)
    total_score = models.DecimalField("总分", **SCORE)
    grade = models.CharField("评价等级", max_length=20, choices=Grade.choices, blank=True)

    class Meta:
        verbose_name = "绩效自评表"
        verbose_name_plural = "绩效自评表"
        ordering = ["report", "order"]
        constraints = [
            models.UniqueConstraint(fields=["report", "order"], name="evaluationsheet_unique_order"),
            models.UniqueConstraint(
                fields=["report"], condition=models.Q(kind="department"), name="evaluationsheet_one_department_sheet"
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def title(self) -> str:
        if self.kind == self.Kind.DEPARTMENT:
            return self.Kind.DEPARTMENT.label
        return f"{self.name}{self.Kind.PROJECT.label}"


class FundingRow(models.Model):
    """A row of the budget block: 年初预算数 | 全年预算数 | 全年执行数 (amounts in 元)."""

    class Kind(models.TextChoices):
        TOTAL = "total", "年度资金总额"
        CURRENT_FISCAL = "current_fiscal", "其中：当年财政拨款"
        CARRIED_OVER = "carried_over", "上年结转资金"
        FISCAL = "fiscal", "财政性资金"
        OTHER = "other", "其他资金"

    # The rows each kind of sheet prints, in order; the department sheet calls its total 部门预算总额（万元）.
    ROWS = {
        EvaluationSheet.Kind.DEPARTMENT: (Kind.TOTAL, Kind.FISCAL, Kind.OTHER),
        EvaluationSheet.Kind.PROJECT: (Kind.TOTAL, Kind.CURRENT_FISCAL, Kind.CARRIED_OVER, Kind.OTHER),
    }

    sheet = models.ForeignKey(EvaluationSheet, on_delete=models.CASCADE, related_name="funding_rows")
    kind = models.CharField("资金", max_length=20, choices=Kind.choices)
    initial_budget = amount_field("年初预算数")
    annual_budget = amount_field("全年预算数")
    executed = amount_field("全年执行数")

    class Meta:
        verbose_name = "项目资金"
        verbose_name_plural = "项目资金"
        constraints = [models.UniqueConstraint(fields=["sheet", "kind"], name="fundingrow_unique_kind")]

    def __str__(self):
        return self.get_kind_display()


class EvaluationGoal(models.Model):
    """年度履职目标 / 年度主要任务 (department sheet) or 年度总体目标 (project sheet)."""

    class Kind(models.TextChoices):
        DUTY_GOAL = "duty_goal", "年度履职目标"
        MAIN_TASK = "main_task", "年度主要任务"
        OVERALL = "overall", "年度总体目标"

    sheet = models.ForeignKey(EvaluationSheet, on_delete=models.CASCADE, related_name="goals")
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    order = models.PositiveSmallIntegerField("序号")
    name = models.CharField("目标/任务名称", max_length=200, blank=True)
    content = models.TextField("主要内容 / 预期目标", max_length=5000, blank=True)
    outcome = models.TextField("完成情况 / 实际完成情况", max_length=5000, blank=True)

    class Meta:
        verbose_name = "绩效目标"
        verbose_name_plural = "绩效目标"
        ordering = ["sheet", "kind", "order"]

    def __str__(self):
        return self.name or self.get_kind_display()


class Indicator(models.Model):
    """A node of the indicator tree: 一级指标 (level 1) → 二级指标 (2) → 三级指标 (3, the scored rows)."""

    class Comparator(models.TextChoices):
        GT = ">", ">"
        GE = ">=", ">="
        EQ = "=", "="
        LE = "<=", "<="
        LT = "<", "<"

    sheet = models.ForeignKey(EvaluationSheet, on_delete=models.CASCADE, related_name="indicators")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    level = models.PositiveSmallIntegerField("级次", choices=[(1, "一级指标"), (2, "二级指标"), (3, "三级指标")])
    order = models.PositiveSmallIntegerField("序号")
    name = models.CharField("指标名称", max_length=200)
    weight = models.DecimalField("分值", **SCORE)
    comparator = models.CharField("指标性质", max_length=2, choices=Comparator.choices, blank=True)
    # 15 digits: what SQLite's floating storage gives back exactly (a 16th would not survive the round trip)
    target_value = models.DecimalField("指标值", max_digits=15, decimal_places=4, null=True, blank=True)
    target_unit = models.CharField("度量单位", max_length=20, blank=True)
    description = models.CharField("指标说明", max_length=500, blank=True)
    actual_value = models.DecimalField("实际完成值", max_digits=15, decimal_places=4, null=True, blank=True)
    actual_unit = models.CharField("实际完成值单位", max_length=20, blank=True)
    score = models.DecimalField("得分", **SCORE)
    deviation_note = models.TextField("偏差原因分析及改进措施", max_length=2000, blank=True)

    class Meta:
        verbose_name = "绩效指标"
        verbose_name_plural = "绩效指标"
        ordering = ["sheet", "order"]
        constraints = [
            models.UniqueConstraint(fields=["sheet", "order"], name="indicator_unique_order"),
            models.CheckConstraint(
                condition=models.Q(level=1, parent__isnull=True) | models.Q(level__in=[2, 3], parent__isnull=False),
                name="indicator_parent_matches_level",
            ),
            models.CheckConstraint(
                condition=models.Q(score__isnull=True) | models.Q(score__gte=0), name="indicator_score_non_negative"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def target_display(self) -> str:
        """年度指标值 as printed, e.g. “>= 36个”, “<= 34.2万元”, “= 100%”."""
        if self.target_value is None:
            return self.target_unit
        return f"{self.comparator} {_plain(self.target_value)}{self.target_unit}".strip()

    @property
    def actual_display(self) -> str:
        return "" if self.actual_value is None else f"{_plain(self.actual_value)}{self.actual_unit}"


def _plain(value: Decimal) -> str:
    """A number without trailing zeros: 34.2000 → 34.2, 100.0000 → 100."""
    return plain_number(value)


# 指标值 and 实际完成值 hold what their columns hold (Indicator.target_value, .actual_value): 11 whole digits, 4 decimals.
NUMBER_AND_UNIT = r"(-?\d+(?:\.\d+)?)\s*(.*?)"
TARGET_PATTERN = re.compile(rf"(>=|<=|>|<|=)\s*{NUMBER_AND_UNIT}")
VALUE_PATTERN = re.compile(NUMBER_AND_UNIT)
_COLUMN = Indicator._meta.get_field("target_value")
WHOLE_DIGITS, FRACTION_DIGITS = _COLUMN.max_digits - _COLUMN.decimal_places, _COLUMN.decimal_places


def _indicator_number(number: str, text: str) -> Decimal:
    whole, _, fraction = number.lstrip("-").partition(".")
    if len(whole.lstrip("0")) > WHOLE_DIGITS or len(fraction) > FRACTION_DIGITS:
        raise ValueError(f"“{quoted(text)}”超出范围（数值最多 {WHOLE_DIGITS} 位整数、{FRACTION_DIGITS} 位小数）")
    return Decimal(number)


def parse_target(text: str) -> tuple[str, Decimal | None, str]:
    """“> 95%”, “≥95%”, “＞９５％” → (">", 95, "%"); a target without a comparator keeps its text as the unit.
    ValueError (in Chinese) for a number the sheet cannot hold."""
    text = typed_text(text or "")
    match = TARGET_PATTERN.fullmatch(text)
    if not match:
        return "", None, text
    return match.group(1), _indicator_number(match.group(2), text), match.group(3)


def parse_measured(text: str) -> tuple[Decimal | None, str]:
    """“10.38万元” → (10.38, "万元"); “96” → (96, "")."""
    text = typed_text(text or "")
    match = VALUE_PATTERN.fullmatch(text)
    if not match:
        raise ValueError(f"“{quoted(text)}”不是有效的数值")
    return _indicator_number(match.group(1), text), match.group(2)
