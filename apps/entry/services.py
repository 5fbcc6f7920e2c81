"""The accountant's saves: a table's typed cells, its note, warning explanations and the report's text parts.

A save writes only the cells the user changed (compared with the value the page showed them, the *base*).
If somebody else changed one of those cells in the meantime, nothing is written and the conflicts are
returned, so that no save ever silently overwrites another.
"""
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.forms import BaseModelFormSet

from apps.entry.forms import row_keys
from apps.reports.models import Report, TableNote, WarningExplanation
from apps.reports.services.events import Action, ensure_draft, form_changes, record, record_changes
from apps.reports.stored_cells import (
    CellKey,
    cells_write,
    column_header,
    current_values,
    display,
    typed_cells,
)
from apps.reports.texts import plain_text

# The longest texts kept: what their fields hold (the pages' maxlength reads the same fields); longer ones are cut.
NOTE_LIMIT = TableNote._meta.get_field("text").max_length
EXPLANATION_LIMITS = {name: WarningExplanation._meta.get_field(name).max_length for name in ("code", "signature", "text")}


@dataclass
class SaveResult:
    conflicts: list[dict] = field(default_factory=list)
    refused: list[CellKey] = field(default_factory=list)  # keys that are no typed cell of the table
    saved: int = 0

    @property
    def ok(self) -> bool:
        return not self.conflicts and not self.refused


@transaction.atomic
def table_save(*, report: Report, table: str, layout, values: dict[CellKey, Decimal | None],
               seen: dict[CellKey, Decimal | None], add_codes=(), remove_codes=(), by) -> SaveResult:
    """Write the cells the user changed — `values` (in 元, as `GridForm` cleans them) against `seen`, the values the
    page showed them —; refuse everything on a cell that is not (or no longer) typed or on a conflicting edit."""
    Report.objects.select_for_update().filter(pk=report.pk).first()
    ensure_draft(report)
    result = SaveResult()
    current = current_values(report, table, layout)
    allowed = typed_cells(current, layout, add_codes)
    result.refused = sorted(cell for cell in set(values) | set(seen) if cell not in allowed)
    if result.refused:
        return result

    changes = {}
    for cell, value in values.items():
        before = seen.get(cell)
        if value == before:
            continue  # the user did not touch this cell: keep whatever is stored now
        now = current.get(cell)
        if now != before and now != value:
            result.conflicts.append({"cell": cell, "base": display(before, report.unit),
                                     "current": display(now, report.unit), "yours": display(value, report.unit)})
        changes[cell] = value
    for code in remove_codes:
        for cell, now in current.items():
            if cell[0] == code and now != seen.get(cell):
                result.conflicts.append({"cell": cell, "base": display(seen.get(cell), report.unit),
                                         "current": display(now, report.unit), "yours": "（删除此行）"})
    if result.conflicts:
        return result
    result.saved = cells_write(report, table, layout, changes, add_codes, remove_codes)
    number = report.table_number(table)
    record_changes(report=report, by=by, changes=[
        *((f"{number} {row} {column_header(layout, row, column)}", display(current.get((row, column)), report.unit),
           display(value, report.unit)) for (row, column), value in changes.items()),
        *((f"{number} 添加科目 {code}", "", "") for code in add_codes),
        *((f"{number} 删除科目 {code}", "", "") for code in remove_codes)])
    return result


@transaction.atomic
def table_note_save(*, report: Report, table: str, text: str, by) -> None:
    """The 说明 printed under a table (e.g. why 公开08表 has no data); blank removes it."""
    ensure_draft(report)
    text = plain_text(text).strip()[:NOTE_LIMIT]
    old = TableNote.objects.filter(report=report, table=table).values_list("text", flat=True).first() or ""
    if text == old:
        return
    if text:
        TableNote.objects.update_or_create(report=report, table=table, defaults={"text": text})
    else:
        TableNote.objects.filter(report=report, table=table).delete()
    record(report=report, by=by, action=Action.EDIT, target=f"{report.table_number(table)} 表下说明", old=old, new=text)


@transaction.atomic
def warning_explanations_save(*, report: Report, texts: dict[tuple[str, str], str], by) -> None:
    """The accountant's explanation of each warning, keyed by (rule code, cells involved); a blank one is removed.
    Each explanation written, changed or removed is an event (old → new)."""
    ensure_draft(report)
    stored = {(e.code, e.signature): e.text for e in report.warning_explanations.all()}
    changes = []
    for (code, signature), text in texts.items():
        code, signature = code[:EXPLANATION_LIMITS["code"]], signature[:EXPLANATION_LIMITS["signature"]]
        text = plain_text(text).strip()[:EXPLANATION_LIMITS["text"]]
        old = stored.get((code, signature), "")
        if text == old:
            continue
        if text:  # a new text is judged anew; an unchanged one keeps the reviewer's verdict
            WarningExplanation.objects.update_or_create(report=report, code=code, signature=signature, defaults={
                "text": text, "verdict": WarningExplanation.Verdict.PENDING, "verdict_note": ""})
        else:
            WarningExplanation.objects.filter(report=report, code=code, signature=signature).delete()
        changes.append((f"{code} 警告说明", old, text))
    record_changes(report=report, by=by, changes=changes)


@transaction.atomic
def _save_rows(formset, report: Report) -> None:
    """A formset's rows: the deleted ones first, then the others; a row whose 科目 (名词…) changed is written anew,
    so that two rows may swap their 科目 in one save (the unique constraint never sees them both at once)."""
    objects = formset.save(commit=False)
    for obj in formset.deleted_objects:
        obj.delete()
    keys = set(row_keys(formset.model))
    moved = [f.instance for f in formset.initial_forms if f.instance in objects and keys & set(f.changed_data)]
    formset.model.objects.filter(pk__in=[obj.pk for obj in moved]).delete()
    for obj in moved:
        obj.pk, obj._state.adding = None, True
    for obj in objects:
        obj.report = report
        obj.save()


def section_save(*, report: Report, form, by) -> None:
    """Save a part's form or formset; objects always belong to the report being edited; changes are recorded."""
    ensure_draft(report)
    record_changes(report=report, by=by, changes=form_changes(form))
    if isinstance(form, BaseModelFormSet):
        _save_rows(form, report)
    else:
        obj = form.save(commit=False)
        obj.report = report
        obj.save()
