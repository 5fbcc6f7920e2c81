"""The accountant's posts are read by forms built from the report: the grid form has a field per typed cell of the
table (a cell the post leaves out is unchanged), the explanations form a field per warning the report has now; the
overview's completeness of each part is read by a selector."""
import re
from decimal import Decimal

from apps.entry.forms import BASE, VALUE, ExplanationsForm, GridForm, cell_field_name
from apps.entry.selectors import current_warnings, parts_status
from apps.reports.computation import compute_tables
from apps.reports.layouts import TableCode
from apps.reports.models import BasicExpenditureLine, ExpenditureLine, ReportOverview, WarningExplanation
from apps.reports.snapshot import load_snapshot
from apps.reports.stored_cells import current_values, typed_cells
from tests.helpers import user

BASE_URL = "/entry/410882-zwfw/2021"
T03 = f"{BASE_URL}/tables/expenditure/"


def test_the_grid_form_has_a_value_and_a_shown_value_per_typed_cell_and_nothing_else(demo_report):
    for table in TableCode.values:
        layout = load_snapshot(demo_report).layouts[table]
        form = GridForm({}, report=demo_report, table=table, layout=layout)
        cells = typed_cells(current_values(demo_report, table, layout), layout)
        assert set(form.fields) == {"action", "add_code", "table_note"} | {
            cell_field_name(prefix, cell) for cell in cells for prefix in (VALUE, BASE)}, table


def test_a_cell_the_post_leaves_out_is_unchanged(client, demo_report):
    """The page's script posts only the cells changed: the others keep what is stored, even if it changed since."""
    client.force_login(user("kuaiji"))
    ExpenditureLine.objects.filter(report=demo_report, subject__code="2010350").update(basic=Decimal("1.00"))
    response = client.post(T03, {"v|2010306|basic": "103.58", "b|2010306|basic": "102.58", "action": "save"})
    assert response.status_code == 302
    lines = dict(ExpenditureLine.objects.filter(report=demo_report).values_list("subject__code", "basic"))
    assert lines["2010306"] == Decimal("1035800.00") and lines["2010350"] == Decimal("1.00")


def test_a_cell_posted_blank_is_cleared(client, demo_report):
    client.force_login(user("kuaiji"))
    response = client.post(T03, {"v|2010306|project": "", "b|2010306|project": "", "v|2010306|basic": "",
                                 "b|2010306|basic": "102.58"})
    assert response.status_code == 302
    assert ExpenditureLine.objects.get(report=demo_report, subject__code="2010306").basic is None


def test_each_bad_cell_gets_its_own_message_in_the_form(demo_report):
    layout = load_snapshot(demo_report).layouts[TableCode.BASIC]
    form = GridForm({"v|30101|amount": "1.234", "b|30101|amount": "x", "v|30102|amount": "-1"}, report=demo_report,
                    table=TableCode.BASIC, layout=layout)
    assert not form.is_valid()
    assert form.cell_errors == {("30101", "amount"): "页面上的原值无效，请刷新页面后重新填写",
                                ("30102", "amount"): "“-1”：此栏不能填报负数"}
    assert form.summary == "有 2 个单元格填写有误，本表未保存；请按提示改正后再保存。"
    assert BasicExpenditureLine.objects.get(report=demo_report, subject__code="30102").amount is not None


def test_an_explanation_of_a_warning_the_report_no_longer_has_is_not_taken(client, demo_report):
    client.force_login(user("kuaiji"))
    explained = {(e.code, e.signature): e.text for e in demo_report.warning_explanations.all()}
    page = client.get(f"{BASE_URL}/").content.decode()
    names = re.findall(r'name="(w\|[^"]+)"', page)
    assert len(names) == len(current_warnings(demo_report)) > 1
    response = client.post(f"{BASE_URL}/explanations/", {names[0]: "新的说明。", "w|T07-03|gone:row:col": "过时的说明。"},
                           follow=True)
    assert "有 1 条说明所对应的警告已不存在" in response.content.decode()
    assert not WarningExplanation.objects.filter(report=demo_report, signature="gone:row:col").exists()
    _, code, signature = names[0].split("|", 2)
    assert WarningExplanation.objects.get(report=demo_report, code=code, signature=signature).text == "新的说明。"
    others = {(e.code, e.signature): e.text for e in demo_report.warning_explanations.exclude(signature=signature)}
    assert others == {key: text for key, text in explained.items() if key[1] != signature}  # left out: kept


def test_the_explanations_form_names_each_warning_once(demo_report):
    form = ExplanationsForm(warnings=current_warnings(demo_report))
    assert [row["name"] for row in form.rows] == list(form.fields)
    assert all(name == f"w|{row['finding'].code}|{row['signature']}" for name, row in zip(form.fields, form.rows))


def test_parts_are_done_when_their_required_texts_are_filled(demo_report):
    def status():
        return {p.title: p for p in parts_status(demo_report, compute_tables(load_snapshot(demo_report)))}

    assert all(p.done for p in status().values())
    ReportOverview.objects.filter(report=demo_report).update(organisation=" ")
    overview = status()["第一部分 概况"]
    assert not overview.done and "机构设置" in overview.missing
    demo_report.attachments.all().delete()
    assert not status()["第五部分 附件"].done
    section = demo_report.narrative_sections.get(key="total")
    section.reason = ""
    section.save()
    assert status()["第三部分 情况说明 一、收入支出决算总体情况说明"].missing == "须填写原因"
    section.use_generated, section.body = False, ""
    section.save()
    assert not status()["第三部分 情况说明 一、收入支出决算总体情况说明"].done
