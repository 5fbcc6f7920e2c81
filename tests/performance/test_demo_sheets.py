"""The eight self-evaluation sheets of the seed are stored exactly, indicator by indicator."""
from decimal import Decimal

import pytest

from apps.performance.models import EvaluationSheet, FundingRow, Indicator
from apps.reports.money import to_unit

SEED_TOTALS = ["99.8", "100", "99.4", "88", "89", "99.0", "100", "93.7"]


@pytest.fixture
def sheets(demo_report):
    return list(EvaluationSheet.objects.filter(report=demo_report).order_by("order"))


def test_eight_sheets_with_the_seed_totals(sheets):
    assert [s.kind for s in sheets] == ["department"] + ["project"] * 7
    assert [s.total_score for s in sheets] == [Decimal(t) for t in SEED_TOTALS]


def test_stored_total_is_budget_score_plus_indicator_scores(sheets):
    for sheet in sheets:
        scores = [i.score for i in sheet.indicators.filter(level=3)]
        assert sheet.budget_score + sum(scores) == sheet.total_score, sheet.title


def seed_sheets(seed):
    whole = seed["performance"]["整体"]
    return [(whole, "指标值", "未完成原因分析及改进措施")] + [
        (project, "年度指标值", "偏差原因分析及改进措施") for project in seed["performance"]["项目"]
    ]


def test_every_indicator_row_is_stored(sheets, seed):
    for sheet, (printed, target_key, note_key) in zip(sheets, seed_sheets(seed)):
        stored = list(sheet.indicators.filter(level=3).select_related("parent__parent").order_by("order"))
        assert len(stored) == len(printed["indicators"]), sheet.title
        for indicator, row in zip(stored, printed["indicators"]):
            assert (indicator.parent.parent.name, indicator.parent.name, indicator.name) == (
                row["一级指标"], row["二级指标"], row["三级指标"])
            assert indicator.target_display.replace(" ", "") == row[target_key].replace(" ", "")
            assert indicator.actual_display == row["实际完成值"]
            assert (indicator.weight, indicator.score) == (Decimal(row["分值"]), Decimal(row["得分"]))
            assert indicator.deviation_note == row[note_key]
            assert indicator.description == row.get("指标说明", "")


def test_department_sheet_level_one_weights(sheets):
    weights = dict(sheets[0].indicators.filter(level=1).values_list("name", "weight"))
    assert weights == {"投入管理指标": Decimal(30), "产出指标": Decimal(25), "效益指标": Decimal(35)}


def test_funding_blocks_are_stored_as_printed(sheets, seed):
    # The department sheet prints 部门预算总额 年初数 0 although 财政性资金 年初数 is 265.13: kept as printed.
    department = {r.kind: r for r in sheets[0].funding_rows.all()}
    assert to_unit(department[FundingRow.Kind.TOTAL].initial_budget, "wan_yuan") == Decimal("0.00")
    assert to_unit(department[FundingRow.Kind.FISCAL].initial_budget, "wan_yuan") == Decimal("265.13")
    for sheet, project in zip(sheets[1:], seed["performance"]["项目"]):
        rows = {r.kind: r for r in sheet.funding_rows.all()}
        assert len(rows) == 4
        total = project["项目资金（万元）"][0]
        assert [to_unit(getattr(rows[FundingRow.Kind.TOTAL], f), "wan_yuan") for f in
                ("initial_budget", "annual_budget", "executed")] == [
            Decimal(total[k]).quantize(Decimal("0.01")) for k in ("年初预算数", "全年预算数", "全年执行数")]
        assert sheet.budget_score == Decimal(total["得分"])


def test_goals_are_stored(sheets, seed):
    whole = seed["performance"]["整体"]
    goals = sheets[0].goals.order_by("kind", "order")
    assert [g.content for g in goals if g.kind == "duty_goal"] == [g["主要内容"] for g in whole["年度履职目标"]]
    assert [g.outcome for g in goals if g.kind == "main_task"] == [t["任务完成情况"] for t in whole["年度主要任务"]]
    for sheet, project in zip(sheets[1:], seed["performance"]["项目"]):
        goal = sheet.goals.get()
        assert (goal.content, goal.outcome) == (project["年度总体目标"]["预期目标"], project["年度总体目标"]["实际完成情况"])


def test_indicator_count_matches_the_seed_check(sheets):
    # The seed's own check counts 96 indicator rows with 得分 ≤ 分值.
    assert Indicator.objects.filter(sheet__in=sheets, level=3).count() == 96
