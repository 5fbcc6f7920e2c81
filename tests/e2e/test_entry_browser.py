"""The accountant enters 公开03表 in the browser: picking 项, typing, pasting from a spreadsheet, live totals,
saving and reloading; and sees a rule message on the cells it involves, then clears it."""
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import login

pytestmark = pytest.mark.e2e

# The seed's 公开03表 项 rows: 基本支出, 项目支出, 上缴上级支出, 经营支出 (对附属单位补助支出 blank).
SEED_T03 = {
    "2010306": ("102.58", "84.65", "0.00", "0.00"),
    "2010350": ("4.30", "", "0.00", "0.00"),
    "2019999": ("", "6.00", "0.00", "0.00"),
    "2080505": ("11.13", "", "0.00", "0.00"),
    "2080599": ("0.45", "", "0.00", "0.00"),
    "2101101": ("5.04", "", "0.00", "0.00"),
    "2101102": ("0.31", "", "0.00", "0.00"),
}
COLUMNS = ("basic", "project", "to_superior", "operating")


def cell(page, row, column):
    return page.locator(f"#c-{row}-{column}")


def paste(page, selector, text):
    """Paste as a spreadsheet does: a ClipboardEvent carrying tab-separated text."""
    page.locator(selector).focus()
    page.evaluate("""([selector, text]) => {
        const data = new DataTransfer();
        data.setData('text/plain', text);
        document.querySelector(selector).dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true}));
    }""", [selector, text])


def test_enter_the_seed_expenditure_table_by_typing_and_pasting(page, demo):
    from apps.reports.models import ExpenditureLine

    ExpenditureLine.objects.filter(report__fiscal_year=2021).delete()  # start from an empty 公开03表
    base = demo.url
    login(page, base)
    page.goto(f"{base}/entry/410882-zwfw/2021/tables/expenditure/")
    # Pick every 项 from the catalogue, by name or by code.
    for query, code in (("政务公开", "2010306"), ("2010350", "2010350"), ("2019999", "2019999"),
                        ("基本养老保险缴费", "2080505"), ("2080599", "2080599"), ("行政单位医疗", "2101101"),
                        ("2101102", "2101102")):
        page.fill("#item-search", query)
        page.locator(f"#item-results button[data-code='{code}']").click()
        expect(page.locator(f"#c-{code}-basic")).to_be_visible()
    expect(page.locator("#c-201-total")).to_have_text("")  # 类 and 款 rows came by themselves
    expect(page.locator("#c-20103-total")).to_be_visible()

    # Type the first two rows, moving with Tab and Enter.
    cell(page, "2010306", "basic").click()
    page.keyboard.type("102.58")
    page.keyboard.press("Tab")
    page.keyboard.type("84.65")
    page.keyboard.press("Tab")
    page.keyboard.type("0.00")
    page.keyboard.press("Tab")
    page.keyboard.type("0.00")
    cell(page, "2010350", "basic").click()
    page.keyboard.type("4.30")
    page.keyboard.press("Enter")  # Enter moves down the column, past the 款 row, to 2019999
    expect(cell(page, "2019999", "basic")).to_be_focused()
    cell(page, "2010350", "to_superior").fill("0.00")
    cell(page, "2010350", "operating").fill("0.00")
    expect(page.locator("#c-20103-basic")).to_have_text("106.88")
    expect(page.locator("#c-2010306-total")).to_have_text("187.23")

    # Paste the remaining five rows as copied from a spreadsheet (one block of four columns).
    block = "\n".join("\t".join(SEED_T03[code]) for code in ("2019999", "2080505", "2080599", "2101101", "2101102"))
    paste(page, "#c-2019999-basic", block + "\n")
    expect(page.locator("#c-total-total")).to_have_text("214.46")
    expect(page.locator("#c-total-basic")).to_have_text("123.81")
    expect(page.locator("#c-total-project")).to_have_text("90.65")
    expect(page.locator("#c-208-total")).to_have_text("11.58")
    expect(page.locator("#c-21011-basic")).to_have_text("5.35")

    page.click("#save-button")
    expect(page.locator(".message.success")).to_contain_text("已保存草稿")
    page.reload()
    for code, values in SEED_T03.items():
        for column, value in zip(COLUMNS, values):
            expect(cell(page, code, column)).to_have_value(value)
    expect(page.locator("#c-total-total")).to_have_text("214.46")
    lines = {line.subject.code: line for line in ExpenditureLine.objects.filter(report__fiscal_year=2021)}
    assert str(lines["2010306"].basic) == "1025800.00" and lines["2019999"].basic is None


def test_imbalance_between_tables_is_shown_on_its_cells_and_clears(page, demo):
    base = demo.url
    login(page, base)
    url = f"{base}/entry/410882-zwfw/2021/tables/basic/"
    page.goto(url)
    expect(page.locator(".findings-panel")).to_contain_text("本页没有发现问题")
    cell(page, "30201", "amount").fill("1.24")
    expect(page.locator("#c-302-amount")).to_have_text("15.30")  # live subtotal
    expect(page.locator("#c-public_total-amount")).to_have_text("15.30")
    page.click("#save-button")
    finding = page.locator(".findings-panel li.finding-error")
    expect(finding).to_contain_text("T06-04")
    expect(finding).to_contain_text("公开05表")
    expect(finding).to_contain_text("相差 1.00 万元")
    flagged = re.compile(r"\bfinding-error\b")
    expect(page.locator("#c-public_total-amount")).to_have_class(flagged)
    expect(page.locator("#c-personnel_total-amount")).to_have_class(flagged)
    finding.locator("a", has_text="公开05表").click()  # the other side of the relation, by the panel's link
    expect(page).to_have_url(re.compile(r"/tables/general_budget/#c-total-basic$"))
    expect(page.locator("#c-total-basic")).to_have_class(flagged)
    expect(page.locator("#c-total-basic")).to_be_in_viewport()
    expect(page.locator(".findings-panel li.finding-error")).to_contain_text("T06-04")
    page.goto(url)
    cell(page, "30201", "amount").fill("0.24")
    page.click("#save-button")
    expect(page.locator(".findings-panel")).to_contain_text("本页没有发现问题")
    expect(page.locator("#c-public_total-amount")).not_to_have_class(flagged)


def test_one_findings_panel_counts_each_finding_once_and_links_to_its_places(page, demo):
    """The overview lists every finding once (tables, 情况说明, sheets), its counts add up to the headline, and each
    place is a link that opens the field; a cross-table finding is counted on one table only."""
    base = demo.url
    login(page, base)
    page.goto(f"{base}/entry/410882-zwfw/2021/tables/basic/")
    cell(page, "30201", "amount").fill("1.24")  # T06-04: 公开06表 against 公开05表
    page.click("#save-button")
    page.click("nav.entry-nav >> text=填报总览")
    expect(page.locator("p.summary")).to_contain_text("错误 1 条")
    status = page.locator("table.status")
    errors = [int(text) for text in status.locator("tbody td:nth-child(3)").all_inner_texts()]
    assert sum(errors) == 1 and status.locator("tfoot td").nth(1).inner_text() == "1"
    warnings = [int(text) for text in status.locator("tbody td:nth-child(4)").all_inner_texts()]
    panel = page.locator(".findings-panel")
    assert sum(warnings) == panel.locator("li.finding-warning").count() > 0
    expect(panel.locator("li.finding-error")).to_have_count(1)
    panel.locator("li", has_text="电费节约率").locator("a").click()  # a sheet's indicator row
    expect(page).to_have_url(re.compile(r"/sheets/2/#row-5-actual$"))
    expect(page.locator("#row-5-actual")).to_be_focused()
    page.go_back()
    page.locator(".findings-panel li.finding-error a", has_text="公开06表").first.click()
    expect(page).to_have_url(re.compile(r"/tables/basic/#c-"))
    page.locator(".findings-panel li", has_text="电费节约率").first.wait_for(state="attached")  # the others, folded
    expect(page.locator(".findings-elsewhere")).to_contain_text("其他表和部分的审核结果")


def test_removing_a_row_with_figures_asks_first(page, demo):
    base = demo.url
    login(page, base)
    page.goto(f"{base}/entry/410882-zwfw/2021/tables/expenditure/")
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.click("button[value='remove:2010350']")
    expect(page.locator("#c-2010350-basic")).to_be_visible()  # dismissed: nothing removed
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("button[value='remove:2010350']")
    expect(page.locator(".message.success")).to_contain_text("已删除科目")
    expect(page.locator("#c-2010350-basic")).to_have_count(0)


def test_enter_adds_the_item_found_and_never_removes_a_row(page, demo):
    """Enter in the 项 search adds the first 科目 found and, with nothing typed, does nothing — it never presses the
    first row's 删除 (the browser's implicit submission would)."""
    base = demo.url
    login(page, base)
    page.goto(f"{base}/entry/410882-zwfw/2021/tables/expenditure/")
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.fill("#item-search", "2010301")
    expect(page.locator("#item-results button[data-code='2010301']")).to_be_visible()
    page.press("#item-search", "Enter")
    expect(page.locator(".message.success")).to_contain_text("已添加科目")
    expect(page.locator("#c-2010301-basic")).to_be_visible()
    expect(page.locator("#c-2010306-basic")).to_be_visible()  # the first row is still there
    page.locator("#item-search").fill("")
    page.press("#item-search", "Enter")  # nothing typed: nothing happens
    expect(page.locator("#c-2010306-basic")).to_be_visible()
    assert dialogs == []
