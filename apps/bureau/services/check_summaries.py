"""The rule engine's counts per report, kept in `ReportCheckSummary` and recomputed only when the report changed since:
a summary belongs to the `Report.data_version` it was computed at, which every recorded change moves. The bureau's
dashboard lists thousands of reports."""
from apps.reports.models import ReportCheckSummary, WarningExplanation
from apps.reports.rules import check_report
from apps.reports.selectors import explanations_of


def check_summaries(reports) -> dict[int, ReportCheckSummary]:
    """Summaries of `reports` (a queryset) by report id, recomputing the stale ones. A report's version is read
    before its data, so a summary is never newer than the version it is kept under (at worst computed again)."""
    reports = list(reports)
    stored = {s.report_id: s for s in ReportCheckSummary.objects.filter(report__in=[r.pk for r in reports])}
    for report in reports:
        summary = stored.get(report.pk)
        if summary is None or summary.data_version != report.data_version:
            result = check_report(report)
            accepted = sum(1 for _, e in explanations_of(report, result.warnings)
                           if e is not None and e.verdict == WarningExplanation.Verdict.ACCEPTED)
            summary, _ = ReportCheckSummary.objects.update_or_create(report=report, defaults={
                "data_version": report.data_version, "errors": len(result.errors), "warnings": len(result.warnings),
                "accepted": accepted, "infos": len(result.infos),
                "codes": [f.code for f in result.errors + result.warnings]})
            stored[report.pk] = summary
    return stored
