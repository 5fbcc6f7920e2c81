"""The accountant's pages for the self-evaluation sheets."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from apps.access.permissions import can_change_report, editable_report_or_403, entry_report_or_403
from apps.entry.selectors import report_findings
from apps.performance.forms import FUNDING_COLUMNS, NewSheetForm, SheetEntry, stored_input
from apps.performance.models import EvaluationGoal, EvaluationSheet, FundingRow
from apps.performance.preview import preview_scores
from apps.performance.selectors import scale_of_report, sheets_of
from apps.performance.services import INDICATOR_FIELDS, sheet_create, sheet_save
from apps.reports.money import plain_number

BLANK_ROWS = 3


@login_required
def sheet_list(request, department, year):
    report = entry_report_or_403(request.user, department, year)  # read only once submitted
    sheets = sheets_of(report)
    return render(request, "performance/sheet_list.html", {
        "report": report, "sheets": sheets, "table": None, "editable": can_change_report(request.user, report),
        "lacks_department_sheet": report.template.evaluation_sheets and not any(
            sheet.kind == EvaluationSheet.Kind.DEPARTMENT for sheet in sheets)})


@login_required
@require_POST
def sheet_new(request, department, year):
    report = editable_report_or_403(request.user, department, year)
    form = NewSheetForm(request.POST)
    if not form.is_valid():
        raise Http404("没有这类绩效自评表")
    try:
        sheet = sheet_create(report=report, by=request.user, kind=form.cleaned_data["kind"])
    except ValidationError as exc:
        messages.error(request, exc.message)
        return redirect(reverse("sheet-list", args=[department, year]))
    return redirect(reverse("sheet-edit", args=[department, year, sheet.order]))


@login_required
def sheet_edit(request, department, year, order):
    """A sheet: entered while the report is a draft, shown read only after (POST needs a draft)."""
    check = editable_report_or_403 if request.method == "POST" else entry_report_or_403
    report = check(request.user, department, year)
    sheet = get_object_or_404(EvaluationSheet, report=report, order=order)
    status = 200
    if request.method == "POST":
        form = SheetEntry(request.POST, sheet=sheet)
        form.is_valid()  # texts, and counts read safely: always valid; the save checks numbers and targets
        data = form.sheet_input()
        if sheet_save(report=report, sheet=sheet, data=data, by=request.user):
            messages.success(request, f"已保存{sheet.title}，总分 {plain_number(sheet.total_score)}。")
            return redirect(request.path)
        messages.error(request, "有填写错误，本表未保存；请按提示改正。")
        status = 422
    else:
        data = stored_input(sheet, report.unit)
    blank = max(BLANK_ROWS, 12 - len(data.rows))  # a new sheet offers enough rows for a whole indicator table
    rows = data.rows + [{f: "" for f in INDICATOR_FIELDS} for _ in range(blank)]
    computed = preview_scores(sheet, data, report.unit, scale_of_report(report))
    formulas = computed["formulas"] + [None] * blank
    return render(request, "performance/sheet_edit.html", {
        "panel": report_findings(report, f"sheet.{sheet.order}"), "editable": can_change_report(request.user, report),
        "report": report, "sheet": sheet, "data": data, "rows": list(zip(range(len(rows)), rows, formulas)),
        "row_count": len(rows), "computed": computed, "errors": data.errors, "funding_columns": FUNDING_COLUMNS,
        "funding_rows": [(kind, FundingRow.Kind(kind).label, [(column, header, data.funding.get((kind, column), ""))
                                                              for column, header in FUNDING_COLUMNS])
                         for kind in FundingRow.ROWS[sheet.kind]],
        "goal_kinds": EvaluationGoal.Kind.choices, "is_department": sheet.kind == EvaluationSheet.Kind.DEPARTMENT,
        "table": None,
    }, status=status)
