"""审核公式 of the self-evaluation sheets: weights, scores, totals and grades."""
from collections import defaultdict
from decimal import Decimal

from apps.performance.models import EvaluationSheet, FundingRow, Indicator
from apps.performance.scoring import (
    FULL_MARKS,
    Grade,
    formula_score,
    grade_for,
    grade_label,
    target_met,
)
from apps.performance.selectors import scale_of_report
from apps.reports.computation import CellRef
from apps.reports.layouts import TableCode
from apps.reports.rules.engine import Context, Rule, Severity

KEY = __name__


def load(report) -> list[EvaluationSheet]:
    """The report's sheets with their indicators and the region's grade scale (a few queries)."""
    sheets = list(EvaluationSheet.objects.filter(report=report).order_by("order"))
    by_sheet = defaultdict(list)
    for indicator in Indicator.objects.filter(sheet__report=report).order_by("order"):
        by_sheet[indicator.sheet_id].append(indicator)
    funding = defaultdict(dict)
    for row in FundingRow.objects.filter(sheet__report=report):
        funding[row.sheet_id][row.kind] = row
    scale = scale_of_report(report) if sheets else None
    for sheet in sheets:
        sheet.loaded_indicators = by_sheet[sheet.id]
        sheet.loaded_funding = funding[sheet.id]
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


def _weight_below(node: Indicator, children: dict) -> Decimal:
    """What the 三级指标 under `node` weigh together (its own weight for a 三级指标). A module function, not a closure
    that calls itself: that would be a reference cycle keeping the sheets alive until the collector runs."""
    if node.level == 3:
        return node.weight or 0
    return sum(_weight_below(child, children) for child in children[node.id])


def check_child_weights(rule: Rule, ctx: Context):
    for sheet in sheets(ctx):
        children = defaultdict(list)
        for indicator in sheet.loaded_indicators:
            children[indicator.parent_id].append(indicator)

        for node in sheet.loaded_indicators:
            if node.level < 3 and node.weight is not None and _weight_below(node, children) != node.weight:
                yield rule.finding(
                    f"{sheet.title}：{node.get_level_display()}“{node.name}”分值为 {n(node.weight)}，"
                    f"其下各指标分值合计为 {n(_weight_below(node, children))}。",
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


def missed_or_rescored(indicator: Indicator) -> tuple[bool | None, Decimal | None]:
    """Whether a quantified indicator met its target, and its formula score (None, None when not quantified)."""
    met = target_met(indicator.comparator, indicator.target_value, indicator.actual_value)
    if met is None or indicator.weight is None:
        return met, None
    return met, formula_score(indicator.comparator, indicator.target_value, indicator.actual_value, indicator.weight)


def check_target_missed(rule: Rule, ctx: Context):
    for sheet in sheets(ctx):
        for indicator in scored(sheet):
            met, formula = missed_or_rescored(indicator)
            if met is False:
                yield rule.finding(
                    f"{sheet.title}：三级指标“{indicator.name}”实际完成值 {indicator.actual_display} "
                    f"未达到年度指标值 {indicator.target_display}；按公式得分 {n(formula)}，填报得分 "
                    f"{n(indicator.score) if indicator.score is not None else '空白'}。",
                    [ref(sheet, f"indicator.{indicator.order}", "actual")])


def check_deviation_explained(rule: Rule, ctx: Context):
    for sheet in sheets(ctx):
        for indicator in scored(sheet):
            met, formula = missed_or_rescored(indicator)
            differs = formula is not None and indicator.score is not None and indicator.score != formula
            if (met is False or differs) and not indicator.deviation_note.strip():
                why = "未达到年度指标值" if met is False else f"填报得分 {n(indicator.score)} 与按公式得分 {n(formula)} 不同"
                yield rule.finding(
                    f"{sheet.title}：三级指标“{indicator.name}”{why}，须填写偏差原因分析及改进措施。",
                    [ref(sheet, f"indicator.{indicator.order}", "deviation_note")])


def check_zero_budget(rule: Rule, ctx: Context):
    for sheet in sheets(ctx):
        total = sheet.loaded_funding.get(FundingRow.Kind.TOTAL)
        if total is not None and not total.annual_budget:
            yield rule.finding(
                f"{sheet.title}：全年预算数为 0，执行率无法计算（按 0 计，预算执行率得分为 0）；"
                f"全年执行数为 {ctx.money(total.executed)}。",
                [ref(sheet, "funding.total", "annual_budget")])


def check_department_total(rule: Rule, ctx: Context):
    expenditure = ctx.cell(CellRef(TableCode.SUMMARY, "expense.subtotal", "amount")).value or Decimal(0)
    for sheet in sheets(ctx):
        total = sheet.loaded_funding.get(FundingRow.Kind.TOTAL)
        if sheet.kind != EvaluationSheet.Kind.DEPARTMENT or total is None or total.executed is None:
            continue
        if abs(total.executed - expenditure) > ctx.tolerance(2):
            yield rule.finding(
                f"{sheet.title}：部门预算总额全年执行数 {ctx.money(total.executed)}，"
                f"与公开01表本年支出合计 {ctx.money(expenditure)}相差 {ctx.money(total.executed - expenditure)}。",
                [ref(sheet, "funding.total", "executed"), CellRef(TableCode.SUMMARY, "expense.subtotal", "amount")])


def check_projects_total(rule: Rule, ctx: Context):
    projects = [s for s in sheets(ctx) if s.kind == EvaluationSheet.Kind.PROJECT]
    totals = [s.loaded_funding.get(FundingRow.Kind.TOTAL) for s in projects]
    executed = sum((t.executed or 0 for t in totals if t is not None), Decimal(0))
    expenditure = ctx.cell(CellRef(TableCode.EXPENDITURE, "total", "project")).value or Decimal(0)
    if projects and abs(executed - expenditure) > ctx.tolerance(len(projects) + 1):
        yield rule.finding(
            f"{len(projects)} 张项目支出绩效自评表的全年执行数合计 {ctx.money(executed)}，"
            f"与公开03表项目支出合计 {ctx.money(expenditure)}相差 {ctx.money(executed - expenditure)}。",
            [ref(s, "funding.total", "executed") for s in projects] + [CellRef(TableCode.EXPENDITURE, "total", "project")])


RULES = [
    Rule("P-01", "预算执行率分值与各项指标分值合计为 100 分", Severity.ERROR, check_weights_total, "绩效自评"),
    Rule("P-02", "一级、二级指标分值等于其下各指标分值之和", Severity.ERROR, check_child_weights, "绩效自评"),
    Rule("P-03", "各项得分不超过其分值", Severity.ERROR, check_score_within_weight, "绩效自评"),
    Rule("P-04", "总分等于预算执行率得分与各项指标得分之和", Severity.ERROR, check_total, "绩效自评"),
    Rule("P-05", "评价等级与总分相符（按本地区评价等级标准；默认优≥90，良≥80，中≥60，差<60）", Severity.ERROR, check_grade,
         "绩效自评"),
    Rule("P-06", "有量化年度指标值的三级指标达到指标值（未达到时提示按公式计算的得分）", Severity.WARNING,
         check_target_missed, "绩效自评"),
    Rule("P-07", "未达到指标值或得分与按公式计算的得分不同的三级指标须填写偏差原因分析及改进措施", Severity.ERROR,
         check_deviation_explained, "绩效自评"),
    Rule("P-08", "自评表全年预算数不为 0（为 0 时执行率无法计算）", Severity.WARNING, check_zero_budget, "绩效自评"),
    Rule("P-09", "部门整体绩效自评表部门预算总额全年执行数等于公开01表本年支出合计", Severity.WARNING,
         check_department_total, "绩效自评"),
    Rule("P-10", "各项目支出绩效自评表全年执行数合计等于公开03表项目支出合计", Severity.WARNING,
         check_projects_total, "绩效自评"),
]
