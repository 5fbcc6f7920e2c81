"""Reads for the self-evaluation sheets: a report's sheets, the grade scale that applies to a region or a report,
the sheets as parts of the accountant's overview."""
from django.urls import reverse

from apps.accounts.models import Organisation, Region
from apps.entry.selectors import PartStatus
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


def sheet_parts(report) -> list[PartStatus]:
    """The sheets in the accountant's overview (where the report's edition carries them): each is done once scored
    (its total computed from the results entered); a report without its 部门整体 sheet is told to add it."""
    if not report.template.evaluation_sheets:
        return []
    sheets = list(sheets_of(report))
    args = [report.department.code, report.fiscal_year]

    def link(name, *more):  # the sheet pages are for entering: once submitted, a sheet is listed without a link
        return reverse(name, args=[*args, *more]) if report.state == report.State.DRAFT else ""

    parts = [] if any(s.kind == EvaluationSheet.Kind.DEPARTMENT for s in sheets) else [PartStatus(
        EvaluationSheet.Kind.DEPARTMENT.label, link("sheet-list"), False, "尚未添加，请在绩效自评表页添加")]
    return parts + [PartStatus(sheet.title, link("sheet-edit", sheet.order),
                               sheet.total_score is not None, "尚未填写完成情况和得分") for sheet in sheets]
