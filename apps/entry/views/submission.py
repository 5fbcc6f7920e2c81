"""The accountant's steps in the workflow: submitting a draft, starting a correction of a published revision."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from apps.access.permissions import editable_report_or_403, visible_report_or_404
from apps.entry.forms import CorrectionForm
from apps.reports.errors import Refused, message_of
from apps.workflow import services as workflow


@login_required
@require_POST
def entry_submit(request, department, year):
    report = editable_report_or_403(request.user, department, year)
    try:
        workflow.report_submit(report=report, by=request.user)
    except Refused as exc:
        messages.error(request, message_of(exc))
        return redirect(reverse("entry-overview", args=[department, year]))
    messages.success(request, f"{report}已提交，等待财政局审核。")
    return redirect(reverse("entry-home"))


@login_required
@require_POST
def entry_correct(request, department, year):
    report = visible_report_or_404(request.user, department, year)
    form = CorrectionForm(request.POST)
    form.is_valid()  # a text: always valid; the workflow checks the 更正说明
    try:
        revision = workflow.report_start_correction(report=report, by=request.user, note=form.cleaned_data["note"])
    except Refused as exc:
        messages.error(request, message_of(exc))
        return redirect(reverse("entry-home"))
    messages.success(request, f"已创建第{revision.revision}版（更正），请修改后重新提交。")
    return redirect(reverse("entry-overview", args=[department, year]))
