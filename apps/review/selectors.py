"""Reads for the reviewer's pages: the queue."""
from apps.access.permissions import reports_visible_to
from apps.reports.models import Report


def reports_in_review(user, bureaus, *, state: str | None = None, year: int | None = None):
    """The reports (not drafts) of the departments under `bureaus` the user may see, by state and year."""
    reports = reports_visible_to(user).filter(department__parent__in=bureaus).exclude(state=Report.State.DRAFT)
    if state:
        reports = reports.filter(state=state)
    if year is not None:
        reports = reports.filter(fiscal_year=year)
    return reports.order_by("-fiscal_year", "state", "department__code")
