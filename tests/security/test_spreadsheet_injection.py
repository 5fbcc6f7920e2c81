"""No text a department types reaches a spreadsheet as a formula: every cell of the workbook and every field of the
CSV files, downloaded over HTTP by the accountant and by the public, is a value; the workbook imported back gives
the texts as typed."""
import csv
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from apps.accounts.spreadsheets import FORMULA_STARTS
from apps.performance.models import EvaluationGoal, EvaluationSheet, Indicator
from tests.helpers import publish
from tests.performance.test_sheet_entry import form_of

ADDRESS = "410882-zwfw/2021"
DOWNLOAD = f"/reports/{ADDRESS}/r1/report"
SHEET_URL = f"/entry/{ADDRESS}/sheets/2/"
ATTACKS = {
    "name": '=HYPERLINK("http://evil.example","点此领取")',
    "competent_department": "@SUM(1)",
    "implementing_unit": "-2+3",
    "goal-0-content": "=1+1",
    "goal-0-outcome": "+cmd|' /C calc'!A0",
    "row-0-level1": "@cmd",
    "row-0-level2": "=2+2",
    "row-0-name": "+1+1",
    "row-0-description": "=A1",
    "row-0-note": "-1+1",
}


def neutralised(cells) -> list[str]:
    """Cells that a spreadsheet would read as a formula: typed as one, or a text starting with = + - @ tab CR."""
    return [f"{where}: {value!r}" for where, value, data_type in cells
            if data_type == "f" or isinstance(value, str) and value.startswith(FORMULA_STARTS)]


def workbook_cells(content: bytes):
    for sheet in load_workbook(io.BytesIO(content)).worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                yield f"{sheet.title}!{cell.coordinate}", cell.value, cell.data_type


def csv_fields(content: bytes):
    archive = zipfile.ZipFile(io.BytesIO(content))
    for name in archive.namelist():
        for r, row in enumerate(csv.reader(io.StringIO(archive.read(name).decode("utf-8-sig"))), start=1):
            for c, value in enumerate(row, start=1):
                yield f"{name} 第{r}行第{c}列", value, "s"


def texts_in(cells) -> set:
    return {value for _, value, _ in cells if isinstance(value, str)}


@pytest.fixture
def accountant(client, demo_report):
    assert client.login(username="kuaiji", password="kuaiji-2021-demo")
    return client


def test_sheet_texts_typed_as_formulas_are_values_in_the_workbook_and_come_back_on_import(accountant, demo_report,
                                                                                         media):
    data = form_of(accountant, SHEET_URL)
    assert set(ATTACKS) - {"row-0-description"} <= set(data)
    data.update(ATTACKS)  # 指标说明 is typed on the department sheet only, but the form takes it on any sheet
    assert accountant.post(SHEET_URL, data).status_code == 302
    sheet = EvaluationSheet.objects.get(report=demo_report, order=2)
    assert sheet.name == ATTACKS["name"]

    response = accountant.get(f"{DOWNLOAD}.xlsx")
    assert response.status_code == 200
    cells = list(workbook_cells(response.content))
    assert neutralised(cells) == []
    assert {"'" + text for text in ATTACKS.values()} <= texts_in(cells)  # each text is there, as a value

    # The workbook imported back gives the texts as typed.
    EvaluationSheet.objects.filter(pk=sheet.pk).update(name="改过", competent_department="", implementing_unit="")
    EvaluationGoal.objects.filter(sheet=sheet).update(content="", outcome="")
    Indicator.objects.filter(sheet=sheet).update(name="改过", description="", deviation_note="")
    imported = accountant.post(f"/entry/{ADDRESS}/import/", {"file": SimpleUploadedFile("决算.xlsx", response.content)})
    assert imported.status_code == 200, imported.content.decode()[-3000:]
    assert accountant.post(f"/entry/{ADDRESS}/import/", {"action": "confirm"}).status_code == 302
    sheet = EvaluationSheet.objects.get(report=demo_report, order=2)
    assert (sheet.name, sheet.competent_department, sheet.implementing_unit) == (
        ATTACKS["name"], ATTACKS["competent_department"], ATTACKS["implementing_unit"])
    goals = {(g.content, g.outcome) for g in sheet.goals.all()}
    assert (ATTACKS["goal-0-content"], ATTACKS["goal-0-outcome"]) in goals
    names = set(sheet.indicators.values_list("name", flat=True))
    assert {ATTACKS["row-0-level1"], ATTACKS["row-0-level2"], ATTACKS["row-0-name"]} <= names
    third = sheet.indicators.get(name=ATTACKS["row-0-name"])
    assert (third.description, third.deviation_note) == (ATTACKS["row-0-description"], ATTACKS["row-0-note"])


@pytest.mark.parametrize("name", ["=1+2", "@cmd"])
def test_a_department_named_like_a_formula_is_a_value_in_the_workbook_and_the_csv(accountant, client, demo_report,
                                                                                 media, name):
    department = demo_report.department
    department.name = name
    department.save()

    for fmt, cells_of in (("xlsx", workbook_cells), ("csv", csv_fields)):
        response = accountant.get(f"{DOWNLOAD}.{fmt}")
        assert response.status_code == 200
        cells = list(cells_of(response.content))
        assert neutralised(cells) == [], fmt
        assert any(name in text for text in texts_in(cells)), fmt  # the name is there, as a value

    accountant.logout()
    publish(demo_report)
    for fmt, cells_of in (("xlsx", workbook_cells), ("csv", csv_fields)):  # the public files
        response = client.get(f"{DOWNLOAD}.{fmt}")
        assert response.status_code == 200
        content = b"".join(response.streaming_content) if response.streaming else response.content
        assert neutralised(list(cells_of(content))) == [], fmt
