"""Compute every printed cell of the nine tables from a report's leaf facts.

The result is one `Grid` per table: rows in printed order, each cell with its value in 元 and how it came to
be (entered, taken from another table, or the sum of which cells). Any computed cell may hold the figure a
document prints (a pin: the approved figure of a 尾数调整, or the figure of a published document imported as it
was printed): the cell then prints that figure, while its `exact` value is what its parts as printed one level
down add up to (or, for a figure taken from another table, that table's printed figure). Totals above add the
printed figures, so each relation is judged on printed figures against printed figures, with the tolerance of
the rounded figures involved (尾数误差).
"""
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache, partial
from typing import NamedTuple

from apps.reports.layouts import (
    FUNCTIONAL_TABLES,
    Column,
    EconomicLayout,
    Fact,
    FunctionalLayout,
    Ref,
    RowSum,
    SingleRowLayout,
    SummaryLayout,
    TableCode,
)
from apps.reports.money import rounding_tolerance, sum_amounts
from apps.reports.snapshot import ReportSnapshot

Amount = Decimal | None


class CellKind:
    ENTERED = "entered"  # typed by the accountant (or imported)
    DERIVED = "derived"  # the same figure as printed in another table
    SUM = "sum"  # a subtotal or total
    BLANK = "blank"  # a cell the official table leaves empty (blank rows of 公开01表/04表)


PRINTED_KINDS = (CellKind.SUM, CellKind.DERIVED)  # computed cells that may hold the figure a document prints


class CellRef(NamedTuple):
    table: str
    row: str
    column: str


@dataclass(slots=True)
class Cell:
    value: Amount  # as printed: a pin replaces the computed figure by the printed one
    kind: str = CellKind.ENTERED
    exact: Amount = None  # what its parts as printed add up to (DERIVED: the figure printed where it comes from)
    parts: tuple[CellRef, ...] = ()  # a SUM: the cells it adds up; DERIVED: the cell it repeats
    part_terms: int = 0  # the rounded figures its `exact` adds up (the tolerance of the cell's own check)
    terms: int = 0  # the rounded figures whose rounding its printed value carries: 1 for a figure typed or printed
    pinned: bool = False
    slip: bool = False  # printed beyond the rounding tolerance of `exact`: a slip, reported on this cell alone
    # A SUM over a slip: what its parts add up to as printed (a total printed consistently with a misprinted part
    # below it is sound: the slip is found below, not here)
    as_printed: Amount = None
    as_printed_terms: int = 0

    @property
    def sound(self) -> Amount:
        """The figure the cells above it add up: as printed, unless a slip (then what its parts give), so that
        each slip is found once, where it is printed, and not again in every total and relation above it."""
        return self.exact if self.slip else self.value

    @property
    def sound_terms(self) -> int:
        return self.part_terms if self.slip else self.terms

    @classmethod
    def entered(cls, value: Amount) -> "Cell":
        # A printed 0.00 is taken as an exact zero: only non-zero figures carry a rounding error.
        return cls(value, CellKind.ENTERED, value, terms=int(bool(value)))


@dataclass
class GridRow:
    key: str
    label: str
    cells: dict[str, Cell]
    line_no: int | None = None
    code: str = ""
    level: int = 0  # functional tables: 0 合计, 1 类, 2 款, 3 项; economic: 1 类, 2 款; else the indentation
    side: str = ""


@dataclass
class Grid:
    code: str
    layout: object
    rows: list[GridRow] = field(default_factory=list)

    def __post_init__(self):
        self._by_key = {}

    def add(self, row: GridRow) -> GridRow:
        self.rows.append(row)
        self._by_key[row.key] = row
        return row

    def row(self, key: str) -> GridRow | None:
        return self._by_key.get(key)

    def cell(self, row_key: str, column: str) -> Cell | None:
        row = self.row(row_key)
        return row.cells.get(column) if row else None

    def value(self, row_key: str, column: str) -> Amount:
        cell = self.cell(row_key, column)
        return cell.value if cell else None

    def exact(self, row_key: str, column: str) -> Amount:
        cell = self.cell(row_key, column)
        return cell.exact if cell else None


@lru_cache(maxsize=None)
def _sum_order(columns: tuple[Column, ...]) -> tuple[Column, ...]:
    """The computed columns, each after the computed columns it adds up."""
    by_key, ordered = {c.key: c for c in columns}, []

    def visit(column):
        for key in column.sum_of:
            if by_key[key].computed:
                visit(by_key[key])
        if column not in ordered:
            ordered.append(column)

    for column in columns:
        if column.computed:
            visit(column)
    return tuple(ordered)


ZERO = Decimal("0.00")


def _sum_cell(parts: list[tuple[CellRef, Cell]]) -> Cell:
    """A total of `parts`, as `sum_amounts` adds them (blank parts count as nothing, all blank is blank), in one
    pass: this runs for every computed cell of every check (3,300 times on a 500-项 report)."""
    exact, terms, slips = None, 0, False
    for _, cell in parts:
        if cell.slip:
            slips, value, terms = True, cell.exact, terms + cell.part_terms
        else:
            value, terms = cell.value, terms + cell.terms
        if value is not None:
            exact = (ZERO if exact is None else exact) + value
    result = Cell(exact, CellKind.SUM, exact, tuple([ref for ref, _ in parts]), terms, terms)
    if slips:
        result.as_printed = sum_amounts([cell.value for _, cell in parts])
        result.as_printed_terms = sum(cell.terms for _, cell in parts)
    return result


class _Computation:
    def __init__(self, snapshot: ReportSnapshot):
        self.s = snapshot
        self.grids: dict[str, Grid] = {}
        self.sum_orders: dict[int, tuple[Column, ...]] = {}  # by id of a layout's columns (alive while computing)

    def pin(self, table: str, row: str, column: str, cell: Cell) -> Cell:
        """The computed cell as the document prints it: its printed figure where one is kept (a rounded figure)."""
        pinned = self.s.pins.get((table, row, column))
        if pinned is not None and cell.kind in PRINTED_KINDS:
            cell.value, cell.pinned, cell.terms = pinned, True, int(bool(pinned))
            cell.slip = abs(pinned - (cell.exact or 0)) > rounding_tolerance(self.s.unit, cell.part_terms)
            if cell.slip and cell.as_printed is not None and (abs(pinned - cell.as_printed) <= rounding_tolerance(
                    self.s.unit, cell.as_printed_terms)):  # it agrees with its parts as printed: the slip is below
                cell.exact, cell.part_terms, cell.slip = cell.as_printed, cell.as_printed_terms, False
        return cell

    def sum_cell(self, table: str, row: str, column: str, parts: list[tuple[CellRef, Cell]]) -> Cell:
        return self.pin(table, row, column, _sum_cell(parts))

    def add_sum_columns(self, table: str, row_key: str, cells: dict[str, Cell], columns: tuple[Column, ...]):
        """Fill the computed columns of one row, in printed column order."""
        order = self.sum_orders.get(id(columns))
        if order is None:  # hashing the columns for the lru_cache on every row costs more than the sums
            order = self.sum_orders[id(columns)] = _sum_order(columns)
        for column in order:
            parts = [(CellRef(table, row_key, k), cells[k]) for k in column.sum_of]
            cells[column.key] = self.sum_cell(table, row_key, column.key, parts)
        return {c.key: cells[c.key] for c in columns}

    # --- 公开02/03/05/08/09表 ---------------------------------------------------------------------------

    def functional(self, layout: FunctionalLayout) -> Grid:
        table = layout.code
        entry = [c.key for c in layout.entry_columns]
        leaves = sorted(self.s.functional_rows[table], key=lambda r: r.code)
        tree: dict[str, dict[str, list]] = {}
        for leaf in leaves:
            tree.setdefault(leaf.code[:3], {}).setdefault(leaf.code[:5], []).append(leaf)

        def name(code):
            subject = self.s.subjects.get(code)
            return subject.name if subject else "（科目不在本年度目录中）"

        def summed(key, children):
            cells = {
                col: self.sum_cell(table, key, col, [(CellRef(table, c.key, col), c.cells[col]) for c in children])
                for col in entry
            }
            return self.add_sum_columns(table, key, cells, layout.columns)

        ordered, class_rows = [], []
        for class_code, sections in tree.items():
            section_rows, block = [], []
            for section_code, items in sections.items():
                item_rows = [
                    GridRow(leaf.code, name(leaf.code), code=leaf.code, level=3, cells=self.add_sum_columns(
                        table, leaf.code, {col: Cell.entered(leaf.values[col]) for col in entry}, layout.columns))
                    for leaf in items
                ]
                section = GridRow(section_code, name(section_code), summed(section_code, item_rows),
                                  code=section_code, level=2)
                self.find_misprinted_items(table, layout, section, item_rows)  # before the 类 adds the 款
                section_rows.append(section)
                block += [section, *item_rows]
            class_row = GridRow(class_code, name(class_code), summed(class_code, section_rows), code=class_code, level=1)
            class_rows.append(class_row)
            ordered += [class_row, *block]
        grid = Grid(table, layout)
        total = GridRow("total", layout.total_label, summed("total", class_rows), level=0)
        for row in [total, *ordered] if layout.total_row == "top" else [*ordered, total]:
            grid.add(row)
        return grid

    def find_misprinted_items(self, table: str, layout: FunctionalLayout, section: GridRow, items: list[GridRow]):
        """A 项 figure printed wrong shows twice: its 款 (down) and its row's total (across) both differ from their
        parts by about the same amount. The slip is then this figure's: it is marked (its `exact` is what the totals
        around it imply, its `parts` those totals), and the totals are judged with it as implied."""
        tolerance = partial(rounding_tolerance, self.s.unit)
        for column in layout.entry_columns:
            down = section.cells[column.key]
            if not down.slip:  # the usual case: nothing to look for (this runs for every 款 of every check)
                continue
            sums = [c for c in layout.columns if c.computed and column.key in c.sum_of]  # the row's totals over it
            for item in items:
                leaf, across = item.cells[column.key], [item.cells[c.key] for c in sums]
                if leaf.value is None or not (down.slip and across and all(c.slip for c in across)):
                    continue
                implied = leaf.value - (down.exact - down.value)
                if any(abs(leaf.value - (c.exact - c.value) - implied) > tolerance(down.part_terms) +
                       tolerance(c.part_terms) for c in across):
                    continue
                leaf.slip, leaf.exact, leaf.part_terms = True, implied, down.part_terms
                leaf.parts = (CellRef(table, section.key, column.key), *(CellRef(table, item.key, c.key) for c in sums))
                for total in (down, *across):
                    total.exact -= leaf.value - implied
                    total.slip = abs(total.value - total.exact) > tolerance(total.part_terms)

    # --- 公开06表 ---------------------------------------------------------------------------------------

    def economic(self, layout: EconomicLayout) -> Grid:
        table = layout.code
        grid = Grid(table, layout)
        classes = {}
        for subject in self.s.economic:
            if subject.is_class:
                classes[subject.code] = (subject, [])
            elif subject.code[:3] in classes:
                classes[subject.code[:3]][1].append(subject)
        for code, (subject, sections) in classes.items():
            section_rows = [
                GridRow(s.code, s.name, {"amount": Cell.entered(self.s.basic_amounts.get(s.code))}, code=s.code, level=2)
                for s in sections
            ]
            parts = [(CellRef(table, r.key, "amount"), r.cells["amount"]) for r in section_rows]
            grid.add(GridRow(code, subject.name, {"amount": self.sum_cell(table, code, "amount", parts)},
                             code=code, level=1))
            for row in section_rows:
                grid.add(row)
        for key, label, group in (("personnel_total", "人员经费合计", layout.personnel_classes),
                                  ("public_total", "公用经费合计", layout.public_classes)):
            parts = [(CellRef(table, c, "amount"), grid.cell(c, "amount")) for c in group if grid.row(c)]
            grid.add(GridRow(key, label, {"amount": self.sum_cell(table, key, "amount", parts)}))
        return grid

    # --- 公开07表 ---------------------------------------------------------------------------------------

    def single_row(self, layout: SingleRowLayout) -> Grid:
        cells = {c.key: Cell.entered(self.s.three_public.get(c.key)) for c in layout.entry_columns}
        grid = Grid(layout.code, layout)
        grid.add(GridRow(layout.row_key, "", self.add_sum_columns(layout.code, layout.row_key, cells, layout.columns)))
        return grid

    # --- 公开01表, 公开04表 ------------------------------------------------------------------------------

    def summary(self, layout: SummaryLayout) -> Grid:
        rows = {row.key: (side, row) for side in layout.sides for row in side.rows}
        memo: dict[tuple[str, str], Cell] = {}
        grid = Grid(layout.code, layout)
        for side in layout.sides:
            for row in side.rows:
                grid.add(GridRow(row.key, row.label,
                                 {c.key: self.summary_cell(layout.code, rows, memo, row.key, c.key) for c in side.columns},
                                 line_no=row.line_no, code=row.code, level=row.indent, side=side.key))
        return grid

    def summary_cell(self, table: str, rows: dict, memo: dict[tuple[str, str], Cell], row_key: str,
                     column_key: str) -> Cell:
        """One cell of 公开01表/04表, after the cells it adds up (a method, not a recursive closure: a closure that
        calls itself is a reference cycle, which would keep every computed table alive until the cycle collector
        runs — see memory.py)."""
        if (row_key, column_key) in memo:
            return memo[(row_key, column_key)]
        side, row = rows[row_key]
        column = next(c for c in side.columns if c.key == column_key)
        if column.sum_of:
            parts = [(CellRef(table, row_key, k), self.summary_cell(table, rows, memo, row_key, k))
                     for k in column.sum_of]
            result = self.sum_cell(table, row_key, column_key, parts)
        elif isinstance(row.source, RowSum):
            parts = [(CellRef(table, k, column_key), self.summary_cell(table, rows, memo, k, column_key))
                     for k in row.source.rows]
            result = self.sum_cell(table, row_key, column_key, parts)
        elif isinstance(row.source, dict) and column_key in row.source:
            result = self.pin(table, row_key, column_key, self.source_cell(row.source[column_key]))
        else:
            result = Cell(None, CellKind.BLANK)
        memo[(row_key, column_key)] = result
        return result

    def source_cell(self, source) -> Cell:
        if isinstance(source, Fact):
            return Cell.entered(self.s.facts.get(source.field))
        if isinstance(source, Ref):
            origin = self.grids[source.table].cell(source.row, source.column) or Cell(None, CellKind.BLANK)
            return Cell(origin.value, CellKind.DERIVED, origin.sound,  # a slip there is found there, not here
                        parts=(CellRef(source.table, source.row, source.column),), part_terms=origin.sound_terms,
                        terms=origin.terms, slip=origin.slip)
        raise TypeError(source)

    def run(self) -> dict[str, Grid]:
        layouts = self.s.layouts
        for code in FUNCTIONAL_TABLES:
            self.grids[code] = self.functional(layouts[code])
        self.grids[TableCode.BASIC] = self.economic(layouts[TableCode.BASIC])
        self.grids[TableCode.THREE_PUBLIC] = self.single_row(layouts[TableCode.THREE_PUBLIC])
        self.grids[TableCode.FISCAL_SUMMARY] = self.summary(layouts[TableCode.FISCAL_SUMMARY])
        self.grids[TableCode.SUMMARY] = self.summary(layouts[TableCode.SUMMARY])
        return {code: self.grids[code] for code in TableCode.values}


def compute_tables(snapshot: ReportSnapshot) -> dict[str, Grid]:
    """Every table of the report as printed, by table code (in TableCode order)."""
    return _Computation(snapshot).run()
