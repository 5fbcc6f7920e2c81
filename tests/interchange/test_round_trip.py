"""The demo report exported to a workbook and to JSON, and imported into a database without it, is the same
report: every entered cell, every printed total, every text and every sheet."""
import json
from io import StringIO

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from apps.documents.interchange.document import export_document
from apps.performance.models import EvaluationSheet
from apps.reports.computation import compute_tables
from apps.reports.models import Report, ReportEvent
from apps.reports.snapshot import load_snapshot

ADDRESS = "410882-zwfw/2021"


def printed(report) -> dict:
    """Every cell of the nine tables as printed, by (table, row, column)."""
    return {(code, row.key, column): (cell.value, cell.kind, cell.pinned)
            for code, grid in compute_tables(load_snapshot(report)).items()
            for row in grid.rows for column, cell in row.cells.items()}


def sheets(report) -> list:
    return [(s.kind, s.order, s.name, s.competent_department, s.implementing_unit, s.budget_weight, s.budget_score,
             s.total_score, s.grade,
             sorted((f.kind, f.initial_budget, f.annual_budget, f.executed) for f in s.funding_rows.all()),
             sorted((g.kind, g.order, g.name, g.content, g.outcome) for g in s.goals.all()),
             [(i.level, i.order, i.parent.order if i.parent else None, i.name, i.weight, i.comparator, i.target_value,
               i.target_unit, i.description, i.actual_value, i.actual_unit, i.score, i.deviation_note)
              for i in s.indicators.order_by("order")])
            for s in EvaluationSheet.objects.filter(report=report).order_by("order")]


@pytest.mark.parametrize("fmt", ["xlsx", "json"])
def test_demo_exported_and_imported_into_a_database_without_it_is_identical(demo_report, tmp_path, fmt):
    path = tmp_path / f"demo.{fmt}"
    call_command("export_report", ADDRESS, "--format", fmt, "--output", str(path), stdout=StringIO())
    document, cells, evaluation = export_document(demo_report), printed(demo_report), sheets(demo_report)
    assert len(cells) > 500 and len(evaluation) == 8 and sum(len(s[-1]) for s in evaluation) > 96
    ReportEvent.objects.all().delete()  # another database: no report, so no trail (which protects its report)
    Report.objects.all().delete()

    out = StringIO()
    call_command("import_report", str(path), stdout=out)
    imported = Report.objects.get(department__code="410882-zwfw", fiscal_year=2021)
    assert "已导入" in out.getvalue()
    assert printed(imported) == cells  # every cell, value, kind and pin
    assert sheets(imported) == evaluation
    assert export_document(imported) == document  # every text and figure, field by field


def test_workbook_has_numeric_amounts_unlocked_inputs_and_locked_totals(demo_report, tmp_path):
    path = tmp_path / "demo.xlsx"
    call_command("export_report", ADDRESS, "--format", "xlsx", "--output", str(path), stdout=StringIO())
    book = load_workbook(path)
    assert book.sheetnames[:10] == ["封面"] + [f"公开0{n}表" for n in range(1, 10)]
    assert [n for n in book.sheetnames if n.startswith("绩效自评表")] == [f"绩效自评表{n}" for n in range(1, 9)]
    sheet = book["公开03表"]
    assert sheet["A1"].value == "支出决算表" and sheet.protection.sheet
    rows = {sheet.cell(r, 1).value: r for r in range(1, sheet.max_row + 1)}
    item, total = rows["2010306"], rows["合 计"]
    assert sheet.cell(item, 2).value == "政务公开审批"
    assert sheet.cell(item, 4).value == pytest.approx(102.58) and sheet.cell(item, 4).number_format == "0.00"
    assert not sheet.cell(item, 4).protection.locked  # 基本支出 of a 项 is typed
    assert sheet.cell(total, 3).value == pytest.approx(214.46) and sheet.cell(total, 3).protection.locked
    summary = book["公开01表"]
    values = [c.value for row in summary.iter_rows() for c in row]
    assert "收入支出决算总表" in values and "部门：沁阳市政务服务和大数据管理局" in values


def test_json_names_its_format_and_keeps_amounts_as_decimal_strings(demo_report, tmp_path):
    path = tmp_path / "demo.json"
    call_command("export_report", ADDRESS, "--format", "json", "--output", str(path), stdout=StringIO())
    data = json.loads(path.read_text(encoding="utf-8"))
    assert (data["format"], data["version"], data["unit"]) == ("juesuan.report", 1, "wan_yuan")
    assert data["tables"]["expenditure"]["2010306"] == {"basic": "102.58", "project": "84.65", "to_superior": "0.00",
                                                        "operating": "0.00", "subsidy": None}
    assert {"table": "summary", "row": "income.total", "column": "amount", "value": "214.46"} in data["printed_totals"]


def test_published_schema_is_the_one_the_product_checks_and_the_demo_fits_it(demo_report):
    from pathlib import Path

    from jsonschema import Draft202012Validator

    from apps.documents.interchange.schema import report_schema

    published = json.loads((Path(__file__).resolve().parents[2] / "docs" / "report.schema.json").read_text())
    assert published == report_schema(), "regenerate docs/report.schema.json (see docs/report-format.md)"
    assert list(Draft202012Validator(published).iter_errors(export_document(demo_report))) == []


def test_public_downloads_of_a_published_report(client, demo_report):
    Report.objects.filter(pk=demo_report.pk).update(state=Report.State.PUBLISHED)
    response = client.get(f"/reports/{ADDRESS}/r1/report.xlsx")
    assert response.status_code == 200 and response["Content-Disposition"].endswith(".xlsx")
    assert load_workbook(__import__("io").BytesIO(response.content))["公开01表"]["A1"].value == "收入支出决算总表"
    csv_zip = client.get(f"/reports/{ADDRESS}/r1/report.csv")
    import io
    import zipfile

    names = zipfile.ZipFile(io.BytesIO(csv_zip.content)).namelist()
    assert names[0] == "公开01表-summary.csv" and len(names) == 9
    text = zipfile.ZipFile(io.BytesIO(csv_zip.content)).read("公开03表-expenditure.csv").decode("utf-8-sig")
    assert "2010306,政务公开审批,187.23,102.58,84.65" in text
    assert client.get(f"/reports/{ADDRESS}/r1/report.exe").status_code == 404


def test_text_that_would_be_a_formula_is_neutralised_in_the_workbook_and_survives_a_round_trip(demo_report):
    import io

    from apps.accounts.spreadsheets import safe_text
    from apps.documents.interchange.files import import_file
    from apps.documents.interchange.workbook import write_workbook
    from apps.reports.models import ReportOverview

    attack = "=HYPERLINK(\"http://evil.example\",\"点此\")"
    assert [safe_text(t) for t in ("=1", "+1", "-1", "@x", "\tx", "\rx", "正常")] == [
        "'=1", "'+1", "'-1", "'@x", "'\tx", "'\rx", "正常"]
    ReportOverview.objects.filter(report=demo_report).update(duties=attack)
    content = write_workbook(demo_report)
    sheet = load_workbook(io.BytesIO(content))["文字部分"]
    cell = next(c for row in sheet.iter_rows() for c in row if isinstance(c.value, str) and "evil" in c.value)
    assert cell.data_type == "s" and cell.value == "'" + attack
    ReportOverview.objects.filter(report=demo_report).update(duties="")
    outcome = import_file(report=demo_report, name="d.xlsx", content=content, confirm=True, by=None)
    assert outcome.written and ReportOverview.objects.get(report=demo_report).duties == attack


def test_a_workbook_of_the_nine_tables_alone_imports_its_tables_and_keeps_the_rest(demo_report, tmp_path):
    """As a workbook of other software in the same layout arrives: no 封面, no texts, no sheets."""
    import io

    from apps.documents.interchange.files import import_file
    from apps.documents.interchange.workbook import write_workbook
    from tests.interchange.bad_uploads import set_cell

    book = load_workbook(io.BytesIO(write_workbook(demo_report)))
    for name in book.sheetnames:
        if not name.startswith("公开"):
            book.remove(book[name])
    set_cell("公开03表", "2010306", 4, 103.58)(book)
    out = io.BytesIO()
    book.save(out)
    before = export_document(demo_report)
    outcome = import_file(report=demo_report, name="财政部软件导出.xlsx", content=out.getvalue(), confirm=True,
                          by=None)
    assert outcome.written and [c.where for c in outcome.changes] == ["公开03表 2010306 基本支出"]
    after = export_document(demo_report)
    assert after["sheets"] == before["sheets"] and after["glossary"] == before["glossary"]


def test_every_changed_cell_of_the_three_public_table_is_in_the_change_list(demo_report):
    """Its 预算数 and 决算数 columns share their item headers: each change keeps its own place (the preview once said
    “0 处变化” for two changed cells)."""
    from apps.documents.interchange.importing import document_import

    document = export_document(demo_report)
    row = document["tables"]["three_public"]["row"]
    row["budget_abroad"], row["actual_abroad"] = "1.00", "0.50"
    outcome = document_import(report=demo_report, data=document, confirm=False, by=None, source="d.json")
    assert {(c.where, c.old, c.new) for c in outcome.changes} == {
        ("公开07表 第2栏“预算数·因公出国（境）费”", "0.00", "1.00"),
        ("公开07表 第8栏“决算数·因公出国（境）费”", "0.00", "0.50")}
