"""What stood in people's way (issue 22), from their side: an accountant's typing is never lost without a word,
submitting asks first and the report stays readable afterwards, each person lands on their own work, and a
reviewer's irreversible steps ask first and show that they are under way."""
import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import login

pytestmark = pytest.mark.e2e
REPORT = "410882-zwfw/2021"


def test_leaving_a_table_with_unsaved_typing_asks_first(page, demo):
    base = demo.url
    login(page, base, "kuaiji")
    page.goto(f"{base}/entry/{REPORT}/tables/expenditure/")
    page.fill("#c-2010350-basic", "5.30")
    asked = []

    def stay(dialog):
        asked.append(dialog.type)
        dialog.dismiss()

    page.once("dialog", stay)
    page.click("nav.entry-nav >> text=公开02表")
    expect(page).to_have_url(f"{base}/entry/{REPORT}/tables/expenditure/")  # stayed: the typing is still there
    assert asked == ["beforeunload"]
    expect(page.locator("#c-2010350-basic")).to_have_value("5.30")

    page.click("#save-button")  # saving is leaving on purpose: no question
    expect(page.locator(".message.success")).to_contain_text("已保存草稿")
    page.click("nav.entry-nav >> text=公开02表")
    expect(page).to_have_url(f"{base}/entry/{REPORT}/tables/income/")


def test_submitting_asks_first_and_the_tables_stay_readable(page, demo):
    base = demo.url
    login(page, base, "kuaiji")
    expect(page).to_have_url(f"{base}/entry/")  # an accountant lands on 我的填报
    page.click("table.list a:text-is('填报')")
    questions = []

    def answer(accept):
        def handle(dialog):
            questions.append(dialog.message)
            dialog.accept() if accept else dialog.dismiss()
        return handle

    page.once("dialog", answer(False))
    page.click("#submit-button")
    assert "确定提交“沁阳市政务服务和大数据管理局 2021年度部门决算”吗" in questions[0]
    expect(page.locator("#submit-button")).to_be_visible()  # not submitted
    page.once("dialog", answer(True))
    page.click("#submit-button")
    expect(page.locator(".message.success")).to_contain_text("已提交")

    page.click("table.list a:text-is('查看填报内容')")
    expect(page.locator("#readonly-banner")).to_contain_text("已提交，审核中")
    page.click("nav.entry-nav >> text=公开03表")
    expect(page.locator("#readonly-banner")).to_contain_text("以下为只读查看")
    expect(page.locator("#c-2010306-basic")).to_have_text("102.58")  # the figure, not a field
    expect(page.locator("table.entry-grid input")).to_have_count(0)
    expect(page.locator("#save-button")).to_have_count(0)
    page.goto(f"{base}/entry/{REPORT}/sections/overview/")
    expect(page.locator("form.section-form textarea").first).to_be_disabled()


def test_the_reviewer_lands_on_the_queue_and_each_irreversible_step_asks(page, demo, settings, tmp_path):
    from apps.reports.models import Report
    from apps.workflow import services as workflow
    from tests.helpers import accept_explanations, user

    settings.MEDIA_ROOT = tmp_path
    report = Report.objects.get(department__code="410882-zwfw", fiscal_year=2021)
    workflow.report_submit(report=report, by=user("kuaiji"))
    accept_explanations(report.warning_explanations.all())  # the seed's warnings, explained and accepted
    base = demo.url
    login(page, base, "shenhe")
    expect(page).to_have_url(f"{base}/review/")  # a reviewer lands on the queue
    page.click("text=沁阳市政务服务和大数据管理局")
    questions, accept = [], []

    def answer(dialog):
        questions.append(dialog.message)
        dialog.accept() if accept else dialog.dismiss()

    page.on("dialog", answer)
    page.click("#return-button")
    page.click("#approve-button")
    assert questions == ["确定把这份决算退回部门修改吗？", "审核通过后部门不能再修改，下一步是公开。确定审核通过吗？"]
    expect(page.locator("#approve-button")).to_be_visible()  # nothing happened
    assert Report.objects.get(pk=report.pk).state == Report.State.SUBMITTED

    accept.append(True)
    page.click("#approve-button")
    expect(page.locator(".message.success")).to_contain_text("已审核通过")
    page.evaluate("""window.addEventListener("pagehide", () => {  // what the page showed while it waited
        const button = document.getElementById("publish-button");
        sessionStorage.setItem("waiting", JSON.stringify({disabled: button.disabled, button: button.textContent,
            status: document.querySelector("p[role=status]").textContent}));
    })""")
    page.click("#publish-button")
    assert questions[-1] == "公开后任何人都能查看和下载，不能撤回（更正须发布新的版本）。确定公开吗？"
    expect(page.locator(".message.success")).to_contain_text("已公开", timeout=60000)
    waiting = page.evaluate("JSON.parse(sessionStorage.getItem('waiting'))")
    assert waiting == {"disabled": True, "button": "正在提交公开，请稍候……", "status": "正在提交公开，请稍候……"}


def test_a_rejection_with_its_reason_reaches_the_accountant_and_the_rest_are_accepted_at_once(page, demo):
    from apps.reports.models import Report
    from apps.workflow import services as workflow
    from tests.helpers import user

    report = Report.objects.get(department__code="410882-zwfw", fiscal_year=2021)
    workflow.report_submit(report=report, by=user("kuaiji"))
    base = demo.url
    page.on("dialog", lambda dialog: dialog.accept())
    login(page, base, "shenhe")
    page.goto(f"{base}/review/{REPORT}/")
    first = page.locator("#" + page.locator(".warning-review.pending").first.get_attribute("id"))
    first.scroll_into_view_if_needed()
    page.evaluate("window.loaded = true")  # gone if the page reloads
    at = page.evaluate("window.scrollY")
    first.locator("button[value=rejected]").click()  # no reason: refused, in place
    expect(first.locator(".verdict-message")).to_have_text("不认可时请写明理由，部门会计据此修改说明或数据。")
    expect(first.locator(".verdict-status")).to_have_text("待审核")
    first.locator("input[name=note]").fill("请说明偏差的具体原因")
    first.locator("button[value=rejected]").click()
    expect(first.locator(".verdict-status")).to_have_text("不认可：请说明偏差的具体原因")
    expect(page.locator("#accept-all")).to_have_text("全部认可（7 条待审核）")  # one fewer to judge
    second = page.locator("#" + page.locator(".warning-review.pending").first.get_attribute("id"))
    second.locator("button[value=accepted]").click()
    expect(second.locator(".verdict-status")).to_have_text("认可")
    expect(page.locator("#accept-all")).to_have_text("全部认可（6 条待审核）")
    assert page.evaluate("window.loaded") is True and page.evaluate("window.scrollY") == at  # no reload, no jump
    page.reload()
    expect(page.locator(".warning-review").first).to_contain_text("不认可：请说明偏差的具体原因")  # saved
    page.click("#accept-all")
    expect(page.locator(".message.success")).to_contain_text("已认可 6 条警告说明")
    expect(page.locator(".warning-review.pending")).to_have_count(0)
    page.fill("#return-comment", "一条警告说明需要补充")
    page.click("#return-button")
    page.click("header form button[type=submit]")

    login(page, base, "kuaiji")
    page.goto(f"{base}/entry/{REPORT}/")
    expect(page.locator(".verdict-rejected")).to_have_text(
        "审核意见：不认可：请说明偏差的具体原因（请修改说明或数据后重新提交）")
    expect(page.locator(".verdict-accepted")).to_have_count(7)


def test_full_width_digits_add_up_in_the_live_totals_as_the_server_reads_them(page, demo):
    base = demo.url
    login(page, base, "kuaiji")
    url = f"{base}/entry/{REPORT}/tables/basic/"
    page.goto(url)
    page.fill("#c-30201-amount", "１．２４")  # typed with a Chinese input method in full-width mode
    expect(page.locator("#c-302-amount")).to_have_text("15.30")  # not “?”
    page.fill("#c-30201-amount", "０．２４")
    expect(page.locator("#c-302-amount")).to_have_text("14.30")
    page.click("#save-button")
    expect(page.locator(".message.success")).to_contain_text("已保存草稿")
    expect(page.locator("#c-30201-amount")).to_have_value("0.24")


def test_rows_pasted_with_their_codes_land_on_their_rows(page, demo):
    from tests.e2e.test_entry_browser import paste

    base = demo.url
    login(page, base, "kuaiji")
    page.goto(f"{base}/entry/{REPORT}/tables/expenditure/")
    # two rows copied whole from the official table in WPS (编码, 名称, 合计, 基本, 项目 …), in another order, and a
    # 科目 this table does not have
    rows = ("2010350\t事业运行\t5.30\t5.30\t\t\t\t\n"
            "2010306\t政务公开审批\t190.00\t105.35\t84.65\t0.00\t0.00\t\n"
            "2130101\t行政运行\t1.00\t1.00\t\t\t\t\n"
            "合计\t\t195.30\t110.65\t84.65\t\t\t\n")
    paste(page, "#c-2010306-basic", rows)
    expect(page.locator("#c-2010306-basic")).to_have_value("105.35")  # not the code, not the 合计
    expect(page.locator("#c-2010306-project")).to_have_value("84.65")
    expect(page.locator("#c-2010350-basic")).to_have_value("5.30")
    expect(page.locator("#c-2010306-total")).to_have_text("190.00")  # computed from what was pasted
    expect(page.locator("#paste-status")).to_have_text(
        "未粘贴：本表没有科目 2130101。请先用下面的“添加科目（项）”添加，再粘贴这几行。"
        "未粘贴：第 4 行没有科目编码（合计行或空行），按编码粘贴时不填。")
    expect(page.locator("#c-2010306-subsidy")).to_have_value("")  # the 合计 line went nowhere
    page.click("#save-button")
    expect(page.locator(".message.success")).to_contain_text("已保存草稿")
    expect(page.locator("#c-2010306-basic")).to_have_value("105.35")

    # 公开06表 prints three blocks side by side: a 款 of the second block goes to its own cell
    page.goto(f"{base}/entry/{REPORT}/tables/basic/")
    paste(page, "#c-30101-amount", "30201\t办公费\t1.24\n")
    expect(page.locator("#c-30201-amount")).to_have_value("1.24")
    expect(page.locator("#c-30101-amount")).not_to_have_value("1.24")


def test_the_grid_for_keyboard_and_screen_reader_users(page, demo):
    base = demo.url
    login(page, base, "kuaiji")
    page.goto(f"{base}/entry/{REPORT}/tables/expenditure/")
    basic = page.locator("#c-2010306-basic")
    assert basic.get_attribute("aria-label") == "公开03表 2010306 政务公开审批 第2栏“基本支出”"
    # Tab goes from figure to figure of a row, then to the next row's first figure: never to a 删除 button
    page.focus("#c-2010306-subsidy")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "c-2010350-basic"
    # a change is announced with the row's and the table's new totals
    basic.fill("103.58")
    basic.press("Tab")
    expect(page.locator("p[aria-live=polite]")).to_have_text("2010306 政务公开审批 合计 188.23，全表合计 215.46")
    # the header rows stay in view, stacked, when the table scrolls
    page.set_viewport_size({"width": 1366, "height": 420})
    page.evaluate("document.querySelector('.table-scroll').scrollTop = 150")
    box = page.evaluate("""(() => {
        const scroller = document.querySelector('.table-scroll').getBoundingClientRect();
        return {top: scroller.top, rows: Array.from(document.querySelectorAll('table.entry-grid thead tr'))
            .map((row) => { const r = row.cells[0].getBoundingClientRect(); return [r.top, r.bottom]; })};
    })()""")
    assert abs(box["rows"][0][0] - box["top"]) <= 1  # the first header row at the top of the scrolled table
    for (_, bottom), (top, _) in zip(box["rows"], box["rows"][1:]):
        assert top >= bottom - 1  # each below the one above it, none over another
    # arrow keys move through the 科目 found; Enter adds the highlighted one
    page.fill("#item-search", "20103")
    expect(page.locator("#item-results li")).not_to_have_count(0)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    chosen = page.locator("#item-results li[aria-selected=true] button").get_attribute("data-code")
    assert chosen == page.locator("#item-results li button").nth(1).get_attribute("data-code")
    page.keyboard.press("Enter")
    expect(page.locator(f"#c-{chosen}-basic")).to_have_count(1)


def test_a_hand_written_section_shows_what_will_be_published_and_its_check_and_leads_on(page, demo):
    base = demo.url
    login(page, base, "kuaiji")
    page.goto(f"{base}/entry/{REPORT}/sections/narrative-total/")
    page.click("a[rel=next]")
    expect(page.locator("h1")).to_have_text("第三部分 情况说明 二、收入决算情况说明")
    page.uncheck("#id_use_generated")
    page.fill("#id_body", "2021年度收入合计202.47万元，全部为财政拨款收入。")
    page.click("form.section-form button[type=submit]")
    expect(page.locator(".published-text")).to_contain_text("2021年度收入合计202.47万元，全部为财政拨款收入。")
    expect(page.locator(".findings-panel")).to_contain_text("N-38 错误")  # 202.47 is not what the tables say
    page.click("a[rel=prev]")
    expect(page.locator("h1")).to_have_text("第三部分 情况说明 一、收入支出决算总体情况说明")


@pytest.mark.parametrize("width", [390, 1366])
def test_the_changed_working_pages_have_no_serious_accessibility_violation(page, demo, width):
    """axe-core on the pages this work changed, as the accountant (a draft, then read only) and the reviewer see them."""
    from axe_playwright_python.sync_playwright import Axe

    from apps.reports.models import Report
    from apps.workflow import services as workflow
    from tests.helpers import user

    page.set_viewport_size({"width": width, "height": 844})
    axe, found = Axe(), {}

    def check(path):
        page.goto(f"{demo.url}{path}")
        serious = [v for v in axe.run(page).response["violations"] if v["impact"] in ("serious", "critical")]
        if serious:
            found[path] = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in serious]

    login(page, demo.url, "kuaiji")
    for path in ("/entry/", f"/entry/{REPORT}/", f"/entry/{REPORT}/tables/expenditure/",
                 f"/entry/{REPORT}/sections/narrative-income/", f"/entry/{REPORT}/sections/facts/",
                 f"/entry/{REPORT}/sheets/2/"):
        check(path)
    workflow.report_submit(report=Report.objects.get(department__code="410882-zwfw", fiscal_year=2021),
                           by=user("kuaiji"))
    for path in (f"/entry/{REPORT}/", f"/entry/{REPORT}/tables/expenditure/", f"/entry/{REPORT}/sheets/",
                 f"/entry/{REPORT}/sheets/2/"):  # read only
        check(path + "?read-only")
    page.click("header form button[type=submit]")
    login(page, demo.url, "shenhe")
    for path in ("/review/", "/review/?state=returned", f"/review/{REPORT}/", "/bureau/dashboard/"):
        check(path)
    assert found == {}
