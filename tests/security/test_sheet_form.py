"""The 绩效自评表 form reads its counts and numbers safely: junk is a message, huge counts are bounded, a number the
sheet cannot hold is refused at its cell instead of breaking the report for good."""
import time

import pytest

from apps.performance.models import EvaluationSheet, Indicator
from tests.performance.test_sheet_entry import BASE, form_of, login, snapshot
from tests.security.conftest import rows_digest


@pytest.mark.parametrize("field, junk", [("rows", "abc"), ("rows", "-1"), ("rows", "１２"), ("goals", "x"),
                                         ("goals", "9" * 30)])
def test_junk_counts_are_not_an_error_page(client, demo_report, field, junk):
    login(client)
    data = form_of(client, f"{BASE}/2/")
    data[field] = junk
    response = client.post(f"{BASE}/2/", data)
    assert response.status_code in (302, 422)


def test_a_huge_goal_count_does_not_drive_a_long_loop(client, demo_report):
    login(client)
    data = form_of(client, f"{BASE}/2/")
    data["goals"] = "3000000"
    started = time.perf_counter()
    response = client.post(f"{BASE}/2/", data)
    assert response.status_code == 302
    assert time.perf_counter() - started < 2  # was 11 s: a loop of three million reads of absent fields


@pytest.mark.parametrize("field, typed", [("target", ">= 99999999999999999999"), ("target", "= 1.000001"),
                                          ("actual", "99999999999999999999"), ("actual", "0.123456"),
                                          # 16 digits: SQLite's floating storage would not give it back
                                          ("target", ">= 999999999999.9995")])
def test_an_indicator_value_the_sheet_cannot_hold_is_refused_at_its_cell(client, demo_report, field, typed):
    login(client)
    sheet = EvaluationSheet.objects.get(report=demo_report, order=2)
    before = snapshot(sheet)
    data = form_of(client, f"{BASE}/2/")
    data[f"row-0-{field}"] = typed
    response = client.post(f"{BASE}/2/", data)
    assert response.status_code == 422
    page = response.content.decode()
    assert f"row-0-{field}：" in page and "超出范围（数值最多 11 位整数、4 位小数）" in page
    assert snapshot(sheet) == before
    for url in (f"{BASE}/2/", "/entry/410882-zwfw/2021/", "/reports/410882-zwfw/2021/"):
        assert client.get(url).status_code == 200  # the report stays usable


def test_targets_typed_with_the_usual_symbols_are_read(client, demo_report):
    login(client)
    data = form_of(client, f"{BASE}/2/")
    data["row-0-target"] = "≥９５％"
    assert client.post(f"{BASE}/2/", data).status_code == 302
    first = Indicator.objects.filter(sheet__report=demo_report, sheet__order=2, level=3).order_by("order").first()
    assert (first.comparator, first.target_value, first.target_unit) == (">=", 95, "%")


def test_junk_never_reaches_another_report(client, attacker, demo_report):
    person, draft = attacker
    client.force_login(person)
    assert client.post("/entry/419999-jtj/2021/sheets/new/").status_code == 302
    sheet = EvaluationSheet.objects.filter(report=draft).latest("order")  # the new one, after those carried
    victim = EvaluationSheet.objects.filter(report=demo_report).order_by("order").first()
    before = rows_digest(excluding=draft)
    response = client.post(f"/entry/419999-jtj/2021/sheets/{sheet.order}/", {
        "rows": "1", "row-0-level1": "产出指标", "row-0-level2": "数量指标", "row-0-name": "x", "row-0-sheet_id":
        str(victim.pk), "report_id": str(demo_report.pk), "id": str(victim.pk), "goals": "1", "goal-0-kind": "overall",
        "goal-0-sheet_id": str(victim.pk)})
    assert response.status_code in (302, 422)
    assert rows_digest(excluding=draft) == before
