"""Writing an incoming document into a draft report: the preview (written, checked, compared, rolled back)
and the import itself (one transaction). Files of any kind are first read into a document (JSON as is,
workbooks by `workbook.read_workbook`), so every format meets the same checks and the same writer."""
from dataclasses import dataclass, field

from django.db import transaction

from apps.documents.comparison import Difference, document_differences
from apps.documents.interchange.document import (
    TEXT_PARTS,
    Problem,
    export_document,
    layouts_of,
)
from apps.documents.interchange.reading import ParsedReport, parse_document
from apps.reports.cells import describe_cell
from apps.reports.computation import PRINTED_KINDS, compute_tables
from apps.reports.extensions import modules
from apps.reports.layouts import FunctionalLayout, TableCode
from apps.reports.models import PinnedTotal, Report, WarningExplanation
from apps.reports.money import from_unit
from apps.reports.pins import printed_figures_write
from apps.reports.rules import check_report
from apps.reports.services.events import Action, ensure_draft, record, record_changes
from apps.reports.snapshot import load_snapshot
from apps.reports.stored_cells import cells_write, current_values, lines_of


@dataclass
class ImportOutcome:
    problems: list[Problem] = field(default_factory=list)
    changes: list[Difference] = field(default_factory=list)  # what the import changes, value by value
    findings: list = field(default_factory=list)  # the rule engine's findings on the imported report
    written: bool = False

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def rule_errors(self) -> list:
        return [f for f in self.findings if f.severity == "error"]


class _Rollback(Exception):
    pass


def _write(report: Report, parsed: ParsedReport, as_published: bool) -> list[Problem]:
    """Replace every entered figure, text and sheet of `report` by the parsed document."""
    notes = []
    layouts = layouts_of(report)
    shown_before = compute_tables(load_snapshot(report))  # what the report printed before: a workbook's grey cells
    for table in TableCode.values:
        layout, incoming = layouts[table], parsed.tables.get(table, {})
        if isinstance(layout, FunctionalLayout):
            now = {line.subject.code for line in lines_of(report, table)}
            new = {row for row, _ in incoming}
            changes = {(row, c.key): incoming.get((row, c.key)) for row in new for c in layout.entry_columns}
            cells_write(report, table, layout, changes, sorted(new - now), sorted(now - new))
        else:
            cells_write(report, table, layout, {cell: incoming.get(cell) for cell in current_values(report, table, layout)},
                   (), ())
    PinnedTotal.objects.filter(report=report).delete()
    grids = compute_tables(load_snapshot(report))
    recomputed, figures = [], []
    for table, row, column, value in parsed.pins:  # each printed figure kept as printed, or refused, located
        cell = grids[table].cell(row, column) if table in grids else None
        amount = from_unit(value, report.unit)
        before = shown_before[table].cell(row, column) if cell is not None else None
        if (not as_published and before is not None and before.kind in PRINTED_KINDS and not before.pinned
                and amount == before.value and amount != cell.value):
            recomputed.append(_place(grids, table, row, column, report))  # the system's own sum, left stale
            continue
        figures.append((table, row, column, amount))
    for table, row, column, why in printed_figures_write(report, figures, within_tolerance=not as_published):
        notes.append(Problem(_place(grids, table, row, column, report), why))
    if recomputed:
        notes.append(Problem("合计数", f"{len(recomputed)} 个灰色单元格仍是下载工作簿时系统算出的数，已按导入的明细重新计算："
                                     f"{'；'.join(recomputed[:5])}{'等' if len(recomputed) > 5 else ''}。", "info"))
    verdicts = {(e.code, e.signature, e.text): (e.verdict, e.verdict_note)  # an unchanged explanation keeps its verdict
                for e in WarningExplanation.objects.filter(report=report)}
    for part in TEXT_PARTS:
        part.model.objects.filter(report=report).delete()
        rows = [part.model(report=report, **row) for row in parsed.texts[part.key]]
        for row in rows if part.model is WarningExplanation else ():
            row.verdict, row.verdict_note = verdicts.get((row.code, row.signature, row.text), (row.verdict, ""))
        part.model.objects.bulk_create(rows)
    for module in modules("REPORT_DOCUMENT_MODULES"):
        module.write(report, parsed.extra[module.KEY])
    return notes


def _place(grids, table, row, column, report) -> str:
    if table in grids and grids[table].cell(row, column) is not None:
        return describe_cell(grids[table], row, column, report.template)
    return f"{report.table_number(table)} {row} {column}"


def document_import(*, report: Report, data: dict, confirm: bool, by, source: str = "",
                    extra_problems=(), as_published: bool = False) -> ImportOutcome:
    """Check `data` against the catalogue and the rules and show what would change; with `confirm`, write it
    (one transaction; nothing when the file has an error) and record every changed value, old → new, after a
    line that names the file and counts the changes.

    A printed total of a report being entered must lie within the rounding tolerance of its parts (尾数调整), else
    it is refused, located; a published document (`as_published`) keeps every figure as printed, and the rules
    report each difference."""
    ensure_draft(report)
    parsed, problems = parse_document(data, report)
    outcome = ImportOutcome(problems=list(extra_problems) + problems)
    if outcome.errors:
        return outcome
    try:
        with transaction.atomic():
            Report.objects.select_for_update().filter(pk=report.pk).first()
            before = export_document(report)
            outcome.problems += _write(report, parsed, as_published)
            outcome.changes = document_differences(before, export_document(report), report)
            outcome.findings = check_report(report).findings
            if outcome.errors:
                raise _Rollback
            if not confirm:
                raise _Rollback
            record(report=report, by=by, action=Action.EDIT, target=f"导入{source or '文件'}",
                   new=f"{len(outcome.changes)} 处变化")
            record_changes(report=report, by=by, changes=[(c.where, c.old, c.new) for c in outcome.changes])
            outcome.written = True
    except _Rollback:
        pass
    return outcome
