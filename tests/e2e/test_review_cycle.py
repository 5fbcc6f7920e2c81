"""The whole cycle in the browser: submit, return with a cell comment, fix and resubmit, approve, publish,
and an anonymous visitor finds the published report."""
import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import login

pytestmark = pytest.mark.e2e


def logout(page):
    page.click("header form button[type=submit]")


def test_submit_return_fix_resubmit_approve_publish(page, demo, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    base = demo.url
    report = "410882-zwfw/2021"
    page.on("dialog", lambda dialog: dialog.accept())  # each irreversible step asks (test_ux_browser.py reads them)

    login(page, base, "kuaiji")
    page.goto(f"{base}/entry/{report}/")
    page.click("#submit-button")
    expect(page.locator(".message.success")).to_contain_text("已提交")
    logout(page)

    login(page, base, "shenhe")
    page.goto(f"{base}/review/")
    page.click("text=沁阳市政务服务和大数据管理局")
    page.click("td[data-cell='income|2010306|fiscal']")
    expect(page.locator("#comment-target")).to_contain_text("政务公开审批")
    page.fill("#comment-text", "请核对：政务公开审批与事业运行的收入划分")
    page.click("#comment-button")
    expect(page.locator(".message.success")).to_contain_text("已添加批注")
    page.fill("#return-comment", "收入决算表有一处划分需要核对")
    page.click("#return-button")
    expect(page.locator(".message.success")).to_contain_text("已退回")
    logout(page)

    login(page, base, "kuaiji")
    page.goto(f"{base}/entry/{report}/")
    expect(page.locator(".returned")).to_contain_text("收入决算表有一处划分需要核对")
    expect(page.locator(".returned")).to_contain_text("公开02表 2010306 政务公开审批 第2栏“财政拨款收入”")
    page.click(".returned a")
    expect(page.locator(".comments")).to_contain_text("请核对：政务公开审批与事业运行的收入划分")
    expect(page.locator("td.has-comment #c-2010306-fiscal")).to_have_count(1)
    page.fill("#c-2010306-fiscal", "184.86")
    page.fill("#c-2010350-fiscal", "3.30")
    expect(page.locator("#c-total-fiscal")).to_have_text("202.74")
    page.click("#save-button")
    expect(page.locator(".message.success")).to_contain_text("已保存草稿")
    page.goto(f"{base}/entry/{report}/")
    page.click("#submit-button")
    expect(page.locator(".message.success")).to_contain_text("已提交")
    logout(page)

    login(page, base, "shenhe")
    page.goto(f"{base}/review/{report}/")
    pending = page.locator(".warning-review.pending")
    expect(pending).to_have_count(8)  # the seed's own warnings, explained by the demo's accountant
    expect(pending.first).to_contain_text("P-06")
    for remaining in range(7, -1, -1):
        pending.first.locator("button[value=accepted]").click()
        expect(pending).to_have_count(remaining)
    page.click("#approve-button")
    expect(page.locator(".message.success")).to_contain_text("已审核通过")
    page.click("#publish-button")
    expect(page.locator(".message.success")).to_contain_text("已公开")
    logout(page)

    page.goto(f"{base}/")
    page.click("text=沁阳市政务服务和大数据管理局")
    expect(page.locator("h1.cover-title")).to_have_text("2021年度部门决算")
    expect(page.locator(".draft-banner")).to_have_count(0)
    expect(page.locator("#table-income")).to_contain_text("184.86")
