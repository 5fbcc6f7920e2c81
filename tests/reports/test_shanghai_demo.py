"""The second demo (上海市示例局 2024, 上海 2024 edition), loaded by `load_demo`: consistent figures in every table,
both empty-table statements, every section of the edition's 情况说明, the year's glossary; it survives JSON and
workbook round trips cell for cell and renders to HTML and PDF in its edition's layout."""
import re
import subprocess
from io import StringIO

import pytest
from django.core.management import call_command

from apps.documents.disclosure import build_disclosure
from apps.documents.interchange.document import export_document
from apps.documents.rendering import render_pdf
from apps.reports.computation import CellKind, compute_tables
from apps.reports.layouts import TableCode
from apps.reports.models import NarrativeFacts, NarrativeSection, Report, ReportEvent
from apps.reports.narration import narrate
from apps.reports.rules import check_report
from apps.reports.snapshot import load_snapshot
from tests.interchange.test_round_trip import printed

ADDRESS = "310000-sample/2024"


@pytest.fixture
def shanghai(db):
    return Report.objects.get(department__code="310000-sample", fiscal_year=2024)


def test_the_shanghai_demo_is_in_its_edition_and_checks_clean(shanghai):
    assert (shanghai.edition, shanghai.summary_classes) == ("shanghai-2024", "24")
    result = check_report(shanghai)
    assert [f.message for f in result.findings if f.severity == "error"] == []
    grids = compute_tables(load_snapshot(shanghai))
    summary = grids[TableCode.SUMMARY]
    assert len([r for r in summary.rows if r.key.startswith("class.")]) == 24
    assert summary.value("income.total", "amount") == summary.value("expense.total", "amount")
    for code, grid in grids.items():
        entered = [c for row in grid.rows for c in row.cells.values() if c.kind == CellKind.ENTERED and c.value]
        if code in (TableCode.GOVERNMENT_FUND, TableCode.STATE_CAPITAL):
            assert not entered, code
        elif code not in (TableCode.SUMMARY, TableCode.FISCAL_SUMMARY) or entered:
            assert entered, code
    notes = dict(shanghai.table_notes.values_list("table", "text"))
    assert notes == {
        "government_fund": "说明：上海市示例局本年度没有政府性基金预算财政拨款收入和支出，故本表无数据。",
        "state_capital": "说明：上海市示例局本年度没有国有资本经营预算财政拨款收入和支出，故本表无数据。"}
    assert shanghai.glossary.count() == 11


def test_every_section_of_the_editions_narrative_has_its_text(shanghai):
    generated = narrate(shanghai, compute_tables(load_snapshot(shanghai)))
    doc = build_disclosure(shanghai)
    leaves = [leaf for top in doc.narrative for leaf in ([top] if not top.children else top.children)]
    assert len(leaves) == len(shanghai.template.narrative_leaves) == 16
    assert all(leaf.paragraphs for leaf in leaves), [leaf.heading for leaf in leaves if not leaf.paragraphs]
    # the 上海 template's own sentences, not the seed's
    assert generated["government_fund"].text() == "上海市示例局 2024 年度无政府性基金预算财政拨款收入和支出。"
    assert "面向中小企业预留政府采购项目预算金额 80 万元" in generated["procurement"].text()
    assert "部级领导干部用车 0 辆、主要领导干部用车 0 辆、机要通信用车 1 辆" in generated["assets"].text()
    assert "因公出国（境）费支出决算减少 0.6 万元，下降 14.29%" in generated["three_public.overall"].text()
    assert "公务接待费支出决算持平" in generated["three_public.overall"].text()
    assert "主要用于：机关日常运转的办公、水电和物业等支出。年初预算为 520 万元" in (
        generated["general_budget.detail"].text())
    assert not [entry for entry in doc.toc if "第五部分" in entry.label]  # no 附件 in this report: no 第五部分


@pytest.mark.parametrize("fmt", ["json", "xlsx"])
def test_exported_and_imported_into_a_database_without_it_every_printed_cell_is_equal(shanghai, tmp_path, fmt):
    path = tmp_path / f"shanghai.{fmt}"
    call_command("export_report", ADDRESS, "--format", fmt, "--output", str(path), stdout=StringIO())
    cells, document = printed(shanghai), export_document(shanghai)
    assert len([v for v, kind, _ in cells.values() if v is not None]) > 150
    ReportEvent.objects.filter(report=shanghai).delete()
    shanghai.delete()

    call_command("import_report", str(path), stdout=StringIO())
    imported = Report.objects.get(department__code="310000-sample", fiscal_year=2024)
    assert imported.edition == "shanghai-2024"  # the region's choice for 2024
    assert printed(imported) == cells
    assert export_document(imported) == document


def test_rendered_as_html_and_pdf_in_the_shanghai_layout(client, shanghai, tmp_path):
    from tests.helpers import publish

    publish(shanghai)
    page = re.sub(r"<[^>]+>", "", client.get(f"/reports/{ADDRESS}/").content.decode())
    assert "上海市示例局2024年度部门决算" in page and "公开0" not in page and "十一、其他重要事项的情况说明" in page
    path = tmp_path / "shanghai.pdf"
    path.write_bytes(render_pdf(build_disclosure(shanghai)))
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    flat = re.sub(r"\s+", "", text)
    assert "公开0" not in flat and "行次" not in flat and "栏次" not in flat
    for heading in ("收入支出决算总表", "财政拨款“三公”经费支出决算表", "经济分类科目编码", "十一、其他重要事项的情况说明",
                    "（一）机关运行经费支出情况", "第四部分名词解释", "机关运行经费：指行政单位"):
        assert re.sub(r"\s+", "", heading) in flat, heading


def test_the_2024_catalogue_is_the_templates(db):
    """The 2024 catalogue ships only what the repository can vouch for: its 类 are the 24 the 上海 template prints
    (plus the two debt classes the 24-class tables leave out), its 经济分类 the template's, code for code."""
    from pathlib import Path

    from apps.reports.models import EconomicSubject, FunctionalSubject

    template = Path(__file__).resolve().parents[3] / "shared" / "seeds" / "templates"
    text = (template / "shanghai-2024-department-template.txt")
    if not text.exists():
        pytest.skip("the shared template is not beside this checkout")
    flat = re.sub(r"\s+", "", text.read_text(encoding="utf-8"))
    classes = FunctionalSubject.objects.filter(fiscal_year=2024, level=1).exclude(code__in=("231", "232"))
    assert classes.count() == 24
    assert [c.name for c in classes if c.name not in flat] == []
    economic = EconomicSubject.objects.filter(fiscal_year=2024)
    assert economic.count() == 65
    # two names wrap in the template's text layer (机关事业单位基本养老保|险缴费): their pieces are there
    assert [(e.code, e.name) for e in economic if f"{e.code}{e.name}" not in flat
            and not (e.code in flat and e.name[:6] in flat and e.name[-2:] in flat)] == []


def test_its_text_copied_by_hand_checks_clean_and_a_wrong_figure_in_it_is_found(shanghai):
    """An accountant who writes every section in the 上海 wording (here: the generated text, typed over) gets no
    error — 无政府性基金… included — and one figure changed in it is an error that names the section."""
    generated = narrate(shanghai, compute_tables(load_snapshot(shanghai)))
    for key, section in generated.items():
        NarrativeSection.objects.update_or_create(report=shanghai, key=key, defaults={
            "body": section.text(), "use_generated": False})
    errors = [f for f in check_report(shanghai).findings if f.severity == "error"]
    assert errors == []
    text = generated["procurement"].text()
    NarrativeSection.objects.filter(report=shanghai, key="procurement").update(
        body=text.replace("预留政府采购项目预算金额 80 万元", "预留政府采购项目预算金额 85 万元"))
    errors = [f.message for f in check_report(shanghai).findings if f.severity == "error"]
    assert len(errors) == 1 and "十一（二）政府采购支出情况" in errors[0] and "80 万元" in errors[0], errors


def test_facts_that_contradict_each_other_are_found(shanghai):
    """The kinds of vehicles add up to more than the vehicles held; more people fixed problems than were found."""
    NarrativeFacts.objects.filter(report=shanghai).update(vehicles_other=5, problems_found=1, problems_fixed=7,
                                                          procurement_sme_reserved_awarded=5000000)
    found = [(f.severity, f.message) for f in check_report(shanghai).findings if f.code == "N-51"]
    expected = [("error", "之和 518.00 万元，政府采购货物支出、政府采购工程支出、政府采购服务支出之和 120.00 万元"),
                ("error", "其他用车（辆）之和 8，车辆（辆） 3——各类车辆之和应等于车辆总数"),
                ("error", "正在整改的问题（个）之和 8，绩效自评中发现的问题（个） 1——已整改和正在整改的问题不能多于发现的问题"),
                ("warning", "由中小企业中标或成交的采购金额 500.00 万元，面向中小企业预留政府采购项目预算金额 80.00 万元")]
    assert len(found) == len(expected)
    for (severity, message), (want_severity, words) in zip(found, expected):
        assert severity == want_severity and words in message and message.startswith("情况说明填报数："), message


def test_a_reason_left_unwritten_is_quoted_from_its_own_sentence(shanghai):
    """The edition's wording before a 待填写 is shorter than the seed's: the quote starts where its sentence does, not
    inside the sentence before it."""
    from apps.reports.models import ItemBudget

    budget = ItemBudget.objects.filter(report=shanghai).exclude(variance_reason="").first()
    budget.variance_reason = ""
    budget.save()
    [message] = [f.message for f in check_report(shanghai).findings if f.code == "N-49"]
    assert re.search(r"：“决算数[大小]于预算数的主要原因：（待填写）”——这里的原因或说明未填写。", message), message


def test_the_three_public_reason_left_unwritten_is_quoted_with_its_year(shanghai):
    """The whole sentence where it fits: “2024 年度“三公”经费…”, not “年度“三公”经费…” cut inside the year."""
    NarrativeSection.objects.filter(report=shanghai, key="three_public.overall").update(reason="")
    [message] = [f.message for f in check_report(shanghai).findings if f.code == "N-49"]
    assert "：“2024 年度“三公”经费支出决算数小于预算数的主要原因：（待填写）”——" in message, message
