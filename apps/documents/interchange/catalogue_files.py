"""Catalogue files as finance bureaus receive them: 支出功能分类 (类/款/项) and 部门预算支出经济分类 (类/款), as .xlsx or .csv.

Two layouts are read, found by the header row (within the first ten rows):
- a code and a name column (科目编码 | 科目名称): 201 / 20101 / 2010101;
- one column per level (类 | 款 | 项 | 科目名称): 201 | 01 | 01 — a level's column may hold its own two digits or the
  whole code, and may be left blank under a 类 or 款 already written above (the rows below inherit it).

Every row is checked — digits, the code's level, its parent in the file, a code given twice, a name — and every
problem is located (sheet, row, column). Nothing is returned as entries unless the whole file is right.
"""
import csv
import io
import re
from dataclasses import dataclass

from openpyxl.utils import get_column_letter

from apps.documents.interchange.document import Problem
from apps.documents.interchange.workbook import MAX_UPLOAD_BYTES, WorkbookRefused, open_workbook, too_large
from apps.reports.errors import Refused

FUNCTIONAL, ECONOMIC = "functional", "economic"
KIND_NAMES = {FUNCTIONAL: "支出功能分类", ECONOMIC: "部门预算支出经济分类"}
LENGTHS = {FUNCTIONAL: (3, 5, 7), ECONOMIC: (3, 5)}
LEVEL_NAMES = ("类", "款", "项")
MAX_ROWS = 20_000  # a whole 功能分类 catalogue has about 3,000 rows
MAX_PROBLEMS = 50
MAX_NAME = 64  # what the catalogue's name fields hold
HEADER_ROWS = 10


@dataclass(frozen=True)
class Entry:
    code: str
    name: str
    level: int  # 1 类, 2 款, 3 项
    where: str  # sheet and row, for messages
    row: int = 0  # the row's number in the sheet, to list problems in file order


class CatalogueRefused(Refused):
    """A catalogue file that cannot be taken: every problem found, located."""

    code = "catalogue_refused"

    def __init__(self, problems: list[Problem], total: int | None = None):
        super().__init__("；".join(map(str, problems)))
        self.problems = problems
        self.total = len(problems) if total is None else total  # found in all; `problems` may list the first only


def _column(index: int) -> str:
    """The letter of a column counted from 0 (A, B, … AA)."""
    return get_column_letter(index + 1)


def _text_of(value) -> str:
    """A cell as text: 2010301.0 (a code typed as a number) as 2010301."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _rows(content: bytes, filename: str) -> tuple[str, list[list[str]]]:
    """The sheet's name and its rows as texts; CatalogueRefused for a file that cannot be read."""
    if len(content) > MAX_UPLOAD_BYTES:
        raise CatalogueRefused([too_large(len(content))])
    if filename.lower().endswith(".csv"):
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = content.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise CatalogueRefused([Problem("文件", "无法识别 CSV 文件的编码（请另存为 UTF-8 或 GB18030 编码）。")])
        rows = list(csv.reader(io.StringIO(text)))
        sheet = "CSV"
    else:
        try:
            book = open_workbook(content)
        except WorkbookRefused as exc:
            raise CatalogueRefused([exc.problem]) from None
        worksheet = book.worksheets[0]
        sheet = worksheet.title
        rows = [[_text_of(value) for value in row] for row in worksheet.iter_rows(values_only=True)]
    if len(rows) > MAX_ROWS:
        raise CatalogueRefused([Problem(sheet, f"共 {len(rows)} 行，超过 {MAX_ROWS} 行的上限，不是科目目录。")])
    return sheet, [[cell.strip() for cell in row] for row in rows]


def _header(sheet: str, rows: list[list[str]], kind: str) -> tuple[int, dict]:
    """The header row and where each column is: code/name, or 类/款/项 and name."""
    for number, row in enumerate(rows[:HEADER_ROWS]):
        cells = [re.sub(r"\s+", "", cell) for cell in row]
        names = [i for i, cell in enumerate(cells) if cell in ("科目名称", "名称")]
        codes = [i for i, cell in enumerate(cells) if cell in ("科目编码", "编码", "科目代码", "代码")]
        levels = {name: cells.index(name) for name in LEVEL_NAMES if name in cells}
        if names and codes:
            return number, {"code": codes[0], "name": names[0]}
        if names and "类" in levels and "款" in levels:
            return number, {"levels": [levels[n] for n in LEVEL_NAMES[:len(LENGTHS[kind])] if n in levels],
                            "name": names[0]}
    raise CatalogueRefused([Problem(sheet, "前 10 行中没有找到表头：应有“科目编码”“科目名称”两列，"
                                           "或“类”“款”（功能分类还有“项”）和“科目名称”各列。")])


def read_catalogue(content: bytes, filename: str, kind: str) -> list[Entry]:
    """The entries of a catalogue file, in file order; CatalogueRefused with every located problem."""
    sheet, rows = _rows(content, filename)
    top, columns = _header(sheet, rows, kind)
    lengths = LENGTHS[kind]
    problems: list[tuple[int, Problem]] = []  # (row, problem): listed in file order
    entries: list[Entry] = []
    above = [""] * len(lengths)  # the 类 and 款 written above, for rows that leave them blank

    def cell(row, index):
        return row[index] if index < len(row) else ""

    for number, row in enumerate(rows[top + 1:], start=top + 2):
        if not any(row):
            continue
        where = f"{sheet} 第{number}行"
        name = cell(row, columns["name"])
        if "code" in columns:
            code, at = cell(row, columns["code"]).replace(" ", ""), _column(columns["code"])
        else:
            code, at = "", ""
            for level, index in enumerate(columns["levels"]):
                part = cell(row, index).replace(" ", "")
                if not part:
                    continue
                if len(part) == lengths[level] or not level:  # the whole code
                    code = part
                else:  # its own two digits (03 typed as a number reads 3), after the 类 (款) of this row or,
                    # left blank, of the rows above
                    code = (code or above[level - 1]) + (part.zfill(2) if part.isdigit() else part)
                at = _column(index)
            for level, length in enumerate(lengths):  # what later rows inherit
                if len(code) == length:
                    above[level] = code
        if not code:
            problems.append((number, Problem(where, f"缺少科目编码（{name or '这一行'}）。")))
            continue
        located = f"{where} {at}列"
        if not code.isdigit() or len(code) not in lengths:
            problems.append((number, Problem(located, f"“{code}”不是{KIND_NAMES[kind]}的科目编码（应为 "
                                                      f"{'、'.join(map(str, lengths))} 位数字）。")))
            continue
        if not name or len(name) > MAX_NAME:
            problems.append((number, Problem(f"{where} {_column(columns['name'])}列", f"科目 {code} 缺少科目名称。"
                                             if not name else f"科目 {code} 的名称超过 {MAX_NAME} 个字。")))
            continue
        entries.append(Entry(code, name, lengths.index(len(code)) + 1, where, number))
    seen: dict[str, Entry] = {}
    for entry in entries:
        if entry.code in seen:
            problems.append((entry.row, Problem(entry.where, f"科目编码 {entry.code} 重复（{seen[entry.code].where} 已有"
                                                             f"“{seen[entry.code].name}”）。")))
        else:
            seen[entry.code] = entry
    for entry in entries:
        if entry.level > 1 and entry.code[:lengths[entry.level - 2]] not in seen:
            parent = LEVEL_NAMES[entry.level - 2]
            problems.append((entry.row, Problem(entry.where, f"{entry.code} {entry.name} 的上级{parent} "
                                                             f"{entry.code[:lengths[entry.level - 2]]} 不在文件中。")))
    if not entries and not problems:
        problems.append((0, Problem(sheet, "表头下面没有科目。")))
    if problems:
        ordered = [problem for _, problem in sorted(problems, key=lambda found: found[0])]
        raise CatalogueRefused(ordered[:MAX_PROBLEMS], total=len(ordered))
    return entries
