"""Each official table as CSV, as printed (codes, names, every figure including totals), UTF-8 with a BOM so
that Excel opens it in Chinese; texts are neutralised against formula injection."""
import csv
import io
import zipfile

from apps.accounts.spreadsheets import safe_text
from apps.documents.disclosure import table_view
from apps.documents.interchange.workbook import place_cells
from apps.reports.computation import compute_tables
from apps.reports.snapshot import load_snapshot


def table_rows(report, grid) -> list[list[str]]:
    """The table as a grid of texts: the header rows, then the body (amounts as printed)."""
    view = table_view(report, grid)
    rows = []
    for cells in (view.head, view.body):
        placed = {}
        for row, column, cell in place_cells(cells, 0):
            for dr in range(getattr(cell, "rowspan", 1)):
                for dc in range(cell.colspan):  # a spanning cell's text at its first position, blanks after
                    placed[(row + dr, column + dc)] = cell.text if dr == dc == 0 else ""
        height = max((r for r, _ in placed), default=-1) + 1
        width = max((c for _, c in placed), default=0)
        rows += [[placed.get((r, c), "") for c in range(1, width + 1)] for r in range(height)]
    return rows


def table_csv(report, grid) -> bytes:
    """The table's CSV: a title line, then its rows; every field, the title included, neutralised."""
    title = (f"{report.department.name} {report.fiscal_year}年度 {report.table_number(grid.code)} "
             f"{table_view(report, grid).title}（金额单位：{report.get_unit_display()}）")
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(
        [safe_text(field) for field in row] for row in [[title], *table_rows(report, grid)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def tables_zip(report) -> bytes:
    """Every table of a report as CSV files in one zip."""
    grids = compute_tables(load_snapshot(report))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for code in report.table_codes:
            archive.writestr(f"{report.table_number(code)}-{code}.csv", table_csv(report, grids[code]))
    return out.getvalue()
