"""The audit trail: every change of a report is an event, written here and nowhere else."""
from apps.reports.errors import TransitionRefused
from apps.reports.models import Report, ReportEvent

Action = ReportEvent.Action


def record(*, report: Report, by, action: str, target: str = "", old: str = "", new: str = "", comment: str = "",
           from_state: str = "", to_state: str = "") -> ReportEvent:
    """Append one event to the report's trail (the only way events are written)."""
    return ReportEvent.objects.create(report=report, actor=by if getattr(by, "is_authenticated", False) else None,
                                      action=action, target=target[:300], old_value=old, new_value=new,
                                      comment=comment, from_state=from_state, to_state=to_state)


def ensure_draft(report: Report) -> None:
    """Data of a report that left draft never changes (published revisions are frozen)."""
    state = Report.objects.filter(pk=report.pk).values_list("state", flat=True).first()
    if state != Report.State.DRAFT:
        raise TransitionRefused(f"这份决算当前为“{Report.State(state).label}”，数据不能修改。")
