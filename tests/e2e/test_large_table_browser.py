"""A 2,000-项 table saves from the browser (it failed from about 500 项: ten form fields per row against Django's
limit on the number of fields)."""
import time
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import login

pytestmark = pytest.mark.e2e
ITEMS = 2000


def large_expenditure_table():
    """2,000 项 under a made-up 类 of the 2021 catalogue, each a row of the demo's 公开03表 with a figure."""
    from apps.reports.models import ExpenditureLine, FunctionalSubject, Report

    report = Report.objects.get(department__code="410882-zwfw", fiscal_year=2021)
    sections = [f"298{s:02d}" for s in range(1, ITEMS // 90 + 2)]
    subjects = [FunctionalSubject(fiscal_year=2021, code="298", name="测试支出", level=1)]
    subjects += [FunctionalSubject(fiscal_year=2021, code=code, name=f"测试款{code}", level=2) for code in sections]
    items = [f"{section}{i:02d}" for section in sections for i in range(1, 91)][:ITEMS]
    subjects += [FunctionalSubject(fiscal_year=2021, code=code, name=f"测试项{code}", level=3) for code in items]
    created = {s.code: s for s in FunctionalSubject.objects.bulk_create(subjects)}
    ExpenditureLine.objects.bulk_create(ExpenditureLine(report=report, subject=created[code], basic=Decimal("10000"))
                                        for code in items)
    return report, items


def test_a_table_of_two_thousand_items_saves_from_the_browser(page, demo):
    from apps.reports.models import ExpenditureLine

    report, items = large_expenditure_table()
    login(page, demo.url)
    started = time.perf_counter()
    page.goto(f"{demo.url}/entry/410882-zwfw/2021/tables/expenditure/", timeout=120_000)
    shown = time.perf_counter() - started
    first, last = items[0], items[-1]
    page.locator(f"#c-{first}-basic").fill("2.00")
    page.locator(f"#c-{last}-project").fill("3.50")
    page.click("#save-button")
    expect(page.locator(".message.success")).to_contain_text("已保存草稿", timeout=120_000)
    saved = {line.subject.code: (line.basic, line.project) for line in
             ExpenditureLine.objects.filter(report=report, subject__code__in=[first, last]).select_related("subject")}
    assert saved == {first: (Decimal("20000.00"), None), last: (Decimal("10000.00"), Decimal("35000.00"))}
    assert ExpenditureLine.objects.filter(report=report, subject__code__startswith="298").count() == ITEMS
    print(f"2,000-项 table page shown in {shown:.1f} s")
