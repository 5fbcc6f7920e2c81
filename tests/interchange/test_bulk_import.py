"""A finance bureau imports many reports at once: files and zips, one line per file, each file alone."""
import io
import zipfile
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from apps.accounts.models import Organisation, Region
from apps.documents.interchange.document import export_document
from apps.documents.interchange.workbook import write_workbook
from apps.jobs.models import Job
from apps.reports.models import Report
from tests.interchange.bad_uploads import cover, edited, set_cell

URL = "/bureau/import/"


@pytest.fixture
def audit_office(demo_report):
    """A second department of the same bureau, without a 2021 report yet."""
    return Organisation.objects.create(code="410882-sjj", name="沁阳市审计局", kind="department",
                                       region=demo_report.department.region, parent=demo_report.department.parent)


def zipped(files: dict) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return out.getvalue()


def test_many_files_and_a_zip_each_imported_alone_with_a_line_per_file(client, demo_report, audit_office, media):
    other_region = Region.objects.create(code="410100", name="郑州市", parent=demo_report.department.region.parent)
    elsewhere_bureau = Organisation.objects.create(code="410100-czj", name="郑州市财政局", kind="finance_bureau",
                                                   region=other_region)
    Organisation.objects.create(code="410100-x", name="郑州市某局", kind="department", region=other_region,
                                parent=elsewhere_bureau)
    workbook, original = write_workbook(demo_report), export_document(demo_report)["tables"]
    changed = edited(workbook, set_cell("公开03表", "2010306", 4, 103.58))
    for_audit_office = edited(workbook, cover("部门编码", "410882-sjj"))
    bad = edited(workbook, set_cell("公开03表", "2010306", 4, "一百"))
    elsewhere = edited(workbook, cover("部门编码", "410100-x"))
    assert client.login(username="guanli", password="guanli-2021-demo")
    response = client.post(URL, {"bureau": demo_report.department.parent_id, "files": [
        SimpleUploadedFile("政务服务.xlsx", changed),
        SimpleUploadedFile("一批.zip", zipped({"审计局.xlsx": for_audit_office, "坏的.xlsx": bad,
                                               "郑州.xlsx": elsewhere, "说明.txt": b"readme"})),
    ]}, follow=True)
    job = Job.objects.get(kind=Job.Kind.BULK_IMPORT)  # done at once without a broker: the job's page shows it
    assert response.redirect_chain == [(job.get_absolute_url(), 302)]
    assert job.state == Job.State.SUCCEEDED and job.attempts == 1 and job.created_by.username == "guanli"
    assert not list((media / "imports" / "bulk").rglob("*.upload"))  # the uploads kept for the job are gone
    page = response.content.decode()
    lines = page.split('<li class="bulk-')[1:]
    assert [line.split("</strong>")[0].split("<strong>")[-1] for line in lines] == [
        "政务服务.xlsx", "坏的.xlsx", "审计局.xlsx", "说明.txt", "郑州.xlsx"]
    assert lines[0].startswith("ok") and "1 处变化" in lines[0]
    assert lines[1].startswith("failed") and "公开03表!D" in lines[1] and "不是数字" in lines[1]
    assert lines[2].startswith("ok") and "新建草稿" in lines[2]
    assert "不是 .xlsx 或 .json 文件" in lines[3]
    assert "沁阳市财政局" in lines[4] and "不属于" in lines[4]
    assert "共 5 个文件，导入 2 个，未导入 3 个" in page
    assert export_document(demo_report)["tables"]["expenditure"]["2010306"]["basic"] == "103.58"
    imported = Report.objects.get(department=audit_office, fiscal_year=2021)
    assert export_document(imported)["tables"] == original  # the demo's figures, now the audit office's draft
    assert not Report.objects.filter(department__code="410100-x").exists()  # nothing created for a refused file


def test_only_bureau_administrators_import_in_bulk(client, demo_report):
    assert client.get(URL).status_code == 302
    client.login(username="kuaiji", password="kuaiji-2021-demo")
    assert client.get(URL).status_code == 403
    client.login(username="guanli", password="guanli-2021-demo")
    page = client.get(URL).content.decode()
    assert "沁阳市财政局" in page and 'name="files"' in page
    assert client.post(URL, {"bureau": demo_report.department.parent_id}).status_code == 422


def test_command_imports_a_folder_and_reports_each_file(demo_report, audit_office, tmp_path):
    workbook = write_workbook(demo_report)
    (tmp_path / "a.xlsx").write_bytes(edited(workbook, cover("部门编码", "410882-sjj")))
    (tmp_path / "b.xlsx").write_bytes(b"not a workbook")
    out = StringIO()
    with pytest.raises(Exception, match="1 个文件未导入"):
        call_command("import_report", str(tmp_path), stdout=out)
    assert "a.xlsx：已导入" in out.getvalue() and "b.xlsx" in out.getvalue() and "不是 Excel 工作簿" in out.getvalue()
    assert Report.objects.filter(department=audit_office, fiscal_year=2021).exists()


@pytest.mark.parametrize("bureau, files, message", [
    ("", 1, "请选择财政局。"), ("999999", 1, "请选择财政局。"), ("abc", 0, "请选择财政局。"),
    (None, 0, "请选择要导入的文件。"), (None, 3, "一次最多上传 2 个文件。")])
def test_a_bulk_import_without_a_bureau_of_the_administrator_or_with_too_many_files_is_refused(
        client, demo_report, media, monkeypatch, bureau, files, message):
    monkeypatch.setattr("apps.bureau.forms.MAX_FILES", 2)
    client.login(username="guanli", password="guanli-2021-demo")
    uploads = [SimpleUploadedFile(f"{n}.json", b"{}") for n in range(files)]
    response = client.post(URL, {"bureau": demo_report.department.parent_id if bureau is None else bureau,
                                 "files": uploads})
    assert response.status_code == 422 and message in response.content.decode()
    assert not Job.objects.exists() and not (media / "imports").exists()


def test_bulk_uploads_over_the_total_size_are_refused(client, demo_report, media, monkeypatch):
    monkeypatch.setattr("apps.bureau.forms.MAX_BULK_UPLOAD_BYTES", 1024 * 1024)
    client.login(username="guanli", password="guanli-2021-demo")
    response = client.post(URL, {"bureau": demo_report.department.parent_id,
                                 "files": [SimpleUploadedFile("a.json", b" " * 1024 * 1024 + b"{}")]})
    assert response.status_code == 422 and "上传的文件合计超过 1 MB。" in response.content.decode()
    assert not Job.objects.exists()
