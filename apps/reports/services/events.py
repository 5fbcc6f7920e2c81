"""The audit trail: every change of a report is an event, written here and nowhere else.

Each recorded change also moves the report's `data_version` (and `updated_at`) in the same transaction: what is
cached of a report (the bureau's rule summaries) is keyed on that version. So a service that changes a report
records what it changed, and that is what marks the report changed; a write that records nothing is a defect
(tests/reports/test_audit_trail.py calls every service and looks for its events).
"""
from collections.abc import Iterable

from django.db.models import F
from django.forms import BaseModelFormSet
from django.utils import timezone

from apps.reports.errors import TransitionRefused
from apps.reports.models import Report, ReportEvent

Action = ReportEvent.Action


def _actor(by):
    return by if getattr(by, "is_authenticated", False) else None


def _text(value) -> str:
    return "" if value is None else str(value)


def _moved(report: Report) -> None:
    """The report changed: its data version goes up by one (atomically, whoever else writes), its time stamp too."""
    Report.objects.filter(pk=report.pk).update(data_version=F("data_version") + 1, updated_at=timezone.now())
    report.data_version, report.updated_at = (Report.objects.filter(pk=report.pk)
                                              .values_list("data_version", "updated_at").get())


def record(*, report: Report, by, action: str, target: str = "", old="", new="", comment: str = "",
           from_state: str = "", to_state: str = "") -> ReportEvent:
    """Append one event to the report's trail (the only way events are written)."""
    event = ReportEvent.objects.create(report=report, actor=_actor(by), action=action, target=target[:300],
                                       old_value=_text(old), new_value=_text(new), comment=comment,
                                       from_state=from_state, to_state=to_state)
    _moved(report)
    return event


def record_changes(*, report: Report, by, changes: Iterable[tuple[str, object, object]],
                   action: str = Action.EDIT) -> list[ReportEvent]:
    """One event per changed place, (target, old, new), written at once (an import changes thousands of cells)."""
    events = ReportEvent.objects.bulk_create(
        [ReportEvent(report=report, actor=_actor(by), action=action, target=target[:300], old_value=_text(old),
                     new_value=_text(new)) for target, old, new in changes], batch_size=500)
    if events:
        _moved(report)
    return events


def form_changes(form) -> list[tuple[str, object, object]]:
    """What a bound, valid model form (or model formset) is about to change, field by field: (target, old, new);
    a form of a formset marked for deletion is one change (the object removed)."""
    forms = list(form.forms) if isinstance(form, BaseModelFormSet) else [form]
    deleted = set(map(id, form.deleted_forms)) if isinstance(form, BaseModelFormSet) and form.can_delete else set()
    changes = []
    for item in forms:
        model = item._meta.model._meta.verbose_name
        if id(item) in deleted:
            if item.instance.pk is not None:
                changes.append((f"删除 {model}", str(item.instance), ""))
            continue
        for name in item.changed_data:
            if name in ("id", "DELETE"):
                continue
            changes.append((f"{model}：{item.fields[name].label}", item.initial.get(name) or "",
                            item.cleaned_data.get(name) or ""))
    return changes


def ensure_draft(report: Report) -> None:
    """Data of a report that left draft never changes (published revisions are frozen)."""
    state = Report.objects.filter(pk=report.pk).values_list("state", flat=True).first()
    if state != Report.State.DRAFT:
        raise TransitionRefused(f"这份决算当前为“{Report.State(state).label}”，数据不能修改。")
