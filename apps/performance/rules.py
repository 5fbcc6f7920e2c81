"""审核公式 of the self-evaluation sheets: weights, scores, totals and grades."""
from collections import defaultdict
from decimal import Decimal

from apps.performance.models import EvaluationSheet, Indicator
from apps.performance.scoring import FULL_MARKS, Grade, grade_for, grade_label, scale_of_report
from apps.reports.computation import CellRef
from apps.reports.rules.engine import Context, Rule, Severity

KEY = __name__


def load(report) -> list[EvaluationSheet]:
    """The report's sheets with their indicators and the region's grade scale (a few queries)."""
    sheets = list(EvaluationSheet.objects.filter(report=report).order_by("order"))
    by_sheet = defaultdict(list)
    for indicator in Indicator.objects.filter(sheet__report=report).order_by("order"):
        by_sheet[indicator.sheet_id].append(indicator)
    scale = scale_of_report(report) if sheets else None
    for sheet in sheets:
        sheet.loaded_indicators = by_sheet[sheet.id]
        sheet.grade_scale = scale
    return sheets


def sheets(ctx: Context) -> list[EvaluationSheet]:
    return ctx.extras.get(KEY, [])


def ref(sheet: EvaluationSheet, row: str, column: str) -> CellRef:
    return CellRef(f"sheet.{sheet.order}", row, column)


def n(value: Decimal) -> str:
    return format(value.normalize(), "f")


def scored(sheet) -> list[Indicator]:
    return [i for i in sheet.loaded_indicators if i.level == 3]


def check_weights_total(rule: Rule, ctx: Context):
    for sheet in sheets(ctx):
        total = sheet.budget_weight + sum((i.weight or 0) for i in scored(sheet))
        if total != FULL_MARKS:
            yield rule.finding(
                f"{sheet.title}：预算执行率分值 {n(sheet.budget_weight)} 与各项三级指标分值合计为 {n(total)}，应为 100 分。",
                [ref(sheet, "budget", "weight")] + [ref(sheet, f"indicator.{i.order}", "weight") for i in scored(sheet)])


def check_child_weights(rule: Rule, ctx: Context):
    for sheet in sheets(ctx):
        children = defaultdict(list)
        for indicator in sheet.loaded_indicators:
            children[indicator.parent_id].append(indicator)

        def weight(node):
            if node.level == 3:
                return node.weight or 0
            return sum(weight(child) for child in children[node.id])

        for node in sheet.loaded_indicators:
            if node.level < 3 and node.weight is not None and weight(node) != node.weight:
                yield rule.finding(
                    f"{sheet.title}：{node.get_level_display()}“{node.name}”分值为 {n(node.weight)}，"
                    f"其下各指标分值合计为 {n(weight(node))}。",
                    [ref(sheet, f"indicator.{node.order}", "weight")])


def check_score_within_weight(rule: Rule, ctx: Context):
    for sheet in sheets(ctx):
        if sheet.budget_score is not None and sheet.budget_score > sheet.budget_weight:
            yield rule.finding(
                f"{sheet.title}：预算执行率得分 {n(sheet.budget_score)} 超过其分值 {n(sheet.budget_weight)}。",
                [ref(sheet, "budget", "score")])
        for indicator in scored(sheet):
            if indicator.score is not None and indicator.weight is not None and indicator.score > indicator.weight:
                yield rule.finding(
                    f"{sheet.title}：三级指标“{indicator.name}”得分 {n(indicator.score)} 超过其分值 {n(indicator.weight)}。",
                    [ref(sheet, f"indicator.{indicator.order}", "score")])


def check_total(rule: Rule, ctx: Context):
    for sheet in sheets(ctx):
        computed = (sheet.budget_score or 0) + sum((i.score or 0) for i in scored(sheet))
        if sheet.total_score is not None and computed != sheet.total_score:
            yield rule.finding(
                f"{sheet.title}：总分填报为 {n(sheet.total_score)}，预算执行率得分与各项指标得分合计为 {n(computed)}。",
                [ref(sheet, "total", "score")])


def check_grade(rule: Rule, ctx: Context):
    for sheet in sheets(ctx):
        scale = sheet.grade_scale
        if sheet.grade and sheet.total_score is not None and grade_for(sheet.total_score, scale) != sheet.grade:
            expected = grade_for(sheet.total_score, scale)
            yield rule.finding(
                f"{sheet.title}：总分 {n(sheet.total_score)} 对应的评价等级为“{grade_label(expected, scale)}”，"
                f"填报为“{grade_label(Grade(sheet.grade), scale)}”。",
                [ref(sheet, "total", "grade")])


RULES = [
    Rule("P-01", "预算执行率分值与各项指标分值合计为 100 分", Severity.ERROR, check_weights_total, "绩效自评"),
    Rule("P-02", "一级、二级指标分值等于其下各指标分值之和", Severity.ERROR, check_child_weights, "绩效自评"),
    Rule("P-03", "各项得分不超过其分值", Severity.ERROR, check_score_within_weight, "绩效自评"),
    Rule("P-04", "总分等于预算执行率得分与各项指标得分之和", Severity.ERROR, check_total, "绩效自评"),
    Rule("P-05", "评价等级与总分相符（按本地区评价等级标准；默认优≥90，良≥80，中≥60，差<60）", Severity.ERROR, check_grade,
         "绩效自评"),
]
