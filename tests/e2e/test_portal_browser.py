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
