"""The accountant's one list of findings (审核结果): every finding of the report once, most serious first, each with
links to the places it points at (a table cell, a 情况说明 section or figure, a cell of a 绩效自评表), so that every
entry page shows the same panel, re-checked from the saved data each time a page is shown."""
from dataclasses import dataclass, field

from django.urls import reverse

from apps.entry.parts import narrative_parts, part_title
from apps.reports.cells import describe_cell
from apps.reports.computation import CellRef
from apps.reports.extensions import callables
from apps.reports.models import NarrativeFacts, Report
from apps.reports.rules import Severity

SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


@dataclass(frozen=True)
class Place:
    """Where a finding points, as the accountant reads it, and the address of its field ("" once nothing can be
    opened there)."""

    label: str
    url: str
    page: str  # the entry page the place is on: a table code, "narrative:<key>", "sheet.<order>"


@dataclass
class PanelFinding:
    index: int  # its position in the panel: the id finding-<index> the cells it points at are described by
    code: str
    severity: str
    message: str
    cells: tuple[CellRef, ...]
    places: list[Place] = field(default_factory=list)

    def on(self, page: str) -> bool:
        return any(place.page == page for place in self.places)


@dataclass
class FindingsPanel:
    """The panel as one page shows it: the findings on that page first (all of them on the overview)."""

    findings: list[PanelFinding]
    page: str = ""  # a table code, "narrative:<key>", "sheet.<order>"; "" on the overview

    @property
    def here(self) -> list[PanelFinding]:
        return [f for f in self.findings if f.on(self.page)] if self.page else self.findings

    @property
    def elsewhere(self) -> list[PanelFinding]:
        return [f for f in self.findings if not f.on(self.page)] if self.page else []

    @property
    def counts(self) -> dict[str, int]:
        return {severity: sum(1 for f in self.findings if f.severity == severity) for severity in Severity.values}

    def at(self, page: str) -> "FindingsPanel":
        return FindingsPanel(self.findings, page)


def cell_anchor(row: str, column: str) -> str:
    """The id of a table cell on its entry page (the input of a typed cell, the computed cell itself)."""
    return f"c-{row}-{column}".replace(".", "_")


def _table_place(report: Report, grids, ref: CellRef) -> Place:
    url = reverse("entry-table", args=[report.department.code, report.fiscal_year, ref.table])
    return Place(describe_cell(grids[ref.table], ref.row, ref.column, report.template),
                 f"{url}#{cell_anchor(ref.row, ref.column)}", ref.table)


def _narrative_place(report: Report, ref: CellRef) -> Place:
    args = [report.department.code, report.fiscal_year]
    if ref.row == "facts":  # one figure of the 情况说明填报数
        label = str(NarrativeFacts._meta.get_field(ref.column).verbose_name)
        url = reverse("entry-section", args=[*args, "facts"])
        return Place(f"{part_title(report, 'facts').split('（')[0]}“{label}”", f"{url}#id_{ref.column}",
                     "narrative:facts")
    part = next((p for p, leaf in narrative_parts(report).items() if leaf.key == ref.row), None)
    if part is None:
        return Place(f"情况说明 {ref.row}", "", f"narrative:{ref.row}")
    return Place(part_title(report, part), reverse("entry-section", args=[*args, part]) + f"#id_{ref.column}",
                 f"narrative:{ref.row}")


def findings_panel(report: Report, result, grids, page: str = "") -> FindingsPanel:
    """Every finding of `result` once, errors first, each with its places (the places other apps know, e.g. the
    绩效自评表, come from ENTRY_PLACE_PROVIDERS: (report, refs) -> {ref: Place})."""
    refs = {ref for finding in result.findings for ref in finding.cells}
    known = {}
    for provider in callables("ENTRY_PLACE_PROVIDERS"):
        known.update(provider(report, [ref for ref in refs if ref not in known]))
    tables = set(report.table_codes)

    def place(ref):
        if ref in known:
            return known[ref]
        if ref.table in tables:
            return _table_place(report, grids, ref)
        if ref.table == "narrative":
            return _narrative_place(report, ref)
        return Place(" ".join(ref), "", ref.table)

    ordered = sorted(result.findings, key=lambda f: SEVERITY_ORDER.get(f.severity, 3))
    return FindingsPanel([  # each place once, in the rule's order
        PanelFinding(index, f.code, f.severity, f.message, tuple(f.cells), list(dict.fromkeys(map(place, f.cells))))
        for index, f in enumerate(ordered)], page)
