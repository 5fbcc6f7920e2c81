"""The public portal in headless Chromium at phone and desktop width: a visitor searches for the demo department
and downloads its PDF; every public page passes axe-core with no serious or critical violation."""
import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

PUBLIC_PAGES = ("/", "/?q=政务服务", "/departments/410882-zwfw/", "/departments/410882-zwfw/compare/",
                "/reports/410882-zwfw/2021/", "/open-data/", "/corrections/", "/rules/")


@pytest.fixture
def published_demo(demo, settings, tmp_path):
    from apps.reports.models import Report
    from tests.helpers import publish

    settings.MEDIA_ROOT = tmp_path
    publish(Report.objects.get(department__code="410882-zwfw", fiscal_year=2021))
    return demo


@pytest.mark.parametrize("width", [390, 1366])
def test_visitor_finds_the_department_and_downloads_its_pdf(page, published_demo, width):
    page.set_viewport_size({"width": width, "height": 844})
    page.goto(f"{published_demo.url}/")
    page.fill("#q", "政务服务")
    page.click("#search-button")
    expect(page.locator("table.list caption")).to_contain_text("共 1 份")
    page.click("text=历年")
    expect(page.locator("h1")).to_have_text("沁阳市政务服务和大数据管理局")
    expect(page.locator("svg.chart")).to_have_count(4)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")  # nothing overflows
    with page.expect_download() as download:
        page.click("text=PDF >> nth=0")
    from pathlib import Path

    content = Path(download.value.path()).read_bytes()
    assert content[:5] == b"%PDF-" and len(content) > 100_000
    assert download.value.suggested_filename == "沁阳市政务服务和大数据管理局2021年度部门决算.pdf"  # its title


@pytest.mark.parametrize("width", [390, 1366])
def test_public_pages_have_no_serious_accessibility_violation(page, published_demo, width):
    page.set_viewport_size({"width": width, "height": 844})
    axe = Axe()
    found = {}
    for path in PUBLIC_PAGES:
        page.goto(f"{published_demo.url}{path}")
        results = axe.run(page)
        serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
        if serious:
            found[path] = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in serious]
    assert found == {}


def test_on_a_phone_the_charts_come_first_and_a_wide_table_says_it_scrolls_keeping_its_names(page, published_demo):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{published_demo.url}/reports/410882-zwfw/2021/")
    page.click(".document-nav >> text=主要数字图表")  # the first entry of the contents
    charts_top = page.evaluate("document.getElementById('charts').getBoundingClientRect().top + window.scrollY")
    overview_top = page.evaluate("document.getElementById('part-overview').getBoundingClientRect().top + window.scrollY")
    assert charts_top < overview_top  # 图表 before the first part, not 6,000 px down
    table = page.locator("#table-expenditure")
    expect(table.locator(".scroll-hint")).to_be_visible()
    expect(table.locator(".scroll-hint")).to_have_text("表格较宽：左右滑动查看各栏，科目名称固定在左侧。")
    table.locator(".table-scroll").evaluate("(scroller) => { scroller.scrollLeft = 250; }")
    edges = table.evaluate("""(section) => {
        const scroller = section.querySelector('.table-scroll').getBoundingClientRect().left;
        const name = [...section.querySelectorAll('tbody th[scope=row]')].find((th) => th.textContent.includes('政务公开审批'));
        const heading = [...section.querySelectorAll('thead th')].find((th) => th.textContent.includes('科目名称'));
        return [scroller, name.getBoundingClientRect().left, heading.getBoundingClientRect().left];
    }""")
    assert edges[1] == pytest.approx(edges[0], abs=1) and edges[2] == pytest.approx(edges[0], abs=1)  # names stay
    expect(page.locator("#table-expenditure .scroll-hint")).to_be_visible()
    page.set_viewport_size({"width": 1366, "height": 768})
    expect(page.locator("#table-expenditure .scroll-hint")).to_be_hidden()  # a wide screen needs no hint
