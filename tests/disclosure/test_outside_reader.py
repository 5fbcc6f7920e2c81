"""An outside reader of the published PDFs (pdfplumber, ruled tables found by their lines, as independent checkers of
published reports read them) finds each table on the page of its title and reads every figure as stored: both demos,
both editions."""
import io
import re

import pdfplumber
import pytest

from apps.documents.disclosure import build_disclosure
from apps.documents.rendering import render_pdf
from apps.reports.computation import compute_tables
from apps.reports.money import format_amount, to_unit
from apps.reports.snapshot import load_snapshot

LINES = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
DEMOS = {"henan-2021": ("410882-zwfw", 2021), "shanghai-2024": ("310000-sample", 2024)}


def squeeze(text) -> str:
    return re.sub(r"\s+", "", text or "")


@pytest.fixture(params=sorted(DEMOS))
def read(request, db):
    """(the disclosure, its grids, the tables pdfplumber reads on each page, each page's text) of one demo."""
    from apps.reports.models import Report

    department, year = DEMOS[request.param]
    report = Report.objects.get(department__code=department, fiscal_year=year, revision=1)
    assert report.edition == request.param
    doc = build_disclosure(report)
    grids = compute_tables(load_snapshot(report))
    content = render_pdf(doc)
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        pages = [([[[squeeze(cell) for cell in row] for row in table.extract()] for table in page.find_tables(LINES)],
                  squeeze(page.extract_text())) for page in pdf.pages]
        lines = [page.extract_text().splitlines() for page in pdf.pages]
    return doc, grids, pages, lines


def expected_rows(view, grid, unit) -> list[list[str]]:
    """The body rows as a reader should find them: every figure from the stored cell, spanned columns empty."""
    rows = []
    for body_row in view.body:
        cells = []
        for cell in body_row:
            if cell.ref is not None:
                value = grid.cell(*cell.ref).value
                cells.append(format_amount(to_unit(value, unit)) if value is not None else "")
            else:
                cells.append(squeeze(cell.text))
            cells += [""] * (cell.colspan - 1)
        rows.append(cells)
    return rows


def test_each_table_is_found_on_the_page_of_its_title_and_every_figure_reads_as_stored(read):
    doc, grids, pages, _ = read
    titled = [next(i for i, (_, text) in enumerate(pages) if squeeze(view.title) in text
                   and squeeze(doc.table_meta[0]) in text  # the line over a table: not the 目录
                   and (not view.number or view.number in text)) for view in doc.tables]
    assert titled == sorted(titled), "the tables are printed in the edition's order"
    ends = titled[1:] + [next(i for i, (_, text) in enumerate(pages) if i > titled[-1] and "第三部分" in text)]
    checked = 0
    for view, start, end in zip(doc.tables, titled, ends):
        found = [row for tables, _ in pages[start:max(end, start + 1)] for table in tables for row in table]
        assert pages[start][0], f"{view.title}: no ruled table on the page of its title"
        read_rows = {tuple(cell or "" for cell in row) for row in found}
        for row in expected_rows(view, grids[view.code], doc.report.unit):
            if not any(row):
                continue  # a blank line of the printed form
            assert tuple(row) in read_rows, f"{view.title}: {row} is not read as printed"
            checked += sum(1 for cell in row if re.fullmatch(r"-?\d+\.\d\d", cell))
    assert checked > 100


def test_the_text_layer_says_what_the_page_shows(read):
    """No letter of the draft watermark in the text (the cover states it once); spaced labels read as words
    (合计, 总计); a figure never parted from its unit at a line end."""
    doc, _, pages, lines = read
    assert doc.is_draft
    assert [i for i, (_, text) in enumerate(pages) if i and "稿" in text] == []
    words = {word for page in lines for line in page for word in line.split()}
    assert {"合计", "总计"} <= words and "合" not in words and "计" not in words
    narrative = [line for page in lines for line in page if line.strip()]
    assert not [line for line in narrative if re.match(r"\s*(万元|%)", line)]
