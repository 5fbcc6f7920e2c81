"""The 上海 demo's accountant enters its report in the browser, in the 上海 2024 edition: one table of each kind
(收支总表, 功能分类, 经济分类, “三公”经费) emptied and typed again from the demo's figures, and one 情况说明 section; the
report is then the demo again, figure for figure, with no rule error."""
import pytest
import yaml
from playwright.sync_api import expect

from tests.e2e.conftest import login

pytestmark = pytest.mark.e2e

ENTRY = "/entry/310000-sample/2024"


def cell(page, row, column):
    return page.locator(f"#c-{row}-{column}".replace(".", "_"))


def demo_tables() -> dict:
    from apps.reports.services.demo import SHANGHAI_DEMO_FILE

    return yaml.safe_load(SHANGHAI_DEMO_FILE.read_text(encoding="utf-8"))["tables"]


def test_the_shanghai_accountant_enters_one_table_of_each_kind_and_a_section(page, demo):
    from apps.documents.interchange.document import export_document
    from apps.reports.models import (
        BalanceFacts,
        BasicExpenditureLine,
        GeneralBudgetLine,
        Report,
        ThreePublicExpenditure,
    )
    from apps.reports.rules import check_report

    report = Report.objects.get(department__code="310000-sample", fiscal_year=2024)
    expected = export_document(report)["tables"]
    figures = demo_tables()
    GeneralBudgetLine.objects.filter(report=report).delete()
    BasicExpenditureLine.objects.filter(report=report).update(amount=None)
    ThreePublicExpenditure.objects.filter(report=report).delete()
    BalanceFacts.objects.filter(report=report).update(opening_balance=None, closing_balance=None)
    base = demo.url
    login(page, base, "shkuaiji", "shkuaiji-2024-demo")

    # 功能分类: 一般公共预算财政拨款支出决算表, 合计 printed below the 类 rows, no 栏次.
    page.goto(f"{base}{ENTRY}/tables/general_budget/")
    expect(page.locator("h1")).to_contain_text("一般公共预算财政拨款支出决算表")
    expect(page.locator("table.entry-grid")).not_to_contain_text("栏次")
    for code in figures["general_budget"]:
        page.fill("#item-search", code)
        page.locator(f"#item-results button[data-code='{code}']").click()
        expect(cell(page, code, "basic")).to_be_visible()
    for code, values in figures["general_budget"].items():
        for column, value in values.items():
            cell(page, code, column).fill(value)
    expect(cell(page, "total", "total")).to_have_text("1120.00")
    last = page.locator("table.entry-grid tbody tr").last
    expect(last).to_contain_text("合计")
    page.click("#save-button")
    expect(page.locator(".message.success")).to_contain_text("已保存草稿")

    # 经济分类: 基本支出决算表 in two blocks.
    page.goto(f"{base}{ENTRY}/tables/basic/")
    for code, values in figures["basic"].items():
        cell(page, code, "amount").fill(values["amount"])
    expect(cell(page, "personnel_total", "amount")).to_have_text("698.00")
    expect(cell(page, "public_total", "amount")).to_have_text("190.00")
    page.click("#save-button")
    expect(page.locator(".message.success")).to_contain_text("已保存草稿")

    # “三公”经费: 预算数 and 决算数 under each item.
    page.goto(f"{base}{ENTRY}/tables/three_public/")
    expect(page.locator("h1")).to_contain_text("财政拨款“三公”经费支出决算表")
    for column, value in figures["three_public"]["row"].items():
        cell(page, "row", column).fill(value)
    expect(cell(page, "row", "actual_total")).to_have_text("12.60")
    page.click("#save-button")
    expect(page.locator(".message.success")).to_contain_text("已保存草稿")

    # 收支总表: the carry-overs.
    page.goto(f"{base}{ENTRY}/tables/summary/")
    cell(page, "income.opening", "amount").fill(figures["summary"]["income.opening"]["amount"])
    cell(page, "expense.closing", "amount").fill(figures["summary"]["expense.closing"]["amount"])
    expect(cell(page, "income.total", "amount")).to_have_text("1190.00")
    page.click("#save-button")
    expect(page.locator(".message.success")).to_contain_text("已保存草稿")

    # 情况说明 十一（一）机关运行经费支出情况: the reason, with the generated figures.
    page.goto(f"{base}{ENTRY}/sections/narrative-operating_cost/")
    expect(page.locator("h1")).to_contain_text("十一（一）机关运行经费支出情况")
    page.fill("#id_reason", "压减一般性支出，办公费和会议费减少，公务用车运行维护费下降。")
    page.click("form button[type=submit].primary")
    expect(page.locator(".message.success")).to_contain_text("已保存草稿")

    report.refresh_from_db()
    assert export_document(report)["tables"] == expected
    assert report.narrative_sections.get(key="operating_cost").reason.startswith("压减一般性支出")
    assert [f.message for f in check_report(report).findings if f.severity == "error"] == []
