"""The rule engine's counts per report, kept in `ReportCheckSummary` and recomputed only when the report changed since:
a summary belongs to the `Report.data_version` it was computed at, which every recorded change moves. The bureau's
dashboard lists thousands of reports."""
from apps.reports.models import ReportCheckSummary
from apps.reports.rules import check_report


def check_summaries(reports) -> dict[int, ReportCheckSummary]:
    """Summaries of `reports` (a queryset) by report id, recomputing the stale ones. A report's version is read
    before its data, so a summary is never newer than the version it is kept under (at worst computed again)."""
    reports = list(reports)
    stored = {s.report_id: s for s in ReportCheckSummary.objects.filter(report__in=[r.pk for r in reports])}
    for report in reports:
        summary = stored.get(report.pk)
        if summary is None or summary.data_version != report.data_version:
            result = check_report(report)
            summary, _ = ReportCheckSummary.objects.update_or_create(report=report, defaults={
                "data_version": report.data_version, "errors": len(result.errors), "warnings": len(result.warnings),
                "infos": len(result.infos), "codes": [f.code for f in result.errors + result.warnings]})
            stored[report.pk] = summary
    return stored
