"""The product's workbook in a real spreadsheet application: LibreOffice Calc (headless, as accountants on
LibreOffice or WPS use it) opens and saves it, and the saved file imports again with no problem and no change; printed
from LibreOffice, every table comes out one page wide (wide tables landscape), its header rows repeated on every page,
in about as many pages as the PDF gives the tables."""
import io
import re
import subprocess
from decimal import Decimal
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from openpyxl import load_workbook

from apps.documents.disclosure import table_view
from apps.documents.interchange.document import export_document
from apps.documents.interchange.workbook import write_workbook
from apps.reports.computation import compute_tables
from apps.reports.models import ExpenditureLine, FunctionalSubject, Report, ReportEvent, ReportOverview
from apps.reports.snapshot import load_snapshot
from tests.interchange.test_round_trip import printed, sheets


def libreoffice(source: Path, to: str, tmp_path: Path) -> Path:
    """`source` opened and saved (or printed) by LibreOffice Calc, as a user would with 另存为 / 导出为 PDF."""
    out = tmp_path / "libreoffice"
    subprocess.run(["soffice", "--headless", "--norestore", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
                    "--convert-to", to, "--outdir", str(out), str(source)], check=True, timeout=180,
                   capture_output=True)
    return out / f"{source.stem}.{to.split(':')[0]}"


def test_a_workbook_saved_by_libreoffice_imports_again_with_no_problem_and_no_change(demo_report, tmp_path):
    attack = "=HYPERLINK(\"http://evil.example\",\"点此\")"  # a text that looks like a formula stays a text
    ReportOverview.objects.filter(report=demo_report).update(duties=attack)
    source = tmp_path / "demo.xlsx"
    call_command("export_report", "410882-zwfw/2021", "--format", "xlsx", "--output", str(source), stdout=StringIO())
    book = load_workbook(source)
    texts = book["文字部分"]
    answers = [row[3].value for row in texts.iter_rows(min_row=2) if row[2].value == "use_generated"]
    assert len(answers) > 10 and set(answers) == {"是"}  # written as people read it, not TRUE
    named = {row[4].value for row in texts.iter_rows(min_row=2)}
    assert {"部门概况 部门职责", "情况说明 第1条 使用系统生成的文字"} <= named  # each field named for people
    book_with_boolean = tmp_path / "older.xlsx"  # a workbook holding real booleans (as earlier versions wrote)
    next(row[3] for row in texts.iter_rows(min_row=2) if row[2].value == "use_generated").value = True
    book.save(book_with_boolean)
    document, cells, evaluation = export_document(demo_report), printed(demo_report), sheets(demo_report)

    saved = libreoffice(source, "xlsx:Calc MS Excel 2007 XML", tmp_path)
    older = libreoffice(book_with_boolean, "xlsx:Calc MS Excel 2007 XML", tmp_path)
    formulas = [c.value for row in load_workbook(older)["文字部分"].iter_rows() for c in row if c.data_type == "f"]
    assert formulas == ["=TRUE()"]  # what LibreOffice makes of a boolean cell
    for path in (saved, older):
        ReportEvent.objects.all().delete()  # another database: the report is imported anew
        Report.objects.all().delete()
        out = StringIO()
        call_command("import_report", str(path), stdout=out)
        assert "已导入" in out.getvalue(), out.getvalue()
        imported = Report.objects.get(department__code="410882-zwfw", fiscal_year=2021)
        assert printed(imported) == cells
        assert sheets(imported) == evaluation
        assert export_document(imported) == document
        assert ReportOverview.objects.get(report=imported).duties == attack


def _pages(pdf: Path) -> list[tuple[str, bool]]:
    """Each page's text and whether it is landscape."""
    count = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                                                            check=True).stdout).group(1))
    pages = []
    for n in range(1, count + 1):
        text = subprocess.run(["pdftotext", "-layout", "-f", str(n), "-l", str(n), str(pdf), "-"], capture_output=True,
                              text=True, check=True).stdout
        info = subprocess.run(["pdfinfo", "-f", str(n), "-l", str(n), str(pdf)], capture_output=True, text=True,
                              check=True).stdout
        width, height = map(float, re.search(r"size:\s+([\d.]+) x ([\d.]+)", info).groups())
        pages.append((text, width > height))
    return pages


def test_the_workbook_prints_each_table_one_page_wide_with_its_header_rows_on_every_page(demo_report, tmp_path):
    items = FunctionalSubject.objects.filter(fiscal_year=2021, level=FunctionalSubject.Level.ITEM).exclude(
        code__in=demo_report.expenditure_lines.values("subject__code")).order_by("code")[:70]  # 公开03表 runs to several pages
    ExpenditureLine.objects.bulk_create(ExpenditureLine(report=demo_report, subject=s, basic=Decimal("1")) for s in items)
    source = tmp_path / "demo.xlsx"
    source.write_bytes(write_workbook(demo_report))
    pdf = libreoffice(source, "pdf", tmp_path)
    pages = _pages(pdf)
    setup = load_workbook(io.BytesIO(source.read_bytes()))
    grids = compute_tables(load_snapshot(demo_report))
    printed_pages = 0
    for code in demo_report.table_codes:
        view = table_view(demo_report, grids[code])
        own = [(text, landscape) for text, landscape in pages if view.title in text and view.number in text]
        assert own, f"{view.number} is not printed"
        printed_pages += len(own)
        wide = setup[view.number].page_setup.orientation == "landscape"
        first, last = view.head[-1][0].text, view.head[-1][-1].text  # the 栏次 row, or the column headers
        for text, landscape in own:
            assert landscape == wide
            assert "部门：沁阳市政务服务和大数据管理局" in text  # not cut by the year beside it
            assert "栏次" in text or first in text
            assert last in text  # one page wide: the last column's header on the page, beside the first's
    assert sum(1 for text, _ in pages if "支出决算表" in text and "公开03表" in text) >= 2  # it ran on, repeated

    product = tmp_path / "demo.pdf"
    call_command("export_report", "410882-zwfw/2021", "--format", "pdf", "--output", str(product), stdout=StringIO())
    texts = [text for text, _ in _pages(product)]
    start = next(n for n, text in enumerate(texts) if len(set(re.findall(r"公开0\d表", text))) == 1)  # after the 目录
    end = next(n for n, text in enumerate(texts) if n > start and "第三部分" in text)
    assert end - start - 1 <= printed_pages <= end - start + 2, (printed_pages, end - start)  # about as many
