"""Entering a self-evaluation sheet through the form: round trips, computed scores, bad input."""
import html
import re
from decimal import Decimal

import pytest

from apps.performance.models import EvaluationSheet, Indicator
from tests.helpers import findings_on_page

BASE = "/entry/410882-zwfw/2021/sheets"


def login(client):
    assert client.login(username="kuaiji", password="kuaiji-2021-demo")


def form_of(client, url):
    """The form as a browser would submit it (values unescaped)."""
    page = client.get(url).content.decode()
    data = {k: html.unescape(v) for k, v in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', page)}
    data.update({k: html.unescape(v) for k, v in re.findall(
        r'<textarea[^>]*name="([^"]+)"[^>]*>([^<]*)</textarea>', page)})
    data.pop("csrfmiddlewaretoken", None)
    return data


def snapshot(sheet):
    return [(i.level, i.name, i.comparator, i.target_value, i.target_unit, i.actual_value, i.actual_unit, i.weight,
             i.score, i.deviation_note, i.description) for i in sheet.indicators.order_by("order")]


@pytest.mark.parametrize("order, total", [(1, "99.8"), (3, "99.4"), (8, "93.7")])
def test_saving_the_form_unchanged_keeps_the_sheet(client, demo_report, order, total):
    login(client)
    sheet = EvaluationSheet.objects.get(report=demo_report, order=order)
    before = snapshot(sheet)
    weights = dict(sheet.indicators.filter(level=1).values_list("name", "weight"))
    url = f"{BASE}/{order}/"
    response = client.post(url, form_of(client, url))
    assert response.status_code == 302
    sheet.refresh_from_db()
    assert snapshot(sheet) == before
    assert dict(sheet.indicators.filter(level=1).values_list("name", "weight")) == weights
    assert sheet.total_score == Decimal(total)
    page = client.get(url).content.decode()
    assert f'<strong id="computed-total">{total.rstrip("0").rstrip(".") if "." in total else total}</strong>' in page


def test_the_product_computes_the_budget_score_and_total(client, demo_report):
    login(client)
    url = f"{BASE}/3/"
    data = form_of(client, url)
    data["funding-total-executed"] = "11.00"  # 全年执行数 = 全年预算数: 100%, full 10 points
    assert client.post(url, data).status_code == 302
    sheet = EvaluationSheet.objects.get(report=demo_report, order=3)
    assert (sheet.budget_score, sheet.total_score) == (Decimal("10.0"), Decimal("100.0"))


def test_bad_input_is_reported_and_nothing_saved(client, demo_report):
    login(client)
    url = f"{BASE}/2/"
    data = form_of(client, url)
    data["row-0-weight"] = "十"
    data["funding-total-executed"] = "-1"
    response = client.post(url, data)
    assert response.status_code == 422
    page = response.content.decode()
    assert "“十”不是有效的数字" in page and "此栏不能填报负数" in page
    assert Indicator.objects.filter(sheet__report=demo_report, sheet__order=2, level=3).count() == 10


def test_new_project_sheet(client, demo_report):
    login(client)
    response = client.post(f"{BASE}/new/")
    assert response.status_code == 302 and response["Location"] == f"{BASE}/9/"
    sheet = EvaluationSheet.objects.get(report=demo_report, order=9)
    assert sheet.kind == "project" and sheet.funding_rows.count() == 4


def test_sheet_page_lists_the_findings_of_that_sheet(client, demo_report):
    login(client)
    whole = client.get(f"{BASE}/6/").content.decode()
    assert 'aria-label="年度资金总额 全年执行数"' in whole and " executed\"" not in whole  # read out as printed
    page = findings_on_page(whole)  # 劳务派遣人员工资
    assert "P-06 警告" in page and "实际完成值 15 未达到年度指标值 = 14人；按公式得分 9.3，填报得分 9。" in page
    assert "统一服装费用项目支出绩效自评表：" not in page  # another sheet's own findings are listed apart
    page = findings_on_page(client.get(f"{BASE}/2/").content.decode())  # 电费
    assert "电费节约率" in page and "P-10 警告" in page
