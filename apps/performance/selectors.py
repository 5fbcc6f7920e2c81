"""Reads for the self-evaluation sheets: a report's sheets, the grade scale that applies to a region or a report."""
from apps.accounts.models import Organisation, Region
from apps.performance.models import EvaluationSheet, GradeScale


def sheets_of(report):
    """A report's sheets in their order."""
    return EvaluationSheet.objects.filter(report=report).order_by("order")


def scale_for(region_id: int | None):
    """The scale of a region or of its nearest ancestor that has one; None for the national default."""
    scales = {s.region_id: s for s in GradeScale.objects.all()}
    if not scales:
        return None
    parents = dict(Region.objects.values_list("id", "parent_id"))
    while region_id is not None:
        if region_id in scales:
            return scales[region_id]
        region_id = parents.get(region_id)
    return None


def scale_of_report(report):
    """The grade scale that applies to a report's department (two queries at most without a scale)."""
    return scale_for(Organisation.objects.filter(pk=report.department_id).values_list("region_id", flat=True).first())
