"""Every bad upload gets a clear, located answer in Chinese through the real page, no server error, and
nothing is written."""
import pytest

from apps.documents.interchange.document import export_document
from apps.documents.interchange.workbook import write_workbook
from apps.reports.models import ReportEvent
from tests.interchange.bad_uploads import CASES

URL = "/entry/410882-zwfw/2021/import/"


@pytest.fixture
def accountant(client, demo_report):
    assert client.login(username="kuaiji", password="kuaiji-2021-demo")
    return client


def test_the_corpus_has_at_least_thirty_cases():
    assert len(CASES) >= 30


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_upload_is_answered_with_a_located_message_and_nothing_is_written(accountant, demo_report, case,
                                                                              settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    name, build, where, words = CASES[case]
    content = build(write_workbook(demo_report), export_document(demo_report))
    before, events = export_document(demo_report), ReportEvent.objects.count()
    response = accountant.post(URL, {"file": SimpleUploadedFile(name, content)})
    page = response.content.decode()
    assert response.status_code == 422, page[-2000:]
    assert "未写入任何数据" in page or "超过" in page
    rows = [row for row in page.split("<tr") if where in row and words in row]
    assert rows, f"no row with {where!r} and {words!r}:\n" + "\n".join(
        row[:300] for row in page.split("<tr")[1:12])
    assert 'id="confirm-button"' not in page
    assert export_document(demo_report) == before and ReportEvent.objects.count() == events
    assert not (tmp_path / "imports").exists()


def test_good_workbook_is_previewed_then_imported_on_confirmation(accountant, demo_report, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.interchange.bad_uploads import edited, set_cell

    settings.MEDIA_ROOT = tmp_path
    content = edited(write_workbook(demo_report), set_cell("公开03表", "2010306", 4, 103.58))
    response = accountant.post(URL, {"file": SimpleUploadedFile("决算.xlsx", content)})
    page = response.content.decode()
    assert response.status_code == 200 and 'id="confirm-button"' in page
    assert "<td>公开03表 2010306 基本支出</td><td>102.58</td><td>103.58</td>" in page
    assert "10 个灰色单元格仍是下载工作簿时系统算出的数，已按导入的明细重新计算" in page  # the system's sums, left stale
    assert "T03-" in page or "审核公式有" in page  # 本年支出合计 no longer matches: shown before importing
    assert export_document(demo_report)["tables"]["expenditure"]["2010306"]["basic"] == "102.58"  # not yet
    accountant.post(URL, {"file": SimpleUploadedFile("决算.xlsx", content)})  # uploaded again: replaces the first
    assert len(list((tmp_path / "imports").iterdir())) == 1
    response = accountant.post(URL, {"action": "confirm"})
    assert response.status_code == 302
    assert export_document(demo_report)["tables"]["expenditure"]["2010306"]["basic"] == "103.58"
    assert ReportEvent.objects.filter(report=demo_report, target="导入文件 决算.xlsx").exists()
    assert list((tmp_path / "imports").iterdir()) == []  # used up
