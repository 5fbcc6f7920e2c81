"""A whole 项目支出绩效自评表 typed in the browser and scored by the product to the seed's total."""
import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import login

pytestmark = pytest.mark.e2e


def test_type_the_electricity_sheet(page, demo, seed):
    from apps.performance.models import EvaluationSheet

    electricity = next(p for p in seed["performance"]["项目"] if p["项目名称"] == "电费")
    base = demo.url
    login(page, base)
    page.goto(f"{base}/entry/410882-zwfw/2021/sheets/")
    page.click("#new-sheet")
    page.fill("#f-name", electricity["项目名称"])
    for row in electricity["项目资金（万元）"]:
        kind = {"年度资金总额": "total", "其中：当年财政拨款": "current_fiscal", "上年结转资金": "carried_over",
                "其他资金": "other"}[row["name"]]
        for column, key in (("initial_budget", "年初预算数"), ("annual_budget", "全年预算数"), ("executed", "全年执行数")):
            page.fill(f"#funding-{kind}-{column}", row[key])
    page.fill("#goal-0-content", electricity["年度总体目标"]["预期目标"])
    page.fill("#goal-0-outcome", electricity["年度总体目标"]["实际完成情况"])
    for i, indicator in enumerate(electricity["indicators"]):
        for field, key in (("level1", "一级指标"), ("level2", "二级指标"), ("name", "三级指标"), ("target", "年度指标值"),
                           ("actual", "实际完成值"), ("weight", "分值"), ("score", "得分"), ("note", "偏差原因分析及改进措施")):
            page.fill(f"#row-{i}-{field}", indicator[key])
    page.click("#save-sheet")
    expect(page.locator(".message.success")).to_contain_text("总分 100")
    expect(page.locator("#computed-rate")).to_have_text("100%")
    expect(page.locator("#computed-total")).to_have_text("100")
    expect(page.locator("#computed-grade")).to_have_text("优")
    sheet = EvaluationSheet.objects.get(report__fiscal_year=2021, order=9)
    stored = [(i.parent.parent.name, i.parent.name, i.name, i.target_display.replace(" ", ""), i.actual_display)
              for i in sheet.indicators.filter(level=3).select_related("parent__parent").order_by("order")]
    assert stored == [(r["一级指标"], r["二级指标"], r["三级指标"], r["年度指标值"].replace(" ", ""), r["实际完成值"])
                      for r in electricity["indicators"]]
    assert str(sheet.total_score) == "100.00"
