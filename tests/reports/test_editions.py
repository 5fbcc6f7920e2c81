"""Editions of the public document are data: each shipped edition loads; a wrong edition file is refused with the file
and the place named; a report prints, names, exports and re-imports its tables in its own edition; a region's choice
is inherited by its sub-regions."""
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.checks import run_checks
from openpyxl import load_workbook

from apps.accounts.models import Region
from apps.documents.disclosure import build_disclosure
from apps.documents.interchange.document import export_document
from apps.documents.interchange.files import import_file
from apps.documents.interchange.workbook import write_workbook
from apps.reports.computation import compute_tables
from apps.reports.editions import DEFAULT_EDITION, EDITION_FIELDS, TABLE_FIELDS, EditionError, _load, edition, keys
from apps.reports.layouts import TableCode, layouts_for, may_be_negative
from apps.reports.models import EditionChoice, FiscalYear, NarrativeFacts, NarrativeSection, Report
from apps.reports.narration import narrate
from apps.reports.selectors import edition_for
from apps.reports.sentences import SentenceError
from apps.reports.snapshot import load_snapshot

SHANGHAI = "shanghai-2024"


def test_every_shipped_edition_loads_and_prints_the_nine_tables():
    assert {"henan-2021", "central-2023", SHANGHAI} <= set(keys())
    for key in keys():
        template = edition(key)
        assert sorted(template.codes()) == sorted(TableCode.values), key
        assert all(template.title(code) for code in template.codes())


def test_an_edition_arranges_the_stored_figures_and_never_changes_what_may_be_negative():
    """An edition rewords and reorders; the cells, their sums and their signs are the layouts' (one storage for all)."""
    classes = (("201", "一般公共服务支出"), ("205", "教育支出"))
    base = layouts_for(classes)
    for key in keys():
        for code, layout in edition(key).layouts(classes).items():
            columns = {c.key: c for c in getattr(layout, "columns", ())} or {
                c.key: c for side in layout.sides for c in side.columns}
            base_layout = base[code]
            base_columns = {c.key: c for c in getattr(base_layout, "columns", ())} or {
                c.key: c for side in base_layout.sides for c in side.columns}
            assert {k: (c.sum_of, c.signed) for k, c in columns.items()} == {
                k: (c.sum_of, c.signed) for k, c in base_columns.items()}, (key, code)
            if code == TableCode.FISCAL_SUMMARY:
                assert may_be_negative(layout, "income.opening.general_budget", "amount")


def test_shanghai_layouts_follow_the_template():
    template = edition(SHANGHAI)
    layouts = template.layouts((("201", "一般公共服务支出"),))
    assert template.number(TableCode.THREE_PUBLIC) == "财政拨款“三公”经费支出决算表"
    assert template.printed_number(TableCode.INCOME) == ""
    assert template.contents_label(TableCode.BASIC) == "六、一般公共预算财政拨款基本支出决算表"
    assert layouts[TableCode.GENERAL_BUDGET].total_row == "bottom"
    assert [c.header for c in layouts[TableCode.GENERAL_BUDGET].columns] == ["合计", "基本支出", "项目支出"]
    assert layouts[TableCode.BASIC].blocks == (("301", "303"), ("302", "307", "310", "399"))
    three = layouts[TableCode.THREE_PUBLIC].columns
    assert [c.header for c in three] == ["预算数", "决算数"] * 6
    assert three[4].groups == ("财政拨款“三公”经费", "公务用车购置及运行维护费", "小计")
    summary = layouts[TableCode.SUMMARY]
    assert all(r.line_no is None for side in summary.sides for r in side.rows)
    assert summary.sides[0].columns[0].header == "决算数" and summary.sides[0].rows[-1].label == "总计"
    assert "{department}" in layouts[TableCode.GOVERNMENT_FUND].empty_note


@pytest.mark.parametrize("text, message", [
    ("name: x\ntables:\n  - {code: nine, title: 表}\n", "未知的表格代码“nine”"),
    ("name: x\ntables:\n  - {code: income, title: 收入决算表, headers: {wages: 工资}}\n", "表格 income 的 headers"),
    ("name: x\ntables:\n  - {code: income, title: 收入决算表, colour: red}\n", "未知的字段 colour"),
    ("name: x\ntables:\n  - {code: income}\n", "缺少 title"),
    ("name: x\ntables:\n  - {code: income, title: 收入决算表, total_row: middle}\n", "total_row"),
    ("name: x\ntables:\n  - {code: basic, title: 基本支出, blocks: [[301], [302]]}\n", "各区块合起来须恰好列出"),
    ("name: x\ntables:\n  - code: three_public\n    title: 三公\n    columns: [{key: budget_total, header: 预算数}]\n",
     "每个栏目恰好列一次"),
    ("name: x\ntables:\n  - {code: income, title: 收入决算表, headers: {business: 其他收入}}\n", "两栏的表头完全相同"),
    ("name: x\nextends: henan-2021\nparts:\n  tables: 第二部分 {dept}\n", "占位符"),
    ("name: x\nextends: henan-2021\nparts: {appendix: 附录}\n", "只能写这些部分的标题"),
    ("name: x\ntables:\n  - {code: basic, title: 基本支出, blocks: [[301, 303, 302, 307, 310, 399]]}\n", "至少两个区块"),
    ("name: x\ntables:\n  - {code: basic, title: 基本支出, blocks: [[302], [301, 303, 307, 310, 399]]}\n", "第一个区块"),
    ("name: x\norder: [income, summary]\ntables:\n  - {code: income, title: 收入决算表}\n", "表格顺序"),
    ("extends: broken\nname: x\n", "循环继承"),
    ("name: x\nextends: henan-2021\nnarrative:\n  - {key: wages, number: 一, heading: 工资}\n", "未知的章节“wages”"),
    ("name: x\nextends: henan-2021\nnarrative:\n  - {key: total, number: 一, heading: 总体}\n"
     "  - {key: total, number: 二, heading: 又一次}\n", "出现了两次"),
    ("name: x\nextends: henan-2021\noverview:\n  - {key: duties, number: 一, heading: 职能}\n", "概况须依次列出"),
    ("name: [x\n", "无法读取"),
    ("name: x\nextends: henan-2021\ntables:\n  - {code: summary, omit: [income.total]}\n", "只能省去收支总表的空行"),
    ("name: x\nextends: henan-2021\ntables:\n  - {code: income, orientation: sideways}\n", "landscape（横排）"),
    ("name: x\nextends: henan-2021\ntable_meta: [\"单位：{currency}\"]\n", "table_meta：只能用 {department}"),
    ("name: x\nextends: henan-2021\nsentences:\n  total: '{% if %}'\n", "sentences.total：句式写法有误"),
    ("name: x\nextends: henan-2021\nsentences:\n  total: '{% change %}'\n", "sentences.total：句式写法有误"),
    ("name: x\nextends: henan-2021\nsentences:\n  wages: 工资\n", "未知的章节：wages"),
    ("name: x\ntables:\n  - {code: income, title: 收入决算表}\noverview:\n  - {key: duties, number: 一, heading: 职责}\n"
     "  - {key: organisation, number: 二, heading: 机构}\nnarrative:\n  - {key: total, number: 一, heading: 总体}\n",
     "提纲中的章节 total 没有句式"),
    ("name: x\nextends: henan-2021\nfacts: previous_total\n", "不重复的字段名列表"),
])
def test_a_wrong_edition_file_is_refused_with_the_file_and_the_place(tmp_path, text, message):
    path = tmp_path / "broken.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(EditionError) as refused:
        _load(path)
    assert "broken.yaml" in str(refused.value) and message in str(refused.value)


@pytest.fixture
def shanghai_report(demo_report):
    """The demo's figures printed in the 上海 2024 edition (the same stored cells, another document), with the
    情况说明填报数 only 上海 asks for entered as 0 (the 河南 demo never entered them)."""
    Report.objects.filter(pk=demo_report.pk).update(edition=SHANGHAI)
    facts = NarrativeFacts.objects.get(report=demo_report)
    NarrativeFacts.objects.filter(pk=facts.pk).update(
        **{name: 0 for name in edition(SHANGHAI).facts if getattr(facts, name) is None})
    NarrativeSection.objects.filter(report=demo_report, key="general_budget.detail").update(
        reason="厉行节约，严格控制支出。")  # 上海 states why the whole 决算 differs from its 预算
    return Report.objects.get(pk=demo_report.pk)


def texts_of(rows) -> list[list[str]]:
    return [[cell.text for cell in row] for row in rows]


def test_the_disclosure_follows_the_reports_edition(shanghai_report):
    doc = build_disclosure(shanghai_report)
    tables = {t.code: t for t in doc.tables}
    assert [t.number for t in doc.tables] == [""] * 9
    assert [e.label for e in doc.toc if e.level == 2][:2] == ["一、收入支出决算总表", "二、收入决算表"]
    assert doc.part_titles["tables"] == "第二部分 沁阳市政务服务和大数据管理局 2021 年度部门决算表"  # as 上海 heads it
    summary = tables[TableCode.SUMMARY]
    assert texts_of(summary.head)[1] == ["项 目", "决算数", "项 目", "决算数"]  # no 行次, no 栏次 row
    assert len(summary.head) == 2 and all(c.kind != "line" for row in summary.body for c in row)
    assert summary.notes == ["注：本表反映部门本年度的总收支和年末结转结余情况。"]  # no global note in this edition
    general = tables[TableCode.GENERAL_BUDGET]
    assert general.body[-1][0].text == "合计" and general.body[0][0].text != "合计"
    assert "栏次" not in str(texts_of(general.head))
    basic = tables[TableCode.BASIC]
    assert texts_of(basic.head) == [["经济分类科目编码", "科目名称", "决算数"] * 2]
    assert sum(c.colspan for c in basic.body[-1]) == 6
    three = tables[TableCode.THREE_PUBLIC]
    assert texts_of(three.head)[0] == ["财政拨款“三公”经费"] and texts_of(three.head)[-1][:2] == ["预算数", "决算数"]
    assert tables[TableCode.FISCAL_SUMMARY].notes == ["注：本表反映部门本年度财政拨款总收支和结转结余情况。"]


def test_the_shanghai_tables_are_printed_on_the_templates_pages(shanghai_report):
    """横排 for the six tables the template prints across the page; no blank row above 总计 in the 收支总表."""
    doc = build_disclosure(shanghai_report)
    assert [t.code for t in doc.tables if t.wide] == [
        TableCode.INCOME, TableCode.EXPENDITURE, TableCode.FISCAL_SUMMARY, TableCode.THREE_PUBLIC,
        TableCode.GOVERNMENT_FUND, TableCode.STATE_CAPITAL]
    summary = next(t for t in doc.tables if t.code == TableCode.SUMMARY)
    assert [c.text for c in summary.body[-1]][::2] == ["总计", "总计"]
    assert all(any(c.text for c in row) for row in summary.body[-4:])


def test_the_figures_do_not_depend_on_the_edition(demo_report):
    def figures(report):
        return {(code, row.key, column): cell.value for code, grid in compute_tables(load_snapshot(report)).items()
                for row in grid.rows for column, cell in row.cells.items() if cell.value is not None}

    henan = figures(demo_report)
    Report.objects.filter(pk=demo_report.pk).update(edition=SHANGHAI)
    assert figures(Report.objects.get(pk=demo_report.pk)) == henan


def test_the_public_page_and_messages_name_tables_as_the_edition_does(client, shanghai_report):
    from tests.helpers import publish

    publish(shanghai_report)
    page = client.get("/reports/410882-zwfw/2021/").content.decode()
    assert "公开0" not in re.sub(r"<[^>]+>", "", page)
    assert "财政拨款“三公”经费支出决算表" in page and "经济分类科目编码" in page


def test_workbook_and_json_round_trip_in_the_shanghai_edition(shanghai_report):
    document = export_document(shanghai_report)
    assert document["edition"] == SHANGHAI
    content = write_workbook(shanghai_report)
    book = load_workbook(io.BytesIO(content))
    assert "收入决算表" in book.sheetnames and "公开02表" not in book.sheetnames
    sheet = book["一般公共预算财政拨款支出决算表"]
    last = max(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value or sheet.cell(r, 2).value)
    assert "合计" in str(sheet.cell(last, 1).value).replace(" ", "")
    outcome = import_file(report=shanghai_report, name="上海.xlsx", content=content, confirm=True, by=None)
    assert not outcome.problems, outcome.problems
    assert export_document(Report.objects.get(pk=shanghai_report.pk)) == document


def test_a_new_report_takes_the_edition_chosen_for_its_region_or_the_one_above(db):
    from apps.accounts.models import Organisation

    department = Organisation.objects.get(code="410882-zwfw")
    FiscalYear.objects.get_or_create(year=2021)
    assert edition_for(department, 2021) == FiscalYear.objects.get(year=2021).edition == DEFAULT_EDITION
    region = department.region
    parent = region.parent or Region.objects.create(code="410000", name="河南省")
    Region.objects.filter(pk=region.pk).update(parent=parent)
    EditionChoice.objects.create(region=parent, fiscal_year=2021, edition="central-2023")
    department.refresh_from_db()
    assert edition_for(department, 2021) == "central-2023"  # inherited from the province
    EditionChoice.objects.create(region=region, fiscal_year=2021, edition=SHANGHAI)
    assert edition_for(department, 2021) == SHANGHAI  # the region's own choice comes first
    assert edition_for(department, 2022) == DEFAULT_EDITION  # no choice, no year: the default


def test_the_edition_files_are_documented():
    guide = (Path(__file__).resolve().parents[2] / "docs" / "editions.md").read_text(encoding="utf-8")
    for name in sorted(EDITION_FIELDS | TABLE_FIELDS) + ["performance.key_evaluation", "JUESUAN_EDITION_DIRS"]:
        assert f"`{name}`" in guide, name  # every field a file may write


def test_the_narrative_outline_follows_the_reports_edition(shanghai_report):
    doc = build_disclosure(shanghai_report)
    assert [(s.number, s.heading) for s in doc.overview.children] == [("一", "主要职能"), ("二", "部门决算单位构成")]
    headings = [(s.number, s.heading) for s in doc.narrative]
    assert headings[9:] == [("十", "预算绩效管理情况"), ("十一", "其他重要事项的情况说明")]
    other = doc.narrative[10]
    assert [(c.number, c.heading) for c in other.children] == [
        ("（一）", "机关运行经费支出情况"), ("（二）", "政府采购支出情况"), ("（三）", "国有资产占有使用情况说明")]
    assert all(c.paragraphs for c in other.children)  # the generated texts of those sections, under their new places
    assert doc.narrative[9].extra, "the 绩效自评表 follow the edition's last 预算绩效 section"
    assert "十一、其他重要事项的情况说明" in [e.label for e in doc.toc]


def test_entry_names_the_sections_as_the_edition_does(client, shanghai_report):
    assert client.login(username="kuaiji", password="kuaiji-2021-demo")
    base = "/entry/410882-zwfw/2021/sections"
    page = client.get(f"{base}/narrative-operating_cost/").content.decode()
    assert "情况说明 十一（一）机关运行经费支出情况" in page
    assert client.get(f"{base}/narrative-performance-key_evaluation/").status_code == 404  # not in this edition
    overview = client.get("/entry/410882-zwfw/2021/").content.decode()
    assert "十、预算绩效管理情况" in overview and "十三、" not in overview
    assert re.search(r"<label[^>]*>主要职能", client.get(f"{base}/overview/").content.decode())  # the edition's heading
    table = client.get("/entry/410882-zwfw/2021/tables/income/").content.decode()
    assert 'aria-label=" ' not in table and 'aria-label="收入决算表 ' in table


def test_an_edition_asking_for_a_field_nobody_can_fill_is_reported_by_the_system_check(settings, tmp_path):
    (tmp_path / "test-typo.yaml").write_text(
        "name: 拼写有误的版式\nextends: henan-2021\nfacts: [previous_total, previous_totl]\n"
        "item_fields: [variance_reason, report]\n", encoding="utf-8")
    settings.JUESUAN_EDITION_DIRS = [str(tmp_path)]
    messages = [m.msg for m in run_checks() if m.id == "reports.E001"]
    assert messages == ["版式 test-typo 的 facts.previous_totl 不是可填写的字段。",
                        "版式 test-typo 的 item_fields.report 不是可填写的字段。"]
    settings.JUESUAN_EDITION_DIRS = []
    assert not [m for m in run_checks() if m.id == "reports.E001"]  # the shipped editions ask for known fields


def test_a_sentence_naming_a_figure_the_section_lacks_says_which_it_has(settings, tmp_path, demo_report):
    (tmp_path / "test-slot.yaml").write_text(
        "name: 写错占位的版式\nextends: henan-2021\nsentences:\n  total: 收支总计 {{ totl }} {{ unit }}。\n",
        encoding="utf-8")
    settings.JUESUAN_EDITION_DIRS = [str(tmp_path)]
    Report.objects.filter(pk=demo_report.pk).update(edition="test-slot")
    with pytest.raises(SentenceError) as refused:
        narrate(Report.objects.get(pk=demo_report.pk), compute_tables(load_snapshot(demo_report)))
    assert "本节没有“totl”这一项可写" in str(refused.value) and "total" in str(refused.value)


def test_the_facts_asked_are_the_editions(client, shanghai_report):
    """上海 asks for its 车辆 categories and 中小企业预留 figures and the 主要用于 of each 项; 河南 does not."""
    assert client.login(username="kuaiji", password="kuaiji-2021-demo")
    base = "/entry/410882-zwfw/2021/sections"
    page = client.get(f"{base}/facts/").content.decode()
    assert 'name="vehicles_ministerial"' in page and 'name="procurement_sme_reserved"' in page
    assert 'name="previous_three_public_abroad"' in page
    assert 'name="budgets-0-purpose"' in client.get(f"{base}/budgets/").content.decode()
    data = {name: "" for name in edition(SHANGHAI).facts}
    data.update(vehicles_ministerial="1", vehicles_law_enforcement="4", procurement_sme_reserved="12.5",
                performance_rules="《预算绩效管理办法》")
    response = client.post(f"{base}/facts/", data)
    assert response.status_code == 302, response.content.decode()[:800]
    facts = NarrativeFacts.objects.get(report=shanghai_report)
    assert (facts.vehicles_ministerial, facts.vehicles_law_enforcement) == (1, 4)
    assert facts.procurement_sme_reserved == Decimal("125000.00") and facts.performance_rules == "《预算绩效管理办法》"
    generated = narrate(shanghai_report, compute_tables(load_snapshot(shanghai_report)))
    assert "部级领导干部用车 1 辆" in generated["assets"].text()
    assert "面向中小企业预留政府采购项目预算金额 12.5 万元" in generated["procurement"].text()

    Report.objects.filter(pk=shanghai_report.pk).update(edition="henan-2021")
    page = client.get(f"{base}/facts/").content.decode()
    assert 'name="vehicles_ministerial"' not in page and 'name="procurement_sme_reserved"' not in page
    assert 'name="budgets-0-purpose"' not in client.get(f"{base}/budgets/").content.decode()


@pytest.mark.parametrize("key", ["../data/editions/henan-2021", "/etc/passwd", "HENAN-2021", "", "a" * 41])
def test_an_edition_key_is_a_file_name_never_a_path(key):
    with pytest.raises(EditionError):
        edition(key)


def test_a_workbook_of_the_former_edition_is_refused_with_the_reason(demo_report):
    """After the bureau changed the edition, a workbook downloaded before is laid out otherwise: one clear message,
    nothing written (not nine 'sheet missing' errors that blame the accountant)."""
    content = write_workbook(demo_report)
    document = export_document(demo_report)
    Report.objects.filter(pk=demo_report.pk).update(edition=SHANGHAI)
    report = Report.objects.get(pk=demo_report.pk)
    outcome = import_file(report=report, name="旧工作簿.xlsx", content=content, confirm=True, by=None)
    assert not outcome.written and len(outcome.errors) == 1
    problem = outcome.errors[0]
    assert problem.where.startswith("封面!B") and "河南 2021 年版" in problem.message and "上海 2024 年版" in problem.message
    assert "重新下载" in problem.message
    assert export_document(Report.objects.get(pk=demo_report.pk)) == document | {"edition": SHANGHAI}


def test_the_line_over_each_table_is_the_editions(client, shanghai_report):
    """上海 prints only “单位：万元” over its tables; 河南 the department, the year and the unit."""
    assert build_disclosure(shanghai_report).table_meta == ["单位：万元"]
    Report.objects.filter(pk=shanghai_report.pk).update(edition="henan-2021")
    assert build_disclosure(Report.objects.get(pk=shanghai_report.pk)).table_meta == [
        "部门：沁阳市政务服务和大数据管理局", "2021年度", "金额单位：万元"]
