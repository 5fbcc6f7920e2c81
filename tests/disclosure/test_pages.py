"""The disclosure as an HTML page, the PDF download (stored once published), export_report."""
from io import StringIO

import pytest
from django.core.management import call_command

from apps.documents.rendering import STATIC_BASE, static_file
from apps.portal.services.publication import stored_document
from apps.portal.views import reports as views
from apps.reports.models import ExpenditureLine, FunctionalSubject, PublishedDocument, Report
from tests import helpers

PAGE = "/reports/410882-zwfw/2021/"
PDF = "/reports/410882-zwfw/2021/r1/document.pdf"


def login(client, username):
    client.login(username=username, password=f"{username}-2021-demo")


def publish(report):
    Report.objects.filter(pk=report.pk).update(state=Report.State.PUBLISHED)
    report.refresh_from_db()


def test_draft_page_is_a_watermarked_preview_for_its_accountant(client, demo_report):
    login(client, "kuaiji")
    response = client.get(PAGE)
    assert response.status_code == 200
    page = response.content.decode()
    assert "草稿 · 未公开" in page
    assert '<caption class="visually-hidden">公开01表 收入支出决算总表（金额单位：万元）</caption>' in page
    assert '<th scope="row" class="label indent-0">一、一般公共预算财政拨款收入</th>' in page
    assert "注：本表反映部门本年度的总收支和年末结转结余情况。本套报表金额单位转换时可能存在尾数误差。" in page
    assert "说明：我部门没有政府性基金收入，也没有使用政府性基金安排的支出，故本表无数据。" in page
    for anchor in ("part-overview", "table-summary", "table-state_capital", "narrative-performance", "part-glossary"):
        assert f'id="{anchor}"' in page and f'href="#{anchor}"' in page


@pytest.mark.parametrize("username", [None, "shenhe"])
def test_draft_is_not_found_for_those_who_may_not_see_it(client, demo_report, username):
    if username:
        login(client, username)
    assert client.get(PAGE).status_code == 404
    assert client.get(PDF).status_code == 404


def test_published_report_is_public_and_blank_cells_stay_blank(client, demo_report):
    publish(demo_report)
    page = client.get(PAGE).content.decode()
    assert "草稿" not in page
    assert "{#" not in page and "#}" not in page and "{%" not in page  # no template text shown to the reader
    # 公开01表 row 2 (政府性基金) prints a blank amount, row 4 (上级补助收入) prints 0.00.
    assert '二、政府性基金预算财政拨款收入</th><td class="line">2</td><td class="num"></td>' in page
    assert '四、上级补助收入</th><td class="line">4</td><td class="num">0.00</td>' in page


def test_page_uses_a_constant_number_of_queries(client, demo_report, django_assert_num_queries):
    login(client, "kuaiji")
    client.get(PAGE)
    with django_assert_num_queries(31) as first:
        client.get(PAGE)
    for code in ("2010301", "2050201", "2120101"):
        ExpenditureLine.objects.create(report=demo_report, subject=FunctionalSubject.objects.get(
            fiscal_year=2021, code=code), basic=100)
    with django_assert_num_queries(len(first.captured_queries)):
        client.get(PAGE)


def test_published_pdf_is_rendered_once_and_served_from_storage(client, demo_report, settings, tmp_path,
                                                                 monkeypatch):
    settings.MEDIA_ROOT = tmp_path
    assert stored_document(demo_report, "pdf") is None  # drafts have no official file
    published = helpers.publish(demo_report)
    document = stored_document(published, "pdf")
    assert document.file.name == "published/410882-zwfw/2021/r1/410882-zwfw-2021-r1.pdf"
    with document.file.open("rb") as file:
        stored = file.read()
    assert stored.startswith(b"%PDF") and PublishedDocument.digest(stored) == document.sha256

    def no_rendering(*args, **kwargs):
        raise AssertionError("a published PDF must be served from storage")

    monkeypatch.setattr(views, "render_pdf", no_rendering)
    response = client.get(PDF)
    assert response.status_code == 200
    assert response["ETag"] == f'"{document.sha256}"'
    assert b"".join(response.streaming_content) == stored
    response.close()


def test_draft_pdf_preview_is_rendered_for_its_reviewer(client, demo_report):
    Report.objects.filter(pk=demo_report.pk).update(state=Report.State.SUBMITTED)
    login(client, "shenhe")
    response = client.get(PDF)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF") and response["Cache-Control"] == "private, no-store"


def test_export_report_writes_pdf_and_html(demo_report, tmp_path):
    out = StringIO()
    call_command("export_report", "410882-zwfw/2021", "--format", "html", "--output", tmp_path / "r.html", stdout=out)
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "<style>" in html and "/static/" not in html and "公开09表" in html
    call_command("export_report", "410882-zwfw/2021", "--format", "pdf", "--output", tmp_path / "r.pdf", stdout=out)
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")
    assert "已导出" in out.getvalue()


def test_renderer_fetches_only_our_static_files():
    assert static_file(f"{STATIC_BASE}/static/css/print.css").name == "print.css"
    assert static_file("file:///etc/passwd") is None
    assert static_file("https://example.com/static/css/print.css") is None
    assert static_file(f"{STATIC_BASE}/static/../../config/settings/base.py") is None
    assert static_file(f"{STATIC_BASE}/static/css/none.css") is None


def test_published_page_is_served_from_its_stored_body_identical_to_a_fresh_rendering(client, demo_report, media,
                                                                                     monkeypatch):
    from django.core.cache import cache

    published = helpers.publish(demo_report)
    stored = stored_document(published, "html")
    with stored.file.open("rb") as file:
        assert "<!-- revisions -->" in file.read().decode()  # the one part filled in when served

    def no_rendering(*args, **kwargs):
        raise AssertionError("a published page is served from its stored body")

    monkeypatch.setattr(views, "build_disclosure", no_rendering)
    served = client.get(PAGE).content
    assert "<!-- revisions -->" not in served.decode() and "公开03表" in served.decode()
    monkeypatch.undo()
    PublishedDocument.objects.filter(pk=stored.pk).delete()  # as a revision published before bodies were stored
    cache.clear()
    assert client.get(PAGE).content == served  # rendered now: the same bytes


def test_store_documents_fills_in_the_files_older_publications_lack(demo_report, media):
    published = helpers.publish(demo_report)
    PublishedDocument.objects.filter(report=published, format__in=["html", "xlsx"]).delete()
    out = StringIO()
    call_command("store_documents", "--formats", "html", stdout=out)
    assert "已保存 html" in out.getvalue() and "共为 1 个已公开版本补存了文件" in out.getvalue()
    assert set(published.documents.values_list("format", flat=True)) == {"pdf", "html"}
    call_command("store_documents", stdout=out)  # the workbook too; nothing stored twice
    assert sorted(published.documents.values_list("format", flat=True)) == ["html", "pdf", "xlsx"]
