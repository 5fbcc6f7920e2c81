"""The rule engine's counts per report, kept in `ReportCheckSummary` and recomputed only when the report's data
changed since (every data change writes a `ReportEvent`): the bureau's dashboard lists thousands of reports."""
from django.db.models import Max

from apps.reports.models import ReportCheckSummary
from apps.reports.rules import check_report


def check_summaries(reports) -> dict[int, ReportCheckSummary]:
    """Summaries of `reports` (a queryset) by report id, recomputing the stale ones."""
    reports = list(reports.annotate(last_event=Max("events__id")))
    stored = {s.report_id: s for s in ReportCheckSummary.objects.filter(report__in=[r.pk for r in reports])}
    for report in reports:
        last = report.last_event or 0
        summary = stored.get(report.pk)
        if summary is None or summary.last_event_id != last:
            result = check_report(report)
            summary, _ = ReportCheckSummary.objects.update_or_create(report=report, defaults={
                "last_event_id": last, "errors": len(result.errors), "warnings": len(result.warnings),
                "infos": len(result.infos), "codes": [f.code for f in result.errors + result.warnings]})
            stored[report.pk] = summary
    return stored
