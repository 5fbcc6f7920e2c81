"""One view model of the whole disclosure document, rendered by several formatters (HTML page, PDF).

`build_disclosure(report)` loads everything in a constant number of queries and returns plain data: the
cover, the table of contents, 第一部分 概况, 第二部分 the nine tables in the report's table order (header rows,
body rows and notes ready to print), 第三部分 情况说明, 第四部分 名词解释 and 第五部分 附件. Sections from other
apps (the performance sheets) join through `settings.DISCLOSURE_SECTION_PROVIDERS`, so that `reports` never
imports them.
"""
from dataclasses import dataclass, field, replace
from itertools import zip_longest

from apps.documents.charts import report_charts
from apps.reports.computation import Grid, compute_tables
from apps.reports.extensions import modules
from apps.reports.layouts import (
    Column,
    EconomicLayout,
    FunctionalLayout,
    SingleRowLayout,
    SummaryLayout,
    chinese_ordinal,
)
from apps.reports.models import Report
from apps.reports.money import Unit, format_amount, to_unit
from apps.reports.narration import narrate
from apps.reports.snapshot import load_snapshot


@dataclass(frozen=True)
class HeadCell:
    text: str
    colspan: int = 1
    rowspan: int = 1
    scope: str = "col"


@dataclass(frozen=True)
class BodyCell:
    text: str = ""
    kind: str = "num"  # num | label | code | line | blank
    header: bool = False  # a row header (th scope=row)
    colspan: int = 1
    indent: int = 0
    ref: tuple[str, str] | None = None  # (row, column) of the grid cell shown here
    was: str | None = None  # compared with another report: what that one printed here ("" for blank)


def mark_cells(doc, cells, css_class: str, was: dict | None = None) -> None:
    """Mark the cells of a disclosure's tables whose (table, row, column) is in `cells` with `css_class` (and, from
    `was`, what another report printed there)."""
    for table in doc.tables:
        for row in table.body:
            for index, cell in enumerate(row):
                key = (table.code, *cell.ref) if cell.ref else None
                if key in cells:
                    row[index] = replace(cell, kind=f"{cell.kind} {css_class}",
                                         was=was[key] if was is not None else cell.was)


@dataclass
class TableView:
    code: str
    number: str
    title: str
    anchor: str
    head: list[list[HeadCell]]
    body: list[list[BodyCell]]
    notes: list[str]
    empty_note: str = ""
    wide: bool = False
    widths: list[str] = field(default_factory=list)  # column widths in % (the PDF lays tables out fixed)
    by_subject: bool = False  # rows by 科目 (编码 | 名称 | amounts): a phone keeps the names in view


@dataclass
class TextSection:
    anchor: str
    number: str
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    children: list["TextSection"] = field(default_factory=list)
    extra: list["ProvidedSection"] = field(default_factory=list)  # sections provided by other apps


@dataclass
class ProvidedSection:
    """A section another app renders with its own template (e.g. a 绩效自评表)."""

    anchor: str
    title: str
    template: str
    context: dict
    after: str  # key of the 情况说明 section it follows


@dataclass
class TocEntry:
    anchor: str
    label: str
    level: int


@dataclass
class Disclosure:
    report: Report
    title: str
    department: str
    year_label: str
    unit_label: str
    table_meta: list[str]  # the line over each table, as the edition writes it
    is_draft: bool
    overview: TextSection
    tables: list[TableView]
    narrative: list[TextSection]
    glossary: list[tuple[str, str, str]]
    attachments: list[TextSection]
    toc: list[TocEntry]
    part_titles: dict[str, str]
    charts: list = field(default_factory=list)  # the HTML page's charts (charts.report_charts)


def paragraphs(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _amount(value, unit) -> str:
    return format_amount(to_unit(value, unit))


def _column_head(columns: tuple[Column, ...], depth: int, at_bottom: bool = False) -> list[list[HeadCell]]:
    """Header rows for columns with spanning groups: a group spans its columns, a column spans the rows below
    (`at_bottom`: every column's header on the last row, its last group spanning the rows down to it)."""
    rows: list[list[HeadCell]] = [[] for _ in range(depth)]
    for level in range(depth):
        i = 0
        while i < len(columns):
            column = columns[i]
            if level < len(column.groups):
                j = i
                while j < len(columns) and columns[j].groups[:level + 1] == column.groups[:level + 1]:
                    j += 1
                last = at_bottom and level == len(column.groups) - 1
                rows[level].append(HeadCell(column.groups[level], colspan=j - i, scope="colgroup",
                                            rowspan=depth - 1 - level if last else 1))
                i = j
                continue
            if at_bottom and level == depth - 1:
                rows[level].append(HeadCell(column.header))
            elif not at_bottom and level == len(column.groups):
                rows[level].append(HeadCell(column.header, rowspan=depth - level))
            i += 1
    return rows


def _line_numbers(columns: tuple[Column, ...]) -> list[HeadCell]:
    return [HeadCell(str(c.number) if c.number else "") for c in columns]


def _numbered(columns: tuple[Column, ...]) -> bool:
    """Whether the edition prints 栏次 (and 行次) for these columns."""
    return any(c.number for c in columns)


def _functional_view(grid: Grid, layout: FunctionalLayout, unit: str):
    depth = max(2, 1 + max(len(c.groups) for c in layout.columns))
    head = _column_head(layout.columns, depth)
    head[0].insert(0, HeadCell("项 目", colspan=2, rowspan=depth - 1, scope="colgroup"))
    head[-1][:0] = [HeadCell("功能分类科目编码"), HeadCell("科目名称")]
    if _numbered(layout.columns):
        head.append([HeadCell("栏次", colspan=2, scope="row")] + _line_numbers(layout.columns))
    body = []
    for row in grid.rows:
        label = BodyCell(row.label, "label", header=True, indent=max(row.level - 1, 0))
        cells = [BodyCell(row.code, "code"), label] if row.code else [BodyCell(row.label, "label", True, colspan=2)]
        body.append(cells + [BodyCell(_amount(row.cells[c.key].value, unit), ref=(row.key, c.key))
                             for c in layout.columns])
    return head, body


def _summary_view(grid: Grid, layout: SummaryLayout, unit: str):
    income, expense = layout.sides
    numbered = _numbered(income.columns)
    lead = 2 if numbered else 1  # 项目 (and 行次)
    head = [
        [HeadCell(side.heading, colspan=lead + len(side.columns), scope="colgroup") for side in layout.sides],
        [cell for side in layout.sides
         for cell in [HeadCell("项 目")] + [HeadCell("行次")] * numbered + [HeadCell(c.header) for c in side.columns]],
    ]
    if numbered:
        head.append([cell for side in layout.sides
                     for cell in [HeadCell("栏 次", scope="row"), HeadCell("")] + _line_numbers(side.columns)])

    def side_cells(side, row):
        if row is None:
            return [BodyCell(kind="blank")] * (lead + len(side.columns))
        grid_row = grid.row(row.key)
        line = [BodyCell(str(row.line_no), "line")] if numbered else []
        return [BodyCell(row.label, "label", header=bool(row.label), indent=row.indent)] + line + [
            BodyCell(_amount(grid_row.cells[c.key].value, unit), ref=(row.key, c.key)) for c in side.columns]

    body = [side_cells(income, left) + side_cells(expense, right)
            for left, right in zip_longest(income.rows, expense.rows)]
    return head, body


def _economic_view(grid: Grid, layout: EconomicLayout, unit: str):
    amount = layout.columns[0].header
    head = [[HeadCell(heading, colspan=3 * count, scope="colgroup") for heading, count in _merge(layout.block_headings)]]
    head = [row for row in head if row] + [
        [HeadCell(text) for _ in layout.blocks for text in (layout.code_header, "科目名称", amount)]]
    blocks = []
    for classes in layout.blocks:
        rows = [row for row in grid.rows if row.code and row.code[:3] in classes]
        blocks.append(rows)
    body = []
    for line in zip_longest(*blocks):
        cells = []
        for row in line:
            if row is None:
                cells += [BodyCell(kind="blank")] * 3
            else:
                cells += [BodyCell(row.code, "code"), BodyCell(row.label, "label", True, indent=row.level - 1),
                          BodyCell(_amount(row.cells["amount"].value, unit), ref=(row.key, "amount"))]
        body.append(cells)
    personnel, public = grid.row("personnel_total"), grid.row("public_total")
    body.append([
        BodyCell(personnel.label, "label", True, colspan=2),
        BodyCell(_amount(personnel.cells["amount"].value, unit), ref=(personnel.key, "amount")),
        BodyCell(public.label, "label", True, colspan=3 * len(layout.blocks) - 4),
        BodyCell(_amount(public.cells["amount"].value, unit), ref=(public.key, "amount")),
    ])
    return head, body


def _merge(headings):
    merged = []
    for heading in headings:
        if merged and merged[-1][0] == heading:
            merged[-1] = (heading, merged[-1][1] + 1)
        else:
            merged.append((heading, 1))
    return merged


def _single_row_view(grid: Grid, layout: SingleRowLayout, unit: str):
    depth = 1 + max(len(c.groups) for c in layout.columns)
    head = _column_head(layout.columns, depth, layout.headers_at_bottom) + (
        [_line_numbers(layout.columns)] if _numbered(layout.columns) else [])
    row = grid.row(layout.row_key)
    return head, [[BodyCell(_amount(row.cells[c.key].value, unit), ref=(row.key, c.key)) for c in layout.columns]]


COLUMN_WEIGHT = {"label": 6, "code": 2, "line": 1, "num": 2, "blank": 2}


def _widths(body: list[list[BodyCell]]) -> list[str]:
    """The width of each column in per cent, from the kind of its cells (labels wide, 行次 narrow)."""
    widest: dict[int, int] = {}
    for row in body:
        position = 0
        for cell in row:
            if cell.colspan == 1 and cell.kind != "blank":
                widest[position] = max(widest.get(position, 0), COLUMN_WEIGHT[cell.kind])
            position += cell.colspan
    count = max(sum(c.colspan for c in row) for row in body)
    weights = [widest.get(i, 2) for i in range(count)]
    return [f"{100 * w / sum(weights):.2f}%" for w in weights]


VIEWS = {"functional": _functional_view, "summary": _summary_view, "economic": _economic_view,
         "single_row": _single_row_view}


def table_view(report: Report, grid: Grid, note: str = "") -> TableView:
    """One official table as printed: header rows, body rows (with the grid cell each shows) and notes."""
    code = grid.code
    head, body = VIEWS[grid.layout.kind](grid, grid.layout, report.unit)
    edition = report.template
    notes = [grid.layout.note] + ([edition.global_note] if edition.global_note and code == edition.codes()[0] else [])
    return TableView(
        code=code, number=edition.printed_number(code), title=edition.title(code),
        anchor=f"table-{code}", head=head, body=body, notes=notes, empty_note=note,
        wide=edition.orientation(code) == "landscape" or (
            not edition.orientation(code) and sum(cell.colspan for cell in head[-1]) > 6),
        widths=_widths(body), by_subject=grid.layout.kind == "functional",
    )


def table_views(report: Report, grids: dict[str, Grid], notes: dict[str, str]) -> list[TableView]:
    return [table_view(report, grids[code], notes.get(code, "")) for code in report.table_codes]


def _narrative(report: Report, sections: dict, provided: list[ProvidedSection], generated: dict) -> list[TextSection]:
    """情况说明: the generated text (figures from the tables, the accountant's reasons), or the text written by
    hand where the accountant chose to. A provided section follows the section it names; where the report's edition
    has no such section, it follows the edition's last 预算绩效 section (or the last section)."""
    keys = [leaf.key for leaf in report.template.narrative_leaves]
    fallback = ([k for k in keys if k.startswith("performance")] or keys)[-1]
    placed = {id(p): p.after if p.after in keys else fallback for p in provided}

    def build(section) -> TextSection:
        stored = sections.get(section.key)
        if section.children:
            text = ""
        elif stored is not None and not stored.use_generated:
            text = stored.body
        else:
            text = generated[section.key].text()
        view = TextSection(f"narrative-{section.key.replace('.', '-')}", section.number, section.heading,
                           paragraphs(text), [build(child) for child in section.children])
        view.extra = [p for p in provided if placed[id(p)] == section.key]
        return view

    return [build(section) for section in report.template.narrative]


def build_disclosure(report: Report) -> Disclosure:
    """The whole document of one report revision, in a constant number of queries."""
    snapshot = load_snapshot(report)
    grids = compute_tables(snapshot)
    department = report.department.name
    year = report.fiscal_year
    overview = getattr(report, "overview", None)
    sections = {s.key: s for s in report.narrative_sections.all()}
    provided = [section for provider in modules("DISCLOSURE_SECTION_PROVIDERS") for section in provider.sections(report)]
    tables = table_views(report, grids, snapshot.table_notes)
    narrative = _narrative(report, sections, provided, narrate(report, grids))
    duties, organisation = report.template.overview
    overview_view = TextSection("part-overview", "第一部分", f"{department}概况", children=[
        TextSection("overview-duties", duties.number, duties.heading, paragraphs(overview.duties if overview else "")),
        TextSection("overview-organisation", organisation.number, organisation.heading,
                    paragraphs(overview.organisation if overview else "")
                    + paragraphs(overview.composition if overview else "")),
    ])
    glossary = [(chinese_ordinal(i), e.term, e.definition) for i, e in enumerate(report.glossary.all(), start=1)]
    attachments = [TextSection(f"attachment-{a.order}", a.label, a.title, paragraphs(a.body))
                   for a in report.attachments.all()]
    part_titles = {key: title.format(department=department, year=year) for key, title in report.template.parts.items()}
    toc = [TocEntry("part-overview", part_titles["overview"], 1), TocEntry("part-tables", part_titles["tables"], 1)]
    toc += [TocEntry(t.anchor, report.template.contents_label(t.code), 2) for t in tables]
    toc.append(TocEntry("part-narrative", part_titles["narrative"], 1))
    toc += [TocEntry(s.anchor, f"{s.number}、{s.heading}", 2) for s in narrative]
    toc.append(TocEntry("part-glossary", part_titles["glossary"], 1))
    if attachments:  # 第五部分 is printed only when there is something to attach
        toc.append(TocEntry("part-attachments", part_titles["attachments"], 1))
        toc += [TocEntry(a.anchor, f"{a.number} {a.heading}", 2) for a in attachments]
    return Disclosure(
        report=report, title=report.title, department=department, year_label=f"{year}年度",
        unit_label=Unit(report.unit).label, is_draft=report.state != Report.State.PUBLISHED,
        table_meta=[item.format(department=department, year=year, unit=Unit(report.unit).label)
                    for item in report.template.table_meta],
        overview=overview_view, tables=tables, narrative=narrative, glossary=glossary, attachments=attachments,
        toc=toc, part_titles=part_titles, charts=report_charts(grids, report.unit),
    )
