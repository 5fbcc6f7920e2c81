"""Hostile JSON documents and archives get a located message in Chinese, never a server error, and write nothing:
through the accountant's import page, a finance bureau's bulk import and the `import_report` command."""
import html
import io
import json
import zipfile
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from apps.documents.interchange.document import export_document
from apps.documents.interchange.workbook import write_workbook
from apps.jobs.models import Job
from apps.reports.models import Report, ReportEvent

IMPORT_URL = "/entry/410882-zwfw/2021/import/"


def dumped(data) -> bytes:
    """JSON text as any client may send it: lone surrogates and NUL escaped (\\ud800, \\u0000), NaN as is."""
    return json.dumps(data, ensure_ascii=True).encode("ascii")


def edit(change):
    def build(document):
        data = json.loads(json.dumps(document))
        change(data)
        return dumped(data)
    return build


def put(path, value):
    """Set the value at a JSON path given as a tuple of keys and indexes."""
    def change(data):
        target = data
        for part in path[:-1]:
            target = target[part]
        target[path[-1]] = value
    return change


def huge_integer(document):
    return dumped(document).replace(b'"fiscal_year": 2021', b'"fiscal_year": ' + b"9" * 5000, 1)


# case → (builder(document) → bytes, place in the answer, words in the answer)
CASES = {
    "total-score-1e30": (edit(put(("sheets", 0, "total_score"), 1e30)), "$.sheets[0].total_score", "类型不对"),
    "total-score-20-digits-number": (edit(put(("sheets", 0, "total_score"), 99999999999999999999)),
                                     "$.sheets[0].total_score", "类型不对"),
    "total-score-20-digits-text": (edit(put(("sheets", 0, "total_score"), "99999999999999999999")),
                                   "$.sheets[0].total_score", "不是有效的数值"),
    "total-score-beyond-its-field": (edit(put(("sheets", 1, "total_score"), "999999999999")),
                                     "$.sheets[1].total_score", "不是有效的数值"),
    "budget-score-with-four-decimals": (edit(put(("sheets", 1, "budget_score"), "9.1234")),
                                        "$.sheets[1].budget_score", "不是有效的数值"),
    "budget-weight-null": (edit(put(("sheets", 2, "budget_weight"), None)), "$.sheets[2].budget_weight", "类型不对"),
    "target-value-nan": (edit(put(("sheets", 1, "indicators", 3, "target_value"), float("nan"))),
                         "$.sheets[1].indicators[3].target_value", "类型不对"),
    "lone-surrogate-in-a-text": (edit(put(("overview", "duties"), "职责\ud800")), "$.overview.duties", "U+D800"),
    "lone-surrogate-in-a-sheet-name": (edit(put(("sheets", 1, "name"), "\udfff项目")), "$.sheets[1].name", "U+DFFF"),
    "nul-in-a-glossary-term": (edit(put(("glossary", 0, "term"), "名词\u0000")), "$.glossary[0].term", "U+0000"),
    "nul-in-an-indicator-note": (edit(put(("sheets", 0, "indicators", 5, "deviation_note"), "\x00")),
                                 "$.sheets[0].indicators[5].deviation_note", "U+0000"),
    "control-character-in-a-text": (edit(put(("attachments", 0, "body"), "正文\x01")), "$.attachments[0].body",
                                     "U+0001"),
    "surrogate-in-a-key": (edit(put(("tables", "expenditure", "\ud800"), {"basic": "1.00"})),
                           "$.tables.expenditure.\\ud800", "U+D800"),
    "nul-in-a-key": (edit(put(("narrative_facts", "\x00"), 1)), "$.narrative_facts.\\u0000", "U+0000"),
    "integer-of-five-thousand-digits": (huge_integer, "文件", "位数过多"),
    "duplicate-glossary-term": (edit(lambda d: d["glossary"].append(dict(d["glossary"][0], order=99))),
                                "$.glossary[", "重复"),
    "duplicate-narrative-section": (edit(lambda d: d["narrative_sections"].append(d["narrative_sections"][0])),
                                    "$.narrative_sections[", "重复"),
}


@pytest.fixture
def accountant(client, demo_report):
    assert client.login(username="kuaiji", password="kuaiji-2021-demo")
    return client


def located(page: str, where: str, words: str) -> bool:
    return any(where in row and words in row for row in html.unescape(page).split("<tr"))


@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_json_is_answered_with_a_located_message_and_nothing_is_written(accountant, demo_report, media, case):
    build, where, words = CASES[case]
    before, events = export_document(demo_report), ReportEvent.objects.count()
    response = accountant.post(IMPORT_URL, {"file": SimpleUploadedFile("决算.json", build(before))})
    page = response.content.decode()
    assert response.status_code == 422, page[-3000:]
    assert located(page, where, words), html.unescape(page[page.find('<table class="problems"'):][:3000])
    assert "未写入任何数据" in page and 'id="confirm-button"' not in page
    assert export_document(demo_report) == before and ReportEvent.objects.count() == events


@pytest.mark.parametrize("case", ["total-score-beyond-its-field", "lone-surrogate-in-a-text", "nul-in-a-glossary-term",
                                  "integer-of-five-thousand-digits"])
def test_the_import_command_answers_hostile_json_with_the_same_message(demo_report, tmp_path, case):
    build, where, words = CASES[case]
    before = export_document(demo_report)
    path = tmp_path / "决算.json"
    path.write_bytes(build(before))
    out = StringIO()
    with pytest.raises(CommandError, match="未导入任何数据"):
        call_command("import_report", str(path), "--department", "410882-zwfw", "--year", "2021", stdout=out)
    assert any(where in line and words in line for line in out.getvalue().splitlines()), out.getvalue()
    assert export_document(demo_report) == before


def zipped(files: dict) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return out.getvalue()


def with_undecodable_member_name(content: bytes) -> bytes:
    """A zip whose member is flagged as named in UTF-8 but whose name is not UTF-8."""
    marked = "xl/é.xml"
    source = zipfile.ZipFile(io.BytesIO(content))
    files = {info.filename: source.read(info) for info in source.infolist()} | {marked: b"<x/>"}
    return zipped(files).replace("é".encode(), b"\xff\xfe")


def encrypted_member(content: bytes) -> bytes:
    """A zip one of whose members is flagged as encrypted."""
    data = bytearray(zipped({"决算.json": content}))
    for signature, flag_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):  # local header, central directory
        at = data.find(signature)
        data[at + flag_at] |= 1
    return bytes(data)


def test_bulk_import_answers_hostile_json_and_archives_file_by_file(client, demo_report, media):
    document = export_document(demo_report)
    reports_before = set(Report.objects.values_list("pk", flat=True))
    nul_department = dumped(document | {"department": {"code": "410882-zwfw\x00", "name": "x"}})
    list_department = dumped(document | {"department": {"code": ["410882-zwfw"], "name": "x"}})
    infinite_year = dumped(document | {"fiscal_year": float("inf")})
    surrogate_unit = dumped(document | {"department": {"code": "410882-sjj", "name": "x"}, "unit": "\ud800"})
    assert client.login(username="guanli", password="guanli-2021-demo")
    response = client.post("/bureau/import/", {"bureau": demo_report.department.parent_id, "files": [
        SimpleUploadedFile("a-nul.json", nul_department),
        SimpleUploadedFile("b-list.json", list_department),
        SimpleUploadedFile("c-infinite.json", infinite_year),
        SimpleUploadedFile("d-surrogate.json", surrogate_unit),
        SimpleUploadedFile("e-names.zip", with_undecodable_member_name(write_workbook(demo_report))),
        SimpleUploadedFile("f-encrypted.zip", encrypted_member(dumped(document))),
        SimpleUploadedFile("g-names.xlsx", with_undecodable_member_name(write_workbook(demo_report))),
    ]}, follow=True)
    assert response.status_code == 200
    job = Job.objects.get(kind=Job.Kind.BULK_IMPORT)
    assert job.state == Job.State.SUCCEEDED, job.result
    lines = {line["name"]: line for line in job.result["files"]}
    assert not any(line["ok"] for line in lines.values())
    expected = {"a-nul.json": ("$.department.code", "U+0000"), "b-list.json": ("文件", "部门和年度"),
                "c-infinite.json": ("文件", "部门和年度"), "d-surrogate.json": ("$.unit", "U+D800"),
                "e-names.zip": ("文件", "不是 zip 压缩包"), "决算.json": ("文件", "无法解压"),  # the encrypted member
                "g-names.xlsx": ("文件", "不是 Excel 工作簿")}
    assert set(lines) == set(expected)
    for name, (where, words) in expected.items():
        assert any(p["where"] == where and words in p["message"] for p in lines[name]["problems"]), lines[name]
    assert export_document(demo_report) == document
    assert set(Report.objects.values_list("pk", flat=True)) == reports_before  # no report created by the attack


def test_an_undecodable_zip_on_the_import_page_is_not_a_workbook(accountant, demo_report, media):
    response = accountant.post(IMPORT_URL, {"file": SimpleUploadedFile(
        "决算.xlsx", with_undecodable_member_name(write_workbook(demo_report)))})
    assert response.status_code == 422
    assert located(response.content.decode(), "文件", "不是 Excel 工作簿")
