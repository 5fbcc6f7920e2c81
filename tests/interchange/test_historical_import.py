"""Past years (issue 19): a finance bureau loads a department's reports published before the system, as published
revisions marked 历史导入 with their source files; the portal shows the department's history and compares its
years, and the next year's new report takes its 上年数 from the imported one. Findings are for the bureau to read
and block nothing."""
import hashlib
import json
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from apps.accounts.models import Organisation
from apps.bureau.services.bulk_import import import_historical
from apps.jobs.models import Job
from apps.reports.models import NarrativeFacts, Report
from apps.reports.money import from_unit
from apps.reports.services.reports import report_create
from tests.helpers import open_years_from, user

CORPUS = Path(__file__).resolve().parents[1] / "data" / "published"
YEARS = (2017, 2018, 2019, 2020)


@pytest.fixture
def history(demo_report, media):
    """A department of the demo's bureau, and the catalogues of its four earlier years."""
    open_years_from(2021, YEARS)
    return Organisation.objects.create(code="410882-hist", name="沁阳市档案馆", kind="department",
                                       region=demo_report.department.region, parent=demo_report.department.parent)


def import_published(year: int) -> str:
    out = StringIO()
    call_command("import_report", str(CORPUS / f"henan-{year}.json"), "--published", stdout=out)
    return out.getvalue()


def test_four_earlier_years_imported_by_the_command_make_the_departments_history(client, history):
    for year in YEARS:
        output = import_published(year)
        assert f"已作为历史导入公开 沁阳市档案馆 {year}年度部门决算" in output
    reports = Report.objects.filter(department=history).order_by("fiscal_year")
    assert [(r.fiscal_year, r.state, r.origin, r.revision) for r in reports] == [
        (year, "published", "historical", 1) for year in YEARS]
    source = reports[0].source
    content = (CORPUS / "henan-2017.json").read_bytes()
    with source.file.open("rb") as kept:
        assert source.sha256 == hashlib.sha256(content).hexdigest() and kept.read() == content
    assert reports[0].documents.count() == 3  # the PDF, the workbook and the page, as at any publication

    page = client.get("/departments/410882-hist/").content.decode()
    for year in YEARS:
        assert f"<td>{year}</td><td>第1版（历史导入）</td>" in page
    assert "系统启用前已公开（" in page  # not a date of publication: the date it was loaded
    report_page = client.get("/reports/410882-hist/2019/").content.decode()
    assert "历史导入：本系统启用前已公开的决算，" in report_page and "发布时间" not in report_page
    assert reports[2].source.sha256 in report_page
    catalogue = {d["identifier"]: d for d in client.get("/open-data/catalogue.json").json()["datasets"]}
    assert catalogue["410882-hist/2019"]["origin"] == "historical" and catalogue["410882-hist/2019"]["issued"] is None
    comparison = client.get("/departments/410882-hist/compare/", {"from": 2017, "to": 2020})
    assert comparison.status_code == 200
    assert "2017" in comparison.content.decode() and "2020" in comparison.content.decode()
    assert comparison.context["differences"]  # every figure moved with the department's growth

    # the department's next year, 2021, takes 2020's printed figures as its 上年数
    report = report_create(department=history, fiscal_year=2021, unit="wan_yuan", copy_from=reports[3], by=None)
    facts = NarrativeFacts.objects.get(report=report)
    printed = {(t["table"], t["row"], t["column"]): t["value"]
               for t in json.loads((CORPUS / "henan-2020.json").read_text(encoding="utf-8"))["printed_totals"]}
    assert facts.previous_total == from_unit(Decimal(printed["summary", "income.total", "amount"]), "wan_yuan")


def test_a_year_the_department_already_has_is_refused_and_nothing_is_written(history):
    import_published(2018)
    with pytest.raises(CommandError):
        call_command("import_report", str(CORPUS / "henan-2018.json"), "--published", stdout=StringIO())
    assert Report.objects.filter(department=history, fiscal_year=2018).count() == 1


@pytest.mark.parametrize("year", [2021, 2022])
def test_a_year_the_bureau_enters_in_the_system_cannot_be_loaded_as_history(history, year):
    document = json.loads((CORPUS / "henan-2020.json").read_text(encoding="utf-8"))
    result = import_historical("y.json", json.dumps({**document, "fiscal_year": year}).encode(), by=None)
    assert not result.ok and not Report.objects.filter(department=history).exists()
    assert [str(p) for p in result.outcome.problems] == [
        f"年度：历史导入只用于本系统启用前已公开的年度：沁阳市财政局从 2021 年度起在本系统填报，{year} 年度的决算须在本系统"
        f"填报、审核后公开。"]


def test_the_source_is_kept_under_a_name_of_its_own_whatever_the_name_it_was_sent_with(history):
    name = "沁阳市档案馆二〇一九年度部门决算公开文件原件" * 8 + ".json"  # beyond what a file system takes
    result = import_historical(name, (CORPUS / "henan-2019.json").read_bytes(), by=None)
    assert result.ok, [str(p) for p in result.outcome.problems]
    source = result.report.source
    assert source.name == name and source.file.name.endswith(f"/{source.sha256[:16]}.json")


def test_the_bureau_page_imports_published_reports_of_earlier_years_and_shows_their_findings(client, history):
    assert client.login(username="guanli", password="guanli-2021-demo")
    response = client.post("/bureau/import/", {
        "bureau": history.parent_id, "kind": "historical",
        "files": [SimpleUploadedFile("2019.json", (CORPUS / "henan-2019.json").read_bytes())]}, follow=True)
    job = Job.objects.get(kind=Job.Kind.BULK_IMPORT)
    assert job.state == Job.State.SUCCEEDED and job.params["historical"] is True
    page = response.content.decode()
    assert '已作为历史导入公开 <a href="/reports/410882-hist/2019/">沁阳市档案馆 2019年度部门决算</a>' in page
    assert "[警告] P-09" in page  # the document's own inconsistencies, listed for the bureau, blocking nothing
    report = Report.objects.get(department=history, fiscal_year=2019)
    assert report.historical and report.state == Report.State.PUBLISHED
    assert report.source.imported_by == user("guanli")
    assert report.events.filter(action="publish", target__startswith="历史导入").exists()
    source = client.get("/bureau/reports/410882-hist/2019/source/")
    assert source.status_code == 200 and b"".join(source.streaming_content) == (CORPUS / "henan-2019.json").read_bytes()
    assert 'filename="2019.json"' in source["Content-Disposition"]
    client.logout()
    assert client.get("/bureau/reports/410882-hist/2019/source/").status_code == 302  # to the login page
    assert client.login(username="kuaiji", password="kuaiji-2021-demo")
    assert client.get("/bureau/reports/410882-hist/2019/source/").status_code == 404


def test_an_accountant_cannot_import_history(client, history):
    assert client.login(username="kuaiji", password="kuaiji-2021-demo")
    response = client.post("/bureau/import/", {
        "bureau": history.parent_id, "kind": "historical",
        "files": [SimpleUploadedFile("2019.json", (CORPUS / "henan-2019.json").read_bytes())]})
    assert response.status_code == 403
    assert not Report.objects.filter(department=history).exists()
