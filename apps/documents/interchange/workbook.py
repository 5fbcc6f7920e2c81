"""The report as an Excel workbook in the official layout, and reading such a workbook back.

One worksheet per official table (named 公开0N表, laid out as printed: title, number, 部门/年度/金额单位, header
rows with 栏次, codes, names); amounts are numeric cells with two decimals; typed cells are unlocked, computed
cells locked and grey. A 封面 sheet names the report, a 文字部分 sheet holds every text, and other apps add
their sheets (the 绩效自评表) through `settings.REPORT_DOCUMENT_MODULES`.

Reading never trusts the file: size, zip structure and the extent of every sheet (its rows, columns and merged
ranges, read from the XML as a stream before openpyxl builds a single cell) are checked first; every amount cell is
checked to be a plain number (not a formula, not text, not merged); the 项 rows are checked against the
catalogue; totals are recomputed, and a printed total within the rounding tolerance is kept as the printed
figure (尾数调整). Every problem is located as `公开03表!E12`.
"""
import io
import math
import posixpath
import zipfile
import zlib
from collections import defaultdict
from decimal import Decimal, InvalidOperation
from xml.etree.ElementTree import ParseError, iterparse

from django.core.exceptions import FieldDoesNotExist
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import coordinate_to_tuple, range_boundaries
from openpyxl.worksheet.datavalidation import DataValidation

from apps.accounts.spreadsheets import restore_text, safe_cells
from apps.documents.disclosure import table_view
from apps.documents.interchange.document import FORMAT, TEXT_PARTS, VERSION, Problem, export_document, layouts_of
from apps.documents.interchange.reading import item_problem
from apps.reports.computation import CellKind, compute_tables
from apps.reports.errors import Refused
from apps.reports.extensions import modules
from apps.reports.layouts import FunctionalLayout
from apps.reports.models import FunctionalSubject, Report
from apps.reports.money import Unit, format_amount, to_unit
from apps.reports.snapshot import load_snapshot

MAX_UPLOAD_BYTES = 10 * 1024 * 1024  # a filled workbook is about 60 KB
MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024  # beyond this the zip is a bomb, not a workbook
HEAD_TOP = 4  # rows 1–3: title, table number, 部门/年度/金额单位
COVER, TEXTS = "封面", "文字部分"
AMOUNT_FORMAT = "0.00"
GREY = PatternFill("solid", fgColor="E8E8E8")
THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
UNLOCKED = Protection(locked=False)
ABSURD = Decimal(10) ** 12  # no figure of the format has more than 12 integer digits, whatever the unit
# The extent of a sheet of a report's workbook: a real sheet has a few hundred rows (文字部分, a department with
# many 项) and at most a dozen columns; merged ranges cover a few dozen cells (the demo's largest sheet: 42).
SHEET_ROWS, SHEET_COLUMNS = 5000, 60
MAX_MERGED_CELLS = 10_000  # cells covered by merged ranges in one sheet (and, apart, by hyperlinked ranges)


def too_large(size: int) -> Problem:
    """The answer to any upload above the limit, whatever its kind."""
    return Problem("文件", f"文件大小 {size / 1024 / 1024:.1f} MB，超过 {MAX_UPLOAD_BYTES // 1024 // 1024} MB 的上限。")


class WorkbookRefused(Refused):
    """The file cannot be read as a workbook at all."""

    code = "workbook_refused"

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


# --- writing ------------------------------------------------------------------------------------------------------


def write_workbook(report: Report, public: bool = False) -> bytes:
    """The report's workbook (a new draft with nothing entered gives the blank template); `public`: with only the
    texts the published document shows."""
    document = export_document(report, public)
    grids = compute_tables(load_snapshot(report))
    book = Workbook()
    cover = book.active
    cover.title = COVER
    _write_cover(cover, report)
    for code in report.table_codes:
        _write_table(book.create_sheet(report.table_number(code)), report, grids[code])
    _write_texts(book.create_sheet(TEXTS), document)
    for module in modules("REPORT_DOCUMENT_MODULES"):
        module.write_sheets(book, document[module.KEY], report)
    for sheet in book.worksheets:
        sheet.protection.sheet = True  # typed cells are unlocked one by one
        sheet.protection.formatColumns = False
    safe_cells(book)  # every text, whoever wrote it, is a value (a department named “=1+2” included)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


EDITION_LABEL = "版式"
YES_NO = {True: "是", False: "否"}  # a yes/no field as people read it (not TRUE/FALSE, which LibreOffice turns into
# formulas =TRUE() when it saves the workbook)
BOOLEAN_TEXTS = {"是": True, "否": False, "TRUE": True, "FALSE": False, "=TRUE()": True, "=FALSE()": False,
                 "1": True, "0": False}


def read_yes_no(value) -> bool | None:
    """A yes/no cell as Excel, WPS or LibreOffice save it (是/否, a boolean, TRUE/FALSE, LibreOffice's =TRUE());
    None when it is none of these."""
    if isinstance(value, bool):
        return value
    return BOOLEAN_TEXTS.get(text_of(value).upper())


def set_up_printing(sheet, header_rows: int, landscape: bool, last_row: int | None = None,
                    last_column: int | None = None):
    """Print a sheet as the PDF prints its table: A4, one page wide (as many pages down as it takes), the header rows
    repeated on every page, only the table (not the blank rows offered for more 项) in the print area."""
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # as many pages down as the rows need
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6
    if header_rows:
        sheet.print_title_rows = f"1:{header_rows}"
    sheet.print_area = f"A1:{get_column_letter(last_column or sheet.max_column)}{last_row or sheet.max_row}"
    sheet.oddFooter.center.text = "第 &P 页，共 &N 页"


def cover_rows(report: Report) -> list[tuple[str, str]]:
    rows = [("格式", f"{FORMAT} 第 {VERSION} 版"), ("部门编码", report.department.code), ("部门", report.department.name),
            ("年度", str(report.fiscal_year)), ("金额单位", Unit(report.unit).label), ("版次", str(report.revision)),
            (EDITION_LABEL, report.template.name)]
    if report.historical:
        rows.append(("来源", "历史导入：本系统启用前已公开的决算，按原文件照录"))
    return rows


def _write_cover(sheet, report):
    sheet["A1"] = report.title
    sheet["A1"].font = Font(bold=True, size=14)
    rows = cover_rows(report)
    for i, (label, value) in enumerate(rows, start=3):
        sheet.cell(i, 1, label).font = Font(bold=True)
        sheet.cell(i, 2, value)
    sheet.cell(3 + len(rows), 1, "灰色单元格为原文件所印的合计数。" if report.historical else
               "白色单元格可填写，灰色单元格由系统计算（导入时按明细重新计算）。金额为数字，最多两位小数。")
    sheet.column_dimensions["A"].width = 14
    sheet.column_dimensions["B"].width = 40
    set_up_printing(sheet, header_rows=0, landscape=False)


def place_cells(rows_of_cells, top: int):
    """Positions of cells with colspan/rowspan laid out like an HTML table: yields (row, column, cell)."""
    taken = set()
    for r, cells in enumerate(rows_of_cells):
        column = 1
        for cell in cells:
            while (top + r, column) in taken:
                column += 1
            rowspan = getattr(cell, "rowspan", 1)
            for dr in range(rowspan):
                for dc in range(cell.colspan):
                    taken.add((top + r + dr, column + dc))
            yield top + r, column, cell
            column += cell.colspan


def _write_table(sheet, report, grid):
    view = table_view(report, grid)
    width = sum(c.colspan for c in view.head[-1]) if view.head else 1
    width = max(width, sum(c.colspan for c in view.body[0]) if view.body else 1)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    sheet["A1"] = view.title
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet.cell(2, width, view.number).alignment = Alignment(horizontal="right")
    sheet.cell(3, 1, f"部门：{report.department.name}")
    year_column = min(width - 1, max(3, (width + 1) // 2))  # the department's name has the columns before it
    if year_column > 2:
        sheet.merge_cells(start_row=3, start_column=1, end_row=3, end_column=year_column - 1)
    sheet.cell(3, year_column, f"{report.fiscal_year}年度").alignment = Alignment(horizontal="center")
    sheet.cell(3, width, f"金额单位：{Unit(report.unit).label}").alignment = Alignment(horizontal="right")
    head = list(place_cells(view.head, HEAD_TOP))
    for row, column, cell in head:
        target = sheet.cell(row, column, cell.text)
        target.font = Font(bold=True)
        target.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        if cell.colspan > 1 or cell.rowspan > 1:
            sheet.merge_cells(start_row=row, start_column=column, end_row=row + cell.rowspan - 1,
                              end_column=column + cell.colspan - 1)
    top = HEAD_TOP + len(view.head)
    for row, column, cell in place_cells(view.body, top):
        target = sheet.cell(row, column)
        target.border = BORDER
        if cell.ref is not None:
            value = grid.cell(*cell.ref)
            amount = to_unit(value.value, report.unit) if value and value.kind != CellKind.BLANK else None
            target.value = amount
            target.number_format = AMOUNT_FORMAT
            if value and value.kind == CellKind.ENTERED:
                target.protection = UNLOCKED
            else:
                target.fill = GREY
        elif cell.kind != "blank" and cell.text:
            target.value = cell.text
            if cell.indent:
                target.alignment = Alignment(indent=cell.indent)
        if cell.colspan > 1:
            sheet.merge_cells(start_row=row, start_column=column, end_row=row, end_column=column + cell.colspan - 1)
    end = top + len(view.body)
    if isinstance(grid.layout, FunctionalLayout):  # room for more 项 rows: unlocked blank rows below the table
        for row in range(end, end + 20):
            for column in range(1, width + 1):
                sheet.cell(row, column).protection = UNLOCKED
    for i in range(1, width + 1):
        sheet.column_dimensions[get_column_letter(i)].width = 12
    labels = [i for i, w in enumerate(view.widths, start=1) if w and float(w.rstrip("%")) > 100 / width * 1.5]
    for i in labels:
        sheet.column_dimensions[get_column_letter(i)].width = 30
    _fit_header_rows(sheet, head)
    sheet.freeze_panes = sheet.cell(top, 1)
    set_up_printing(sheet, header_rows=top - 1, landscape=_print_width(sheet, width) > PORTRAIT_WIDTH,
                    last_row=end - 1, last_column=width)


LINE_HEIGHT = 15  # points: one line of the header's text


def _lines(text, room: float) -> int:
    """How many lines a wrapped text takes in a column `room` units wide (a Chinese character is about two)."""
    per_line = max(room - 1, 1)
    return sum(max(1, math.ceil(sum(2 if ord(ch) > 0x2E80 else 1.1 for ch in line) / per_line))
               for line in str(text or "").splitlines() or [""])


def _fit_header_rows(sheet, head):
    """Rows of the header tall enough for their wrapped texts (spreadsheet applications do not grow a row for the
    text of a merged cell)."""
    heights = {}
    for row, column, cell in head:
        room = sum(sheet.column_dimensions[get_column_letter(column + i)].width or 12 for i in range(cell.colspan))
        heights[row] = max(heights.get(row, LINE_HEIGHT), LINE_HEIGHT * _lines(cell.text, room) / cell.rowspan)
    for row, height in heights.items():
        sheet.row_dimensions[row].height = height


def _fit_rows(sheet):
    """Every row tall enough for its wrapped texts (LibreOffice keeps the height a workbook gives a row)."""
    widths = {cell.column_letter: sheet.column_dimensions[cell.column_letter].width or 12 for cell in sheet[1]}
    for row in sheet.iter_rows(min_row=2):
        lines = max(_lines(cell.value, widths.get(cell.column_letter, 12)) for cell in row)
        sheet.row_dimensions[row[0].row].height = LINE_HEIGHT * min(lines, 27)  # Excel's limit: 409 points


PORTRAIT_WIDTH = 110  # column widths (in characters) that an A4 portrait page holds at a readable size


def _print_width(sheet, width: int) -> float:
    return sum(sheet.column_dimensions[get_column_letter(i)].width or 12 for i in range(1, width + 1))


def _write_texts(sheet, document):
    """One row per text field: 部分 and 栏目 are the keys an import reads, 内容 the text, 说明 names the field."""
    choices = DataValidation(type="list", formula1=f'"{YES_NO[True]},{YES_NO[False]}"', allow_blank=False,
                             showErrorMessage=True, errorTitle="是或否", error="请选择“是”或“否”。")
    sheet.add_data_validation(choices)
    sheet.append(["部分", "序号", "栏目", "内容", "说明"])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for part in TEXT_PARTS:
        value = document[part.key]
        rows = value if part.many else ([value] if value else [])
        for i, row in enumerate(rows, start=1):
            for name, item in row.items():
                label = _field_label(part.model, name)
                sheet.append([part.key, i, name, YES_NO[item] if isinstance(item, bool) else item,
                              f"{part.title} 第{i}条 {label}" if part.many else f"{part.title} {label}"])
                sheet.cell(sheet.max_row, 4).protection = UNLOCKED
                if isinstance(item, bool):
                    choices.add(sheet.cell(sheet.max_row, 4))
    for column, width in zip("ABCDE", (20, 6, 20, 80, 30)):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    _fit_rows(sheet)
    set_up_printing(sheet, header_rows=1, landscape=True)


def _field_label(model, name: str) -> str:
    """The name people read for a field of the 文字部分 (a 科目 is written as its code)."""
    try:
        return str(model._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return str(model._meta.get_field("subject").verbose_name)


# --- reading ------------------------------------------------------------------------------------------------------


def open_workbook(content: bytes):
    """The workbook in `content`, or WorkbookRefused with the reason in Chinese."""
    if not content:
        raise WorkbookRefused(Problem("文件", "文件是空的。"))
    if len(content) > MAX_UPLOAD_BYTES:
        raise WorkbookRefused(too_large(len(content)))
    if content[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise WorkbookRefused(Problem("文件", "文件已加密（设置了打开密码），或是旧版 .xls 格式；请取消密码后另存为 .xlsx 再上传。"))
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        total = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, EOFError):  # ValueError: a member name that is not UTF-8
        raise WorkbookRefused(Problem("文件", "不是 Excel 工作簿（.xlsx）文件。")) from None
    if total > MAX_UNCOMPRESSED_BYTES or len(archive.infolist()) > 500:
        raise WorkbookRefused(Problem("文件", "文件解压后过大，不是正常的决算工作簿（疑似压缩炸弹），已拒绝。"))
    if "xl/workbook.xml" not in archive.namelist():
        raise WorkbookRefused(Problem("文件", "压缩包里没有 Excel 工作簿内容，不是 .xlsx 文件。"))
    try:
        problem = extent_problem(archive)
    except (ParseError, RuntimeError, NotImplementedError, zipfile.BadZipFile, EOFError, OSError, zlib.error) as exc:
        problem = unreadable(exc)
    if problem:
        raise WorkbookRefused(problem)
    try:
        return load_workbook(io.BytesIO(content), data_only=False, read_only=False)
    except Exception as exc:  # openpyxl raises many kinds on malformed parts
        raise WorkbookRefused(unreadable(exc)) from None


def unreadable(exc: Exception) -> Problem:
    return Problem("文件", f"无法读取工作簿：{type(exc).__name__}。请用 Excel 重新保存为 .xlsx。")


# --- the extent of the sheets, read before loading ------------------------------------------------------------------
# openpyxl builds an object for every cell of a merged range and of a hyperlinked range when it loads a workbook:
# one line of XML (<mergeCell ref="A1:XFD1048576"/>) would make it build seventeen billion. So the sheets' XML is
# read first as a stream, keeping nothing but the current element's path, and any reference beyond the extent of a
# report's sheet is refused, located, before openpyxl sees the file.

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
RELATIONSHIP = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
RELATIONSHIP_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
RANGES = {MAIN + "mergeCell": "合并单元格", MAIN + "hyperlink": "超链接"}  # the ranges openpyxl expands into cells
BEYOND = (f"超出决算工作簿的范围（每张工作表最多 {SHEET_ROWS} 行、{SHEET_COLUMNS} 列），已拒绝。"
          "请删除多余的行、列或合并单元格后重新保存，或使用本系统导出的格式。")


def _elements(stream):
    """(tag, attributes) of each element of an XML stream in document order; each element is dropped once read,
    so that memory holds one path from the root whatever the size of the part."""
    path = []
    for event, element in iterparse(stream, events=("start", "end")):
        if event == "start":
            path.append(element)
            yield element.tag, element.attrib
        else:
            path.pop()
            if path:
                path[-1].remove(element)


def _sheet_names(archive) -> dict[str, str]:
    """The sheets' names by the zip member holding each (xl/workbook.xml and its relationships)."""
    try:
        ids = {attributes.get(RELATIONSHIP_ID): attributes.get("name")
               for tag, attributes in _elements(archive.open("xl/workbook.xml")) if tag == MAIN + "sheet"}
        targets = {attributes.get("Id"): attributes.get("Target", "") for tag, attributes
                   in _elements(archive.open("xl/_rels/workbook.xml.rels")) if tag == RELATIONSHIP}
    except (KeyError, ParseError):
        return {}
    return {target[1:] if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target)): ids[id_]
            for id_, target in targets.items() if id_ in ids}


def extent_problem(archive) -> Problem | None:
    """The first place where a worksheet of the zip reaches beyond a report's sheet, or None."""
    names = _sheet_names(archive)
    for info in archive.infolist():
        elements = _elements(archive.open(info))
        try:
            tag, _ = next(elements)
        except (ParseError, StopIteration):
            continue  # not XML: not a sheet openpyxl could load
        if tag == MAIN + "worksheet":
            problem = _sheet_extent_problem(names.get(info.filename) or info.filename, elements)
            if problem:
                return problem
    return None


def _row_number(text, previous: int) -> int | None:
    """A <row>'s number as openpyxl reads it (its r, or the one after the previous row); None when not a number."""
    if text is None:
        return previous + 1
    try:
        number = float(text)
    except ValueError:
        return None
    return int(number) if number.is_integer() else None


def _sheet_extent_problem(name: str, elements) -> Problem | None:
    """The first row, cell, declared dimension or range of a sheet's XML beyond a report's sheet (see BEYOND)."""
    row = column = rows = cells_in_row = 0
    covered = dict.fromkeys(RANGES.values(), 0)
    for tag, attributes in elements:
        if tag == MAIN + "row":
            row, column, cells_in_row, rows = _row_number(attributes.get("r"), row), 0, 0, rows + 1
            if row is None:
                return Problem(name, f"行号“{attributes.get('r')}”不是数字，工作簿已损坏。")
            if not 1 <= row <= SHEET_ROWS:
                return Problem(f"{name}!A{row}", f"第 {row} 行{BEYOND}")
            if rows > SHEET_ROWS:
                return Problem(name, f"工作表的行数超过 {SHEET_ROWS}，{BEYOND}")
        elif tag == MAIN + "c":
            ref, cells_in_row = attributes.get("r"), cells_in_row + 1
            try:
                at_row, column = coordinate_to_tuple(ref) if ref else (row, column + 1)
            except (ValueError, TypeError):
                return Problem(name, f"单元格地址“{ref}”无效，工作簿已损坏。")
            where = f"{name}!{get_column_letter(column)}{at_row}"
            if not 1 <= at_row <= SHEET_ROWS:
                return Problem(where, f"单元格在第 {at_row} 行，{BEYOND}")
            if not 1 <= column <= SHEET_COLUMNS or cells_in_row > SHEET_COLUMNS:
                return Problem(where, f"单元格在第 {column} 列，{BEYOND}")
        elif tag == MAIN + "dimension" or tag in RANGES:
            ref = attributes.get("ref") or ""
            what = RANGES.get(tag, "工作表的使用范围")
            try:
                left, top, right, bottom = range_boundaries(ref)
            except (ValueError, TypeError):
                left = None
            if left is None or top is None or right is None or bottom is None:
                return Problem(f"{name}!{ref}", f"{what} {ref} 不是单元格范围或是整行整列，{BEYOND}")
            if not (1 <= left <= right and 1 <= top <= bottom):
                return Problem(name, f"{what}“{ref}”不是有效的单元格范围，工作簿已损坏。")
            if right > SHEET_COLUMNS or bottom > SHEET_ROWS:
                return Problem(f"{name}!{ref}", f"{what} {ref} {BEYOND}")
            if tag in RANGES:
                covered[what] += (right - left + 1) * (bottom - top + 1)
                if covered[what] > MAX_MERGED_CELLS:
                    return Problem(f"{name}!{ref}", f"{what}合计超过 {MAX_MERGED_CELLS} 个单元格（到 {ref} 为止），"
                                                    "不是正常的决算表格，已拒绝。请取消多余的合并后重新保存。")
    return None


def address(sheet, row: int, column: int) -> str:
    return f"{sheet.title}!{get_column_letter(column)}{row}"


def read_amount(sheet, row: int, column: int, problems: list, merged) -> Decimal | None:
    """A figure from an amount cell, in the report's unit (checks: merged, formula, text, decimals, magnitude)."""
    where = address(sheet, row, column)
    if (row, column) in merged:
        problems.append(Problem(where, "这是合并单元格，金额单元格不能合并。"))
        return None
    value = sheet.cell(row, column).value
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float, str, Decimal)):
        problems.append(Problem(where, f"应为金额数字，实际为“{value}”。"))
        return None
    if isinstance(value, str) and value.startswith("="):
        problems.append(Problem(where, f"是公式（{value[:40]}），请“选择性粘贴为数值”后再上传。"))
        return None
    try:
        # openpyxl gives numbers as float: its shortest repr is the figure Excel shows.
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation:
        problems.append(Problem(where, f"“{value}”不是数字，金额单元格只能填写数字。"))
        return None
    if not number.is_finite():
        problems.append(Problem(where, f"“{value}”不是有效的数字。"))
        return None
    if abs(number) >= ABSURD:
        problems.append(Problem(where, f"“{value}”数额过大，请核对金额单位。"))
        return None
    if number != number.quantize(Decimal("0.01")):
        problems.append(Problem(where, f"“{value}”超过两位小数。"))
        return None
    return number


class MergedCells:
    """Whether a (row, column) lies in a merged range of a sheet: the ranges found by row, never expanded into cells."""

    def __init__(self, sheet):
        self.by_row = defaultdict(list)
        for merged in sheet.merged_cells.ranges:  # bounded by the extent check: at most MAX_MERGED_CELLS cells
            for row in range(merged.min_row, merged.max_row + 1):
                self.by_row[row].append((merged.min_col, merged.max_col))

    def __contains__(self, cell) -> bool:
        row, column = cell
        return any(left <= column <= right for left, right in self.by_row.get(row, ()))


def merged_cells(sheet) -> MergedCells:
    return MergedCells(sheet)


def text_of(value) -> str:
    return "" if value is None else str(value).strip()


def _read_table(sheet, report, grid, catalogue, problems, rows_out, pins):
    """Entered figures of one table into rows_out[row][column] (texts, in the unit); printed totals into pins."""
    view = table_view(report, grid)
    merged = merged_cells(sheet)
    top = HEAD_TOP + len(view.head)
    # The 栏次 row and the header row above the body must be where the official layout puts them.
    for row, column, cell in place_cells(view.head, HEAD_TOP):
        found = text_of(sheet.cell(row, column).value)
        if cell.text and found != cell.text:
            problems.append(Problem(address(sheet, row, column),
                                    f"表头应为“{cell.text}”，实际为“{found}”：行或列被插入、删除或移动，请使用本系统导出的格式。"))
            return
    layout = grid.layout
    if isinstance(layout, FunctionalLayout):
        _read_functional_rows(sheet, report, layout, top, merged, catalogue, problems, rows_out, pins, grid.code)
        return
    for row, column, cell in place_cells(view.body, top):
        found = text_of(sheet.cell(row, column).value)
        if cell.ref is None:
            if cell.text and found != cell.text:
                problems.append(Problem(address(sheet, row, column),
                                        f"应为“{cell.text}”，实际为“{found}”：行被插入、删除或移动，请使用本系统导出的格式。"))
                return
            continue
        value = grid.cell(*cell.ref)
        if value is None or value.kind == CellKind.BLANK:
            continue
        number = read_amount(sheet, row, column, problems, merged if value.kind == CellKind.ENTERED else set())
        if value.kind == CellKind.ENTERED:
            rows_out.setdefault(cell.ref[0], {})[cell.ref[1]] = None if number is None else format_amount(number)
        elif number is not None:
            pins.append({"table": grid.code, "row": cell.ref[0], "column": cell.ref[1], "value": format_amount(number)})


def _read_functional_rows(sheet, report, layout, top, merged, catalogue, problems, rows_out, pins, table):
    """Rows of a 功能分类 table: 项 rows are entered; 类/款/合计 rows are printed totals."""
    entry = {c.key for c in layout.entry_columns}
    blank_run = 0
    for row in range(top, min(sheet.max_row, top + 3000) + 1):
        code, name = text_of(sheet.cell(row, 1).value), text_of(sheet.cell(row, 2).value)
        if not code and not name:
            blank_run += 1
            if blank_run > 20:
                break
            continue
        blank_run = 0
        if not code or code.replace(" ", "") == "合计":  # the 合计 row: its label spans the code and name columns
            key, code = "total", ""
        elif not code.isdigit() or len(code) not in (3, 5, 7):
            problems.append(Problem(address(sheet, row, 1), f"“{code}”不是功能分类科目编码（类 3 位、款 5 位、项 7 位数字）。"))
            continue
        else:
            key = code
        if len(code) == 7:
            problem = item_problem(code, name, catalogue, report.fiscal_year)
            if problem:
                problems.append(Problem(address(sheet, row, 1), problem))
                continue
            if code in rows_out:
                problems.append(Problem(address(sheet, row, 1), f"科目 {code} 在表中出现了两次。"))
                continue
        for i, column in enumerate(layout.columns, start=3):
            typed = len(code) == 7 and column.key in entry
            number = read_amount(sheet, row, i, problems, merged if typed else set())
            if typed:
                rows_out.setdefault(code, {})[column.key] = None if number is None else format_amount(number)
            elif number is not None:
                pins.append({"table": table, "row": key, "column": column.key, "value": format_amount(number)})


def _read_cover(book, report, problems) -> bool:
    """Check the cover against the target report; False when the workbook is laid out in another edition (its sheets
    would not be where this report's edition puts them: nothing more is read)."""
    if COVER not in book.sheetnames:
        return True  # a workbook from other software: the target report says what it is
    sheet = book[COVER]
    found = {text_of(sheet.cell(r, 1).value): (r, text_of(sheet.cell(r, 2).value)) for r in range(1, 20)}
    for label, expected in cover_rows(report)[3:5]:  # 年度, 金额单位
        row, value = found.get(label, (None, None))
        if row is not None and value != expected:
            problems.append(Problem(address(sheet, row, 2), f"工作簿的{label}为“{value}”，导入目标为“{expected}”。"))
    row, value = found.get(EDITION_LABEL, (None, None))
    if row is not None and value != report.template.name:
        problems.append(Problem(address(sheet, row, 2), (
            f"工作簿按“{value}”版式导出，这份决算现在的版式是“{report.template.name}”（财政局管理员更改了版式），"
            "两种版式的表格名称和排列不同：请从本系统重新下载工作簿，把数字填入新工作簿后再导入。")))
        return False
    return True


def _read_texts(book, document, problems):
    if TEXTS not in book.sheetnames:
        return
    sheet = book[TEXTS]
    fields = {part.key: {name: part.model._meta.get_field(name) for name in part.fields} for part in TEXT_PARTS}
    parts = {part.key: part for part in TEXT_PARTS}
    collected: dict[str, dict[int, dict]] = {}
    for row in range(2, min(sheet.max_row, 20000) + 1):
        key, index, name, value = (sheet.cell(row, c).value for c in range(1, 5))
        if key is None and name is None:
            continue
        if key not in parts or not isinstance(index, int) or index < 1:
            problems.append(Problem(address(sheet, row, 1), f"“{key}”“{index}”不是文字部分的栏目。"))
            continue
        name = "subject" if name == "code" and "subject" in fields[key] else name
        if name not in fields[key]:
            problems.append(Problem(address(sheet, row, 3), f"“{name}”不是“{key}”的栏目。"))
            continue
        field = fields[key][name]
        if field.get_internal_type() == "BooleanField":
            answer = read_yes_no(value)
            if answer is None:
                problems.append(Problem(address(sheet, row, 4), f"“{text_of(value)}”应为“是”或“否”。"))
                continue
            collected.setdefault(key, {}).setdefault(index, {})[name] = answer
            continue
        if isinstance(value, str) and value.startswith("=") or sheet.cell(row, 4).data_type == "f":
            problems.append(Problem(address(sheet, row, 4), "是公式，文字部分只能填写文字。"))
            continue
        value = restore_text(value)
        if field.is_relation:
            name, value = "code", text_of(value)
        elif field.get_internal_type() in ("CharField", "TextField"):
            value = "" if value is None else str(value)
        elif field.get_internal_type() == "DecimalField":
            value = None if value in (None, "") else str(value)
        collected.setdefault(key, {}).setdefault(index, {})[name] = value
    for part in TEXT_PARTS:
        rows = [collected.get(part.key, {})[i] for i in sorted(collected.get(part.key, {}))]
        document[part.key] = rows if part.many else (rows[0] if rows else None)


def read_workbook(content: bytes, report: Report) -> tuple[dict | None, list[Problem]]:
    """The document a workbook holds, for importing into `report` (its year, unit and layout variant)."""
    try:
        book = open_workbook(content)
    except WorkbookRefused as refused:
        return None, [refused.problem]
    problems: list[Problem] = []
    if not _read_cover(book, report, problems):
        return None, problems
    grids = compute_tables(load_snapshot(report))
    layouts = layouts_of(report)
    catalogue = {s.code: s for s in FunctionalSubject.objects.filter(fiscal_year=report.fiscal_year)}
    document = export_document(report)  # metadata and the parts a workbook may leave out
    # the tables the edition prints come from the workbook; any other keeps what the report holds
    document["tables"] = {code: {} if code in report.table_codes else document["tables"][code] for code in layouts}
    pins: list[dict] = []
    expected = {report.table_number(code): code for code in report.table_codes}
    for name, code in expected.items():
        if name not in book.sheetnames:
            problems.append(Problem(name, f"工作簿中没有“{name}”工作表（{report.table_title(code)}）；"
                                          "工作表不能删除或改名。"))
            continue
        _read_table(book[name], report, grids[code], catalogue, problems, document["tables"][code], pins)
    known = set(expected) | {COVER, TEXTS}
    for module in modules("REPORT_DOCUMENT_MODULES"):
        part, names, found = module.read_sheets(book, report)
        known |= names
        problems += found
        if part is not None:
            document[module.KEY] = part
    for name in book.sheetnames:
        if name not in known:
            problems.append(Problem(name, f"工作表“{name}”不是决算工作簿的一部分，已忽略。", "info"))
    _read_texts(book, document, problems)
    document["printed_totals"] = pins
    return document, problems
