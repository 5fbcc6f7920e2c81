"""A third edition kept in a test folder (tests/fixtures/editions/test-2030.yaml, read through
`JUESUAN_EDITION_DIRS`): another table set, other columns, another 情况说明 outline — and entry, rules, rendering,
workbook and JSON work with it, with no code of its own."""
import io
import re
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from apps.documents.disclosure import build_disclosure
from apps.documents.interchange.document import export_document
from apps.documents.interchange.files import import_file
from apps.documents.interchange.workbook import write_workbook
from apps.documents.rendering import render_pdf
from apps.reports.editions import edition, keys
from apps.reports.layouts import TableCode
from apps.reports.models import Report, ThreePublicExpenditure
from apps.reports.rules import check_report
from tests.interchange.test_round_trip import printed

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "editions"
THIRD = "test-2030"
BASE = "/entry/410882-zwfw/2021"


@pytest.fixture
def third(settings, demo_report):
    """The demo report printed in the third edition."""
    settings.JUESUAN_EDITION_DIRS = [str(FIXTURES)]
    before = {f.code for f in check_report(demo_report).findings}
    Report.objects.filter(pk=demo_report.pk).update(edition=THIRD)
    report = Report.objects.get(pk=demo_report.pk)
    report.findings_in_henan = before
    return report


def test_the_third_edition_is_read_from_its_folder_and_differs(third):
    assert THIRD in keys()
    template = edition(THIRD)
    assert len(template.codes()) == 8 and TableCode.STATE_CAPITAL not in template.codes()
    assert template.number(TableCode.THREE_PUBLIC) == "公开08表"
    assert [s.heading for s in template.narrative][1] == "收入和支出情况"


def test_entry_follows_the_third_edition(client, third):
    assert client.login(username="kuaiji", password="kuaiji-2021-demo")
    nav = client.get(f"{BASE}/").content.decode().split('<nav class="entry-nav"')[1].split("</nav>")[0]
    assert re.findall(r'/tables/([a-z_]+)/"[^>]*>(公开\d\d表)', nav)[-1] == ("three_public", "公开08表")
    assert "state_capital" not in nav
    assert client.get(f"{BASE}/tables/state_capital/").status_code == 404  # not in this edition
    page = client.get(f"{BASE}/tables/three_public/").content.decode()
    assert "“三公”经费支出决算表（测试版式）" in page and "运行维护费" in page
    response = client.post(f"{BASE}/tables/three_public/", {
        "v|row|actual_reception": "0.30", "b|row|actual_reception": "0.00", "action": "save"})
    assert response.status_code in (200, 302), response.content.decode()[:500]
    assert ThreePublicExpenditure.objects.get(report=third).actual_reception == 3000
    section = client.get(f"{BASE}/sections/narrative-income/").content.decode()
    assert "情况说明 二（一）收入情况" in section
    assert client.get(f"{BASE}/sections/narrative-state_capital/").status_code == 404


def test_the_rules_run_on_the_third_edition_and_find_what_they_found_before(third):
    findings = check_report(third).findings
    assert {f.code for f in findings} == third.findings_in_henan
    assert not [f.message for f in findings if "公开09表" in f.message]  # this edition has no 公开09表


def test_rendered_in_the_third_edition(third, tmp_path):
    doc = build_disclosure(third)
    assert [(t.number, t.code) for t in doc.tables][-1] == ("公开08表", TableCode.THREE_PUBLIC)
    three = next(t for t in doc.tables if t.code == TableCode.THREE_PUBLIC)
    assert [c.text for c in three.head[0]] == ["决算数", "预算数"]
    assert [s.heading for s in doc.narrative] == ["收支总体情况", "收入和支出情况", "财政拨款情况", "基本支出情况",
                                                   "“三公”经费情况", "政府性基金情况", "机关运行经费情况", "政府采购情况",
                                                   "国有资产占用情况", "预算绩效管理情况"]
    assert doc.narrative[-1].extra, "the 绩效自评表 follow the last 预算绩效 section"
    path = tmp_path / "third.pdf"
    path.write_bytes(render_pdf(doc))
    text = re.sub(r"\s+", "", subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                                             check=True).stdout)
    assert "公开08表" in text and "公开09表" not in text and "国有资本经营预算财政拨款收入支出决算表" not in text
    assert "二、收入和支出情况" in text and "部门主要职责" in text
    assert "本部门2021年度收支总计为" in text and "（按测试版式的句式）" in text  # its own sentence, in print


def test_the_third_edition_asks_only_for_its_facts(client, third):
    assert client.login(username="kuaiji", password="kuaiji-2021-demo")
    page = client.get(f"{BASE}/sections/facts/").content.decode()
    assert 'name="previous_operating_cost"' in page
    assert 'name="vehicles_ministerial"' not in page and 'name="abroad_groups"' not in page


def test_workbook_and_json_round_trip_in_the_third_edition(third):
    document, cells = export_document(third), printed(third)
    assert document["edition"] == THIRD
    content = write_workbook(third)
    sheets = load_workbook(io.BytesIO(content)).sheetnames
    assert [s for s in sheets if s.startswith("公开")] == [f"公开{n:02d}表" for n in range(1, 9)]
    outcome = import_file(report=third, name="第三版式.xlsx", content=content, confirm=True, by=None)
    assert not outcome.errors, outcome.errors
    assert printed(Report.objects.get(pk=third.pk)) == cells
    assert export_document(Report.objects.get(pk=third.pk)) == document
