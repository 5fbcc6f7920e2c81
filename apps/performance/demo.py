"""The eight self-evaluation sheets of the demo report, from the structured transcription."""
import re
from decimal import Decimal

from apps.entry.services import warning_explanations_save
from apps.performance.models import EvaluationGoal, EvaluationSheet, FundingRow, Indicator, parse_measured, parse_target
from apps.reports.models import Report, WarningExplanation
from apps.reports.rules.engine import check_report
from apps.reports.services.demo import wan

PROJECT_FUNDING = {"年度资金总额": FundingRow.Kind.TOTAL, "其中：当年财政拨款": FundingRow.Kind.CURRENT_FISCAL,
                   "上年结转资金": FundingRow.Kind.CARRIED_OVER, "其他资金": FundingRow.Kind.OTHER}
DEPARTMENT_FUNDING = {"部门预算总额（万元）": FundingRow.Kind.TOTAL, "财政性资金": FundingRow.Kind.FISCAL,
                      "其他资金": FundingRow.Kind.OTHER}


def _indicators(sheet: EvaluationSheet, rows: list[dict], target_key: str, note_key: str) -> None:
    nodes: dict[tuple, Indicator] = {}
    order = 0

    def node(path: tuple, level: int, weight=None) -> Indicator:
        nonlocal order
        if path not in nodes:
            order += 1
            nodes[path] = Indicator.objects.create(
                sheet=sheet, level=level, order=order, name=path[-1], weight=weight,
                parent=nodes.get(path[:-1]),
            )
        return nodes[path]

    for row in rows:
        level1_weight = re.search(r"(\d+)", row.get("一级指标分值") or "")
        node((row["一级指标"],), 1, Decimal(level1_weight.group(1)) if level1_weight else None)
        parent = node((row["一级指标"], row["二级指标"]), 2)
        comparator, target, target_unit = parse_target(row[target_key])
        actual, actual_unit = parse_measured(row["实际完成值"])
        order += 1
        Indicator.objects.create(
            sheet=sheet, parent=parent, level=3, order=order, name=row["三级指标"],
            comparator=comparator, target_value=target, target_unit=target_unit,
            description=row.get("指标说明", ""), actual_value=actual, actual_unit=actual_unit,
            weight=Decimal(row["分值"]), score=Decimal(row["得分"]), deviation_note=row[note_key],
        )


def _funding(sheet, rows, kinds, amount_keys):
    for row in rows:
        FundingRow.objects.create(
            sheet=sheet, kind=kinds[row["name"]],
            **{field: wan(row[key]) for field, key in zip(("initial_budget", "annual_budget", "executed"), amount_keys)},
        )


def load_demo_sheets(report: Report, seed: dict) -> list[EvaluationSheet]:
    EvaluationSheet.objects.filter(report=report).delete()
    whole = seed["performance"]["整体"]
    budget_row = whole["预算执行情况"][0]
    department = EvaluationSheet.objects.create(
        report=report, kind=EvaluationSheet.Kind.DEPARTMENT, order=1, name=whole["部门（单位）名称"],
        budget_weight=Decimal(budget_row["分值"]), budget_score=Decimal(budget_row["得分"]),
        total_score=Decimal(whole["总分"]),
    )
    _funding(department, whole["预算执行情况"], DEPARTMENT_FUNDING, ("年初数", "全年数", "全年执行数"))
    for order, goal in enumerate(whole["年度履职目标"], start=1):
        EvaluationGoal.objects.create(sheet=department, kind=EvaluationGoal.Kind.DUTY_GOAL, order=order,
                                      name=goal["目标名称"], content=goal["主要内容"], outcome=goal["目标完成情况"])
    for order, task in enumerate(whole["年度主要任务"], start=1):
        EvaluationGoal.objects.create(sheet=department, kind=EvaluationGoal.Kind.MAIN_TASK, order=order,
                                      name=task["任务名称"], content=task["主要内容"], outcome=task["任务完成情况"])
    _indicators(department, whole["indicators"], "指标值", "未完成原因分析及改进措施")
    sheets = [department]
    for order, project in enumerate(seed["performance"]["项目"], start=2):
        funding = project["项目资金（万元）"]
        sheet = EvaluationSheet.objects.create(
            report=report, kind=EvaluationSheet.Kind.PROJECT, order=order, name=project["项目名称"],
            competent_department=project["主管部门及代码"], implementing_unit=project["实施单位"],
            budget_weight=Decimal(funding[0]["分值"]), budget_score=Decimal(funding[0]["得分"]),
            total_score=Decimal(project["总分"]),
        )
        _funding(sheet, funding, PROJECT_FUNDING, ("年初预算数", "全年预算数", "全年执行数"))
        goal = project["年度总体目标"]
        EvaluationGoal.objects.create(sheet=sheet, kind=EvaluationGoal.Kind.OVERALL, order=1,
                                      content=goal["预期目标"], outcome=goal["实际完成情况"])
        _indicators(sheet, project["indicators"], "年度指标值", "偏差原因分析及改进措施")
        sheets.append(sheet)
    return sheets


# The department's explanations of the warnings its sheets raise against the tables (demo data, written from
# the seed: its 附件1 and sheets count only the year's 财政拨款, not the spending of the 年初结转和结余).
DEMO_EXPLANATIONS = {
    "P-08": "年中预算调整后本项目全年预算数为 0，资金未能支付，执行率按 0 计。",
    "P-09": "部门整体绩效自评表按 2021 年财政拨款 202.74 万元口径填列，未含使用年初结转和结余安排的支出 11.72 万元。",
    "P-10": "项目支出绩效自评表只评价当年财政拨款安排的 7 个项目，未含年初结转资金安排的项目支出 7.85 万元。",
}


def explain_demo_warnings(report: Report, sheets: list[EvaluationSheet], *, by) -> None:
    """Write the accountant's explanation of every warning of the demo report: a missed target is explained by
    its own 偏差原因, the other warnings by `DEMO_EXPLANATIONS`; the reviewer has not judged them yet."""
    notes = {(f"sheet.{s.order}", f"indicator.{i.order}"): i.deviation_note for s in sheets for i in s.indicators.all()}
    texts = {}
    for finding in check_report(report).warnings:
        text = DEMO_EXPLANATIONS.get(finding.code) or notes.get((finding.cells[0].table, finding.cells[0].row), "")
        texts[(finding.code, WarningExplanation.signature_of(finding))] = text
    warning_explanations_save(report=report, texts=texts, by=by)
