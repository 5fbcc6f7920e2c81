"""The accountant's new year through the real pages: last year's 绩效自评表 carried with empty results (the 部门整体
sheet always there), the 项级年初预算 grid pre-filled with the 项 of 公开05表, the overview naming what is missing."""
import re
from decimal import Decimal

import pytest

from apps.performance.models import EvaluationSheet, Indicator
from apps.reports.models import ItemBudget, Report, StandardGlossaryTerm
from apps.reports.services.catalogues import catalogue_copy

pytestmark = pytest.mark.django_db


def login(client, username="kuaiji"):
    assert client.login(username=username, password=f"{username}-2021-demo")


@pytest.fixture
def year_2022(demo_report):
    catalogue_copy(2022)
    return demo_report


def new_report(client, demo_report, copy=True) -> Report:
    login(client)
    response = client.post("/entry/", {"department": demo_report.department_id, "fiscal_year": "2022",
                                       "unit": "wan_yuan", **({"copy_previous": "on"} if copy else {})})
    assert response.status_code == 302, response.content.decode()[:2000]
    return Report.objects.get(department=demo_report.department, fiscal_year=2022)


def test_last_years_sheets_come_with_their_indicators_and_empty_results(client, year_2022):
    report = new_report(client, year_2022)
    old = list(year_2022.evaluation_sheets.order_by("order"))
    new = list(report.evaluation_sheets.order_by("order"))
    assert [(s.kind, s.order, s.name) for s in new] == [(s.kind, s.order, s.name) for s in old]
    assert new[0].kind == EvaluationSheet.Kind.DEPARTMENT
    for before, after in zip(old, new, strict=True):
        shape = lambda sheet: [(i.level, i.order, i.name, i.weight, i.comparator, i.target_value, i.target_unit,  # noqa: E731
                                i.parent.name if i.parent else None) for i in sheet.indicators.order_by("level", "order")]
        assert shape(after) == shape(before) and shape(after)
        assert after.total_score is None and after.budget_score is None and after.grade == ""
        assert all(i.actual_value is None and i.score is None and i.deviation_note == "" for i in after.indicators.all())
        assert all(r.initial_budget is r.annual_budget is r.executed is None for r in after.funding_rows.all())
        assert [g.content for g in after.goals.all()] == [g.content for g in before.goals.all()]
        assert all(g.outcome == "" for g in after.goals.all())
    assert year_2022.evaluation_sheets.filter(total_score__isnull=False).count() == len(old)  # last year untouched


def test_a_report_started_without_last_year_has_its_department_sheet(client, year_2022):
    report = new_report(client, year_2022, copy=False)
    sheet = report.evaluation_sheets.get()
    assert sheet.kind == EvaluationSheet.Kind.DEPARTMENT and sheet.name == year_2022.department.name
    assert sorted(sheet.funding_rows.values_list("kind", flat=True)) == ["fiscal", "other", "total"]
    page = client.get("/entry/410882-zwfw/2022/sheets/").content.decode()
    assert "部门（单位）整体绩效自评表" in page and "添加部门（单位）整体绩效自评表" not in page


def test_the_department_sheet_can_be_added_once_to_a_report_that_lacks_it(client, demo_report):
    EvaluationSheet.objects.filter(report=demo_report, kind="department").delete()
    login(client)
    page = client.get("/entry/410882-zwfw/2021/sheets/").content.decode()
    assert "添加部门（单位）整体绩效自评表" in page
    overview = client.get("/entry/410882-zwfw/2021/").content.decode()
    assert "部门（单位）整体绩效自评表</a> <span class=\"todo\">未填</span>" in overview and "尚未添加" in overview
    response = client.post("/entry/410882-zwfw/2021/sheets/new/", {"kind": "department"})
    sheet = demo_report.evaluation_sheets.get(kind="department")
    assert response.status_code == 302 and response["Location"].endswith(f"/sheets/{sheet.order}/")
    assert sheet.order < min(demo_report.evaluation_sheets.filter(kind="project").values_list("order", flat=True))
    assert demo_report.events.filter(target="新增部门（单位）整体绩效自评表").exists()
    again = client.post("/entry/410882-zwfw/2021/sheets/new/", {"kind": "department"}, follow=True)
    assert "本决算已有部门（单位）整体绩效自评表。" in again.content.decode()
    assert demo_report.evaluation_sheets.filter(kind="department").count() == 1
    assert client.post("/entry/410882-zwfw/2021/sheets/new/", {"kind": "anything"}).status_code == 404


def test_shanghai_reports_start_without_sheets(client, db):
    report = Report.objects.get(department__code="310000-sample", fiscal_year=2024)
    assert not report.template.evaluation_sheets and not report.evaluation_sheets.exists()
    assert client.login(username="shkuaiji", password="shkuaiji-2024-demo")
    overview = client.get("/entry/310000-sample/2024/").content.decode()
    assert "绩效自评表</a>" not in overview  # neither in the navigation nor among the parts
    assert "添加部门（单位）整体绩效自评表" not in client.get("/entry/310000-sample/2024/sheets/").content.decode()


def test_item_budget_grid_lists_every_item_of_table_05_and_saves_only_what_is_typed(client, year_2022):
    report = new_report(client, year_2022)
    assert not report.item_budgets.exists()
    url = "/entry/410882-zwfw/2022/sections/budgets/"
    page = client.get(url).content.decode()
    codes = sorted(year_2022.general_budget_lines.values_list("subject__code", flat=True))
    assert codes and all(f'<span class="item-code">{code}</span>' in page for code in codes)
    assert "决算数（万元）" in page
    form = dict(re.findall(r'name="(budgets-[^"]+)"[^>]*value="([^"]*)"', page))
    rows = {value: name.split("-")[1] for name, value in form.items() if name.endswith("-subject") and value}
    first = rows[str(report.general_budget_lines.get(subject__code=codes[0]).subject_id)]
    data = {**form, f"budgets-{first}-initial_budget": "12.34", f"budgets-{first}-variance_reason": "年中追加。"}
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    saved = ItemBudget.objects.get(report=report)
    assert (saved.subject.code, saved.initial_budget, saved.variance_reason) == (codes[0], Decimal("123400.00"), "年中追加。")
    page = client.get(url).content.decode()
    assert page.count(f'<span class="item-code">{codes[0]}</span>') == 1 and all(
        f'<span class="item-code">{code}</span>' in page for code in codes)


def test_overview_lists_every_missing_part_before_submission(client, year_2022):
    StandardGlossaryTerm.objects.filter(fiscal_year=2022).delete()
    report = new_report(client, year_2022)
    assert not report.glossary.filter(is_standard=True).exists()
    report.glossary.all().delete()
    page = client.get("/entry/410882-zwfw/2022/").content.decode()
    missing = re.search(r'<div class="missing-parts" role="note">(.*?)</div>', page, re.S).group(1)
    assert "名词解释为空" in missing
    assert re.search(r"情况说明所需的其他数据.*?未填 \d+ 项（共 \d+ 项）", missing)
    items = report.general_budget_lines.count()  # last year's 项, carried blank
    assert f"公开05表的 {items} 个项都还没有填写年初预算数" in missing and items
    assert "部门（单位）整体绩效自评表</a>：尚未填写完成情况和得分" in missing
    assert "电费项目支出绩效自评表</a>：尚未填写完成情况和得分" in missing
    assert "第一部分 概况" not in missing  # carried from last year
    assert Indicator.objects.filter(sheet__report=report).exists()
    demo = client.get("/entry/410882-zwfw/2021/").content.decode()
    assert 'class="missing-parts"' not in demo and "missing-summary" not in demo  # the demo is complete
