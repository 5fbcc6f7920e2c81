"""The PDF laid out by child processes and put together (pdf_assembly.py) reads as the PDF laid out in one pass:
same pages, same text page by page, same bookmarks, same 目录 links, same metadata; and where it cannot be done
that way, the one-pass PDF is what comes out."""
import logging
import re
import subprocess
import threading
from decimal import Decimal
from io import BytesIO

import pypdf
import pytest

from apps.documents import pdf_assembly
from apps.documents.disclosure import build_disclosure
from apps.documents.rendering import render_pdf

pytestmark = pytest.mark.django_db


def both_ways(report, settings) -> tuple[bytes, bytes]:
    doc = build_disclosure(report)
    settings.PDF_LAYOUT_PROCESSES = 1
    whole = render_pdf(doc)
    settings.PDF_LAYOUT_PROCESSES = 2
    return whole, render_pdf(doc)


def page_texts(content: bytes, tmp_path) -> list[str]:
    path = tmp_path / "read.pdf"
    path.write_bytes(content)
    pages = int(re.search(r"Pages:\s+(\d+)", run("pdfinfo", path)).group(1))
    return [run("pdftotext", "-f", str(n), "-l", str(n), "-layout", path, "-") for n in range(1, pages + 1)]


def run(*args) -> str:
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, check=True).stdout


def outline(reader: pypdf.PdfReader) -> list[tuple[int, str, int]]:
    """(depth, title, page) of every bookmark, in order."""
    found = []

    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                found.append((depth, item.title, reader.get_destination_page_number(item)))

    walk(reader.outline, 0)
    return found


def toc_links(reader: pypdf.PdfReader) -> list[int]:
    """The page each link of the 目录 (page 2) leads to, top to bottom."""
    links = []
    for annotation in reader.pages[1].get("/Annots", []):
        annotation = annotation.get_object()
        destination = annotation.get("/Dest") or annotation["/A"]["/D"]
        if isinstance(destination, str):  # a named destination
            destination = reader.named_destinations[destination]
            links.append((-float(annotation["/Rect"][1]), reader.get_destination_page_number(destination)))
        else:
            links.append((-float(annotation["/Rect"][1]), reader.get_page_number(destination[0].get_object())))
    return [page for _, page in sorted(links)]


def page_images(content: bytes, tmp_path) -> list[bytes]:
    """Each page drawn in grey at 40 dpi."""
    folder = tmp_path / "drawn"
    if folder.exists():
        for old in folder.iterdir():
            old.unlink()
    folder.mkdir(exist_ok=True)
    (folder / "read.pdf").write_bytes(content)
    run("pdftoppm", "-r", "40", "-gray", folder / "read.pdf", folder / "page")
    return [path.read_bytes() for path in sorted(folder.glob("page-*.pgm"))]


def embedded_fonts(content: bytes, tmp_path) -> list[str]:
    """The fonts as `pdffonts` lists them (each font object, with its subset's name and type)."""
    path = tmp_path / "fonts.pdf"
    path.write_bytes(content)
    return [" ".join(line.split()[:-2]) for line in run("pdffonts", path).splitlines()[2:]]


def assert_same_document(whole: bytes, assembled: bytes, tmp_path):
    assert whole != assembled  # the assembled one really was put together (its pages are drawn as forms)
    assert page_texts(assembled, tmp_path) == page_texts(whole, tmp_path)
    # The same drawing, glyph for glyph: the unit pages draw with the frame PDF's fonts.
    assert page_images(assembled, tmp_path) == page_images(whole, tmp_path)
    # Each font embedded once, as in one pass, so that the file is about as large.
    assert embedded_fonts(assembled, tmp_path) == embedded_fonts(whole, tmp_path)
    assert len(assembled) < 1.15 * len(whole)
    one, other = pypdf.PdfReader(BytesIO(whole)), pypdf.PdfReader(BytesIO(assembled))
    assert [p.mediabox for p in other.pages] == [p.mediabox for p in one.pages]
    assert outline(other) == outline(one) and len(outline(one)) > 20
    assert toc_links(other) == toc_links(one) and len(toc_links(one)) > 20
    assert (other.metadata.title, other.metadata.author) == (one.metadata.title, one.metadata.author)


def test_the_demo_reads_the_same_put_together(demo_report, settings, tmp_path):
    assert_same_document(*both_ways(demo_report, settings), tmp_path)


def test_the_shanghai_demo_reads_the_same_put_together(settings, tmp_path):
    from apps.reports.models import Report

    report = Report.objects.get(department__code="310000-sample", fiscal_year=2024)
    assert_same_document(*both_ways(report, settings), tmp_path)


def test_a_table_over_several_pages_reads_the_same_put_together(demo_report, settings, tmp_path):
    from apps.reports.models import ExpenditureLine, FunctionalSubject

    for subject in FunctionalSubject.objects.filter(fiscal_year=2021, level=3).exclude(
            code__in=demo_report.expenditure_lines.values("subject__code"))[:80]:
        ExpenditureLine.objects.create(report=demo_report, subject=subject, basic=Decimal("100.00"))
    assert_same_document(*both_ways(demo_report, settings), tmp_path)


def test_a_process_with_threads_lays_out_in_one_pass(demo_report, settings, monkeypatch):
    doc = build_disclosure(demo_report)
    settings.PDF_LAYOUT_PROCESSES = 1
    whole = render_pdf(doc)
    settings.PDF_LAYOUT_PROCESSES = 2
    monkeypatch.setattr(threading, "active_count", lambda: 3)  # a threaded server must not fork
    assert render_pdf(doc) == whole


def test_a_failed_child_falls_back_to_one_pass(demo_report, settings, monkeypatch, caplog):
    doc = build_disclosure(demo_report)
    settings.PDF_LAYOUT_PROCESSES = 1
    whole = render_pdf(doc)
    settings.PDF_LAYOUT_PROCESSES = 2

    def broken(*args, **kwargs):
        raise RuntimeError("layout failed")

    monkeypatch.setattr(pdf_assembly, "render_group", broken)  # the forked children inherit it
    with caplog.at_level(logging.WARNING, logger="apps.documents.pdf_assembly"):
        assert render_pdf(doc) == whole
    assert "layout failed" in caplog.text


def test_units_are_dealt_in_two_groups_of_about_the_same_size():
    units = ["a" * 50, "b" * 10, "c" * 40, "d" * 5, "e" * 5]
    groups = pdf_assembly.deal(units)
    assert sorted(i for g in groups for i in g) == [0, 1, 2, 3, 4]
    loads = [sum(len(units[i]) for i in g) for g in groups]
    assert max(loads) - min(loads) <= 10 and all(g == sorted(g) for g in groups)


def test_a_document_of_another_shape_is_not_split():
    assert pdf_assembly.split_document("<html><head></head><body><p>一页</p></body></html>") is None
    single = '<html><head></head><body><article class="part x" id="p"><h1>一</h1></article></body></html>'
    assert pdf_assembly.split_document(single) is None


def parts(first: str, second: str, front: str = "<p>目录 第一部分 第二部分</p>") -> str:
    """A small document of the printable HTML's shape: front matter, then two parts (one per child)."""
    return ('<!doctype html><html><head><style>@page { size: A5; @bottom-center { content: "第 " counter(page) " 页";'
            'font-family: "Noto Serif CJK SC" } } body { font-family: "Noto Serif CJK SC" } .part { break-before: page }'
            f'</style></head><body><div class="cover"><h1>封面</h1>{front}</div>'
            f'<article class="part a" id="a"><h2>第一部分</h2>{first}</article>'
            f'<article class="part b" id="b"><h2>第二部分</h2>{second}</article></body></html>')


def assembled(html: str):
    from weasyprint import HTML

    return pdf_assembly.render_in_child_processes(html, lambda text: HTML(string=text))


def test_parts_that_share_fonts_are_put_together():
    assert assembled(parts("<p>甲单位决算 123.45 万元</p>", "<p>乙单位 <b>粗体</b></p>")) is not None


@pytest.mark.parametrize("first, second, why", [
    # Noto CJK draws the radical ⽇ and 日 with one glyph: a PDF reads the glyph as the text it first stood for, and
    # the parts disagree on it.
    ("<p>填报⽇期：2022年9月1日</p>", "<p>今日</p>", "cannot share one font subset"),
    # A character no font has gets a glyph id of its child's own (printed as a box).
    ("<p>私用\ue000字</p>", "<p>私用\ue001字</p>", "cannot share one font subset"),
    # Text in a form (opacity): its fonts are its part's, not the shared ones.
    ('<div style="opacity: .5">半透明说明 <b>加粗</b></div>', "<p>乙单位 <b>粗体</b></p>", "could not be shared"),
])
def test_parts_whose_fonts_cannot_be_shared_are_laid_out_in_one_pass(first, second, why, caplog):
    with caplog.at_level(logging.INFO, logger="apps.documents.pdf_assembly"):
        assert assembled(parts(first, second)) is None
    assert why in caplog.text


def test_a_font_only_the_parts_use_is_not_embedded_twice(caplog):
    """The parts' fonts are shared through the front matter's and the footers'; one they alone use is not."""
    sans = '<p style="font-family: \'Noto Sans CJK SC\'">{}</p>'
    with caplog.at_level(logging.INFO, logger="apps.documents.pdf_assembly"):
        assert assembled(parts(sans.format("甲单位"), sans.format("乙单位"))) is None
    assert "could not be shared" in caplog.text


def test_the_demo_is_put_together_without_a_warning(demo_report, settings, caplog):
    """An element over several pages is an anchor on each of its group's pages; the frames place it once, where it
    starts (placed on each, WeasyPrint warned of every such anchor defined twice)."""
    settings.PDF_LAYOUT_PROCESSES = 2
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        assembled = render_pdf(build_disclosure(demo_report))
    last_page = pypdf.PdfReader(BytesIO(assembled)).pages[-1]
    assert any(name.startswith("/UnitPage") for name in last_page["/Resources"]["/XObject"])  # put together
    assert [record.getMessage() for record in caplog.records] == []
