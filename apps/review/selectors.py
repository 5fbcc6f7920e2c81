"""Reads for the reviewer's pages: the queue, the explanations still waiting for a verdict."""
from django.db.models import Exists, OuterRef

from apps.access.permissions import reports_visible_to
from apps.reports.models import Report, ReportEvent, WarningExplanation
from apps.reports.selectors import latest_revisions

RETURNED = "returned"  # a draft the reviewer returned, not yet submitted again


def reports_in_review(user, bureaus, *, state: str | None = None, year: int | None = None):
    """The reports of the departments under `bureaus`, by state and year: those submitted the user may see (all of
    them without a state), or the drafts being filled (`draft`) or returned (`returned`), which the queue lists
    without opening them (a reviewer reads a report once it is submitted)."""
    if state in (Report.State.DRAFT, RETURNED):
        returned = ReportEvent.objects.filter(report=OuterRef("pk"), action=ReportEvent.Action.RETURN)
        reports = latest_revisions(Report.objects.filter(department__parent__in=bureaus, state=Report.State.DRAFT))
        reports = reports.annotate(returned=Exists(returned))
        if state == RETURNED:
            reports = reports.filter(returned=True)
    else:
        reports = reports_visible_to(user).filter(department__parent__in=bureaus).exclude(state=Report.State.DRAFT)
        if state:
            reports = reports.filter(state=state)
    if year is not None:
        reports = reports.filter(fiscal_year=year)
    return reports.select_related("department").order_by("-fiscal_year", "state", "department__code")


def pending_count(warnings) -> int:
    """How many of a report's warnings (`explanations_of`: each with its explanation or None) wait for a verdict."""
    return sum(1 for _, e in warnings if e is not None and e.verdict == WarningExplanation.Verdict.PENDING)
