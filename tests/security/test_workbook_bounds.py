"""A small workbook must not make the server build millions of cells: the sheets' extent and merged ranges are
bounded before the workbook is loaded, and refused with the sheet and the range named, quickly and in little
memory, through the accountant's import page and through a finance bureau's bulk import."""
import html

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.documents.interchange.document import export_document
from apps.documents.interchange.workbook import write_workbook
from apps.jobs.models import Job
from apps.reports.models import ReportEvent
from tests.security.workbooks import add_hyperlink, add_merge, add_row, cost_of, patched, set_dimension

IMPORT_URL = "/entry/410882-zwfw/2021/import/"
BULK_URL = "/bureau/import/"
SECONDS, MEGABYTES = 1.0, 100

# case → (sheet, patch of its XML, place in the answer, words in the answer)
ATTACKS = {
    "merged-whole-sheet": ("公开03表", add_merge("A1:XFD1048576"), "公开03表!A1:XFD1048576", "合并单元格"),
    "merged-five-million-cells": ("公开03表", add_merge("A1:CV52000"), "公开03表!A1:CV52000", "合并单元格"),
    "merged-on-a-sheet-without-merges": ("封面", add_merge("B2:ZZ90000"), "封面!B2:ZZ90000", "合并单元格"),
    "merged-area-within-the-sheet-bounds": ("公开05表", add_merge("A1:BH5000"), "公开05表!A1:BH5000", "合并单元格"),
    "hyperlink-over-the-whole-sheet": ("文字部分", add_hyperlink("A1:XFD1048576"), "文字部分!A1:XFD1048576", "超链接"),
    "dimension-claims-the-whole-sheet": ("公开01表", set_dimension("A1:XFD1048576"), "公开01表!A1:XFD1048576", "范围"),
    "cell-beyond-the-last-row": ("公开03表", add_row('<row r="1048576"><c r="A1048576"><v>1</v></c></row>'),
                                 "公开03表!A1048576", "行"),
    "cell-beyond-the-last-column": ("公开03表", add_row('<row r="60"><c r="XFD60"><v>1</v></c></row>'),
                                    "公开03表!XFD60", "列"),
    "row-beyond-the-last-row": ("绩效自评表2", add_row('<row r="900000"><c t="inlineStr"><is><t>x</t></is></c></row>'),
                                "绩效自评表2!A900000", "行"),
}


@pytest.fixture(scope="module")
def demo_workbook(django_db_setup, django_db_blocker):
    from apps.reports.models import Report

    with django_db_blocker.unblock():
        return write_workbook(Report.objects.get(department__code="410882-zwfw", fiscal_year=2021, revision=1))


def refusal_rows(page: str, where: str, words: str) -> list[str]:
    return [row for row in html.unescape(page).split("<tr") if where in row and words in row]


@pytest.mark.parametrize("case", sorted(ATTACKS))
def test_oversized_sheet_is_refused_on_the_import_page_quickly_and_nothing_is_written(client, demo_report, media,
                                                                                      demo_workbook, case):
    sheet, change, where, words = ATTACKS[case]
    content = patched(demo_workbook, sheet, change)
    assert len(content) < 100 * 1024  # a small file
    assert client.login(username="kuaiji", password="kuaiji-2021-demo")
    before, events = export_document(demo_report), ReportEvent.objects.count()

    response, cost = cost_of(lambda: client.post(IMPORT_URL, {"file": SimpleUploadedFile("决算.xlsx", content)}))
    page = response.content.decode()
    assert response.status_code == 422, page[-2000:]
    assert refusal_rows(page, where, words), page[page.find("<table"):][:2000]
    assert "未写入任何数据" in page and 'id="confirm-button"' not in page
    assert export_document(demo_report) == before and ReportEvent.objects.count() == events
    assert cost.seconds < SECONDS, cost
    assert cost.python_peak_mb < MEGABYTES and cost.rss_growth_mb < MEGABYTES, cost


@pytest.mark.parametrize("case", ["merged-whole-sheet", "merged-five-million-cells", "cell-beyond-the-last-row"])
def test_oversized_sheet_is_refused_in_a_bulk_import_quickly(client, demo_report, media, demo_workbook, case):
    sheet, change, where, words = ATTACKS[case]
    content = patched(demo_workbook, sheet, change)
    assert client.login(username="guanli", password="guanli-2021-demo")
    before = export_document(demo_report)

    def upload():
        return client.post(BULK_URL, {"bureau": demo_report.department.parent_id,
                                      "files": [SimpleUploadedFile("攻击.xlsx", content)]}, follow=True)

    response, cost = cost_of(upload)
    page = html.unescape(response.content.decode())
    job = Job.objects.filter(kind=Job.Kind.BULK_IMPORT).latest("id")
    assert job.state == Job.State.SUCCEEDED and job.result["refused"] == 1
    line = page.split('<li class="bulk-')[1]
    assert line.startswith("failed") and "攻击.xlsx" in line and f"{where}：" in line and words in line, line
    assert export_document(demo_report) == before
    assert cost.seconds < SECONDS, cost
    assert cost.python_peak_mb < MEGABYTES and cost.rss_growth_mb < MEGABYTES, cost


def test_the_demo_workbook_is_within_the_bounds(client, demo_report, media, demo_workbook):
    """The bounds are generous for a real report: the demo's own workbook, rows added below a table, imports."""
    from tests.interchange.bad_uploads import edited

    def more_rows(book):
        book["公开03表"].cell(4000, 52, "备注")  # AZ4000, beside and far below the table
        book["公开03表"].merge_cells("J50:K60")

    content = edited(demo_workbook, more_rows)
    assert client.login(username="kuaiji", password="kuaiji-2021-demo")
    response = client.post(IMPORT_URL, {"file": SimpleUploadedFile("决算.xlsx", content)})
    assert response.status_code == 200 and 'id="confirm-button"' in response.content.decode()
