"""Two reports compared — two revisions of a year, or two years of a department — in this one place.

One computation (the printed tables of both reports) answers what each page shows: the printed figures that differ
(the review page marks them, the portal lists them for two years, the corrections page for a correction), the main
figures side by side (the portal), and what changed in the document's texts (the corrections page). Figures are
compared as printed, both in the later report's unit. `document_differences` lists what differs between two
documents value by value (what an import would change, and the texts of a correction).
"""
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from apps.documents.disclosure import mark_cells
from apps.documents.interchange.document import export_document, layouts_of
from apps.documents.interchange.schema import report_schema
from apps.reports.cells import describe_cell
from apps.reports.computation import compute_tables
from apps.reports.figures import LABELS, figures_of
from apps.reports.models import Report
from apps.reports.money import Unit, format_amount, to_unit
from apps.reports.snapshot import load_snapshot
from apps.reports.stored_cells import column_header

CellKey = tuple[str, str, str]  # (table, row, column)
PREVIOUS_REVISION, PREVIOUS_YEAR = "previous_revision", "previous_year"


@dataclass(frozen=True)
class Difference:
    where: str  # 公开02表 2010306 政务公开审批 第2栏“财政拨款收入”, or a place in the document (名词解释 第3条 解释)
    old: object = None  # None: blank, or absent
    new: object = None
    change: str = ""  # of a printed figure: new − old, as printed


def counterpart(report: Report, against: str = PREVIOUS_REVISION) -> Report | None:
    """What a report is compared with: its previous revision, or (`previous_year`) the latest published revision of
    the department's year before."""
    if against == PREVIOUS_YEAR:
        return Report.objects.filter(department=report.department, fiscal_year=report.fiscal_year - 1,
                                     state=Report.State.PUBLISHED).order_by("-revision").first()
    return Report.objects.filter(department=report.department, fiscal_year=report.fiscal_year,
                                 revision=report.revision - 1).first()


class Comparison:
    """`before` and `after` compared; each view reads what it needs, all from the tables computed once."""

    def __init__(self, before: Report, after: Report):
        self.before, self.after = before, after
        self.grids = [compute_tables(load_snapshot(report)) for report in (before, after)]

    def _printed(self, grids) -> dict[CellKey, str]:
        return {(code, row.key, column): format_amount(to_unit(cell.value, self.after.unit))
                for code, grid in grids.items() for row in grid.rows for column, cell in row.cells.items()}

    @cached_property
    def cells(self) -> dict[CellKey, Difference]:
        """Every printed figure that differs, in the later report's table order: (table, row, column) → difference."""
        (old_grids, new_grids), order = self.grids, self.after.table_codes
        before, after = self._printed(old_grids), self._printed(new_grids)
        found = {}
        for key in sorted(before.keys() | after.keys(), key=lambda k: (order.index(k[0]), k)):
            old, new = before.get(key, ""), after.get(key, "")
            if old != new:
                table, row, column = key
                grid = new_grids[table] if new_grids[table].cell(row, column) else old_grids[table]
                found[key] = Difference(describe_cell(grid, row, column, self.after.template), old or None,
                                        new or None, format_amount(Decimal(new or 0) - Decimal(old or 0)))
        return found

    @cached_property
    def figures(self) -> list[tuple[str, Decimal | None, Decimal | None, Decimal | None]]:
        """The main figures side by side in 万元: (label, before, after, change)."""
        before, after = (figures_of(report, grids) for report, grids in zip((self.before, self.after), self.grids))
        rows = []
        for name, label in LABELS.items():
            old, new = to_unit(before[name], Unit.WAN_YUAN), to_unit(after[name], Unit.WAN_YUAN)
            rows.append((label, old, new, None if old is None or new is None else new - old))
        return rows

    def texts(self, *, public: bool) -> list[Difference]:
        """What differs outside the tables: texts, facts, sheets (`public`: of the published documents only)."""
        return document_differences(export_document(self.before, public=public),
                                    export_document(self.after, public=public), self.after, tables=False)

    def changes(self, *, public: bool) -> list[Difference]:
        """Every difference: the printed figures, then the rest of the document."""
        return [*self.cells.values(), *self.texts(public=public)]


def mark_changed(doc, cells: dict[CellKey, Difference]) -> None:
    """Mark the cells of a disclosure's tables (`disclosure.build_disclosure`) that differ (class `changed`), each
    with what the other report printed there."""
    mark_cells(doc, cells, "changed", {key: difference.old or "" for key, difference in cells.items()})


# --- documents value by value -------------------------------------------------------------------------------------

NOT_COMPARED = ("format", "version", "department", "fiscal_year", "revision", "state", "unit", "edition",
                "summary_classes")


def _flatten(document: dict, report: Report, tables: bool) -> dict[str, object]:
    """Every value of a document by a place a person can read: “公开03表 2010306 基本支出”, “名词解释 第3条 解释”,
    named as the document's schema titles its parts and fields."""
    flat = {}
    if tables:
        layouts, grids = layouts_of(report), compute_tables(load_snapshot(report))

        def place(table, row, column):
            """A 科目's row by its code (“公开03表 2010306 基本支出”), any other row by its 行次 and label."""
            grid = grids.get(table)
            if not row.isdigit() and grid is not None and grid.cell(row, column) is not None:
                return describe_cell(grid, row, column, report.template)
            return f"{report.table_number(table)} {row} {column_header(layouts[table], row, column)}"

        for table, rows in document["tables"].items():
            for row, cells in rows.items():
                for column, value in cells.items():
                    flat[place(table, row, column)] = value
        for pin in document["printed_totals"]:
            flat[f"{place(pin['table'], pin['row'], pin['column'])}（印制数）"] = pin["value"]

    def walk(place, value, schema):
        if isinstance(value, dict):
            properties = schema.get("properties", {})
            for key, item in value.items():
                named = properties.get(key, {})
                part = _object_of(named)
                walk(f"{place} {named.get('title') or part.get('title') or key}".strip(), item, part)
        elif isinstance(value, list):
            names = [_item_name(item, i, report) for i, item in enumerate(value, start=1)]
            repeated = {name for name in names if names.count(name) > 1}  # (several explanations of one rule)
            for i, (name, item) in enumerate(zip(names, value), start=1):
                name = f"{name} 第{i}条" if name in repeated else name
                walk(name if name.startswith(place) else f"{place} {name}",  # (a section's place names its part)
                     item, _object_of(schema.get("items", {})))
        else:
            flat[place] = ("是" if value else "否") if isinstance(value, bool) else value

    walk("", {key: value for key, value in document.items() if key not in ("tables", "printed_totals", *NOT_COMPARED)},
         report_schema())
    return flat


def _object_of(schema: dict) -> dict:
    """A part's schema; of a part that may be null, the object it holds."""
    return next((s for s in schema.get("oneOf", ()) if s.get("type") == "object"), schema)


def _item_name(item, number: int, report: Report) -> str:
    """A row of a part by what identifies it: a 情况说明 section by its place, a table note by its table, a 项 by its
    code, anything else by its number."""
    if isinstance(item, dict):
        if item.get("key"):
            return report.template.narrative_places.get(item["key"], item["key"])
        if item.get("table"):
            return report.table_number(item["table"])
        if item.get("code"):
            return item["code"]
    return f"第{number}条"


def document_differences(before: dict, after: dict, report: Report, tables: bool = True) -> list[Difference]:
    """What differs between two documents of `report` (`interchange.document`), value by value, by place; without
    `tables`, only what lies outside the tables' entered figures and printed totals."""
    old, new = _flatten(before, report, tables), _flatten(after, report, tables)
    return [Difference(place, old.get(place), new.get(place)) for place in sorted(set(old) | set(new))
            if old.get(place) != new.get(place)]
