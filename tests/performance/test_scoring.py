"""Scoring of the self-evaluation sheets: the seed's 执行率, 预算执行率得分 and totals, computed."""
from decimal import Decimal

import pytest

from apps.performance.models import EvaluationSheet, FundingRow
from apps.performance.scoring import (
    Grade,
    budget_score,
    execution_rate,
    formula_score,
    grade_for,
    target_met,
)

SEED = [  # (全年预算数, 全年执行数, printed 执行率, printed 得分) of the 年度资金总额 rows
    ("206.37", "202.74", Decimal("98.24"), Decimal("9.8")), ("4.74", "4.74", Decimal("100"), Decimal("10")),
    ("11", "10.38", Decimal("94.36"), Decimal("9.4")), ("0", "0", None, Decimal("0")),
    ("0", "0", None, Decimal("0")), ("45.65", "45.65", Decimal("100"), Decimal("10")),
    ("20.79", "20.79", Decimal("100"), Decimal("10")), ("2.16", "1.24", Decimal("57.41"), Decimal("5.7")),
]


@pytest.mark.parametrize("annual, executed, rate, score", SEED)
def test_execution_rate_and_budget_score_as_the_seed_prints_them(annual, executed, rate, score):
    computed = execution_rate(Decimal(executed), Decimal(annual))
    assert computed == rate  # 0 / 0: no rate at all (the seed prints 0%), never a division by zero
    assert budget_score(Decimal(10), computed) == score


def test_the_product_scores_the_demo_sheets_to_the_seeds_totals(demo_report):
    totals, grades = [], []
    for sheet in EvaluationSheet.objects.filter(report=demo_report).order_by("order"):
        total_row = sheet.funding_rows.get(kind=FundingRow.Kind.TOTAL)
        score = budget_score(sheet.budget_weight, execution_rate(total_row.executed, total_row.annual_budget))
        total = score + sum(i.score for i in sheet.indicators.filter(level=3))
        totals.append(total)
        grades.append(grade_for(total).label)
    assert totals == [Decimal(t) for t in ("99.8", "100", "99.4", "88", "89", "99.0", "100", "93.7")]
    assert grades == ["优", "优", "优", "良", "良", "优", "优", "优"]


def test_targets_and_formula_scores():
    assert target_met("=", Decimal(14), Decimal(15)) is False  # 劳务派遣人员工资: = 14人, actual 15
    assert formula_score("=", Decimal(14), Decimal(15), Decimal(10)) == Decimal("9.3")
    assert target_met("<=", Decimal(980), Decimal(1090)) is False  # 统一服装费用: 夏装 <= 980元/套, actual 1090
    assert formula_score("<=", Decimal(980), Decimal(1090), Decimal(10)) == Decimal("9.0")
    assert formula_score(">", Decimal(8), Decimal(7), Decimal(10)) == Decimal("8.8")  # 电费节约率 > 8%, actual 7
    assert formula_score(">=", Decimal(95), Decimal(98), Decimal(5)) == Decimal(5)
    assert target_met("", None, Decimal(1)) is None and formula_score("", None, None, Decimal(5)) is None


def test_grades():
    assert [grade_for(Decimal(v)) for v in ("100", "90", "89.9", "80", "79.9", "60", "59.9")] == [
        Grade.EXCELLENT, Grade.EXCELLENT, Grade.GOOD, Grade.GOOD, Grade.FAIR, Grade.FAIR, Grade.POOR]


def test_grade_scale_of_a_region_and_its_ancestors(demo_report, client):
    from apps.accounts.models import Region
    from apps.performance.models import GradeScale
    from apps.performance.scoring import grade_label
    from apps.performance.selectors import scale_for
    from apps.reports.rules import check_report

    henan = Region.objects.get(code="410000")
    scale = GradeScale.objects.create(region=henan, excellent_min=95, good_min=85, fair_min=60,
                                      fair_label="合格", poor_label="不合格")
    assert scale_for(demo_report.department.region_id) == scale  # 沁阳市 → 焦作市 → 河南省
    assert grade_for(Decimal("93.7"), scale) == Grade.GOOD and grade_for(Decimal("93.7")) == Grade.EXCELLENT
    assert grade_label(grade_for(Decimal("70"), scale), scale) == "合格"
    EvaluationSheet.objects.filter(report=demo_report, order=8).update(grade="excellent")  # 93.7: 优 nationally
    finding = next(f for f in check_report(demo_report).errors if f.code == "P-05")
    assert "对应的评价等级为“良”，填报为“优”" in finding.message
    assert client.login(username="kuaiji", password="kuaiji-2021-demo")
    assert '<strong id="computed-grade">良</strong>' in client.get("/entry/410882-zwfw/2021/sheets/8/").content.decode()
