"""The bureau's administrator manages a department's draft: its edition and class count, or its deletion."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from apps.access.permissions import administered_draft_or_403
from apps.bureau.forms import DraftDeleteForm, DraftSettingsForm
from apps.bureau.services.drafts import draft_delete, draft_settings_change


def _page(request, report, settings_form=None, delete_form=None, status=200):
    return render(request, "bureau/draft.html", {
        "report": report, "status": status,
        "form": settings_form or DraftSettingsForm(initial={"edition": report.edition,
                                                            "summary_classes": report.summary_classes}),
        "delete_form": delete_form or DraftDeleteForm(report=report)}, status=status)


@login_required
def draft_settings(request, department, year):
    report = administered_draft_or_403(request.user, department, year)
    if request.method != "POST":
        return _page(request, report)
    form = DraftSettingsForm(request.POST)
    if not form.is_valid():
        return _page(request, report, settings_form=form, status=422)
    draft_settings_change(report=report, edition_key=form.cleaned_data["edition"],
                          summary_classes=form.cleaned_data["summary_classes"], by=request.user)
    messages.success(request, f"已保存：版式“{report.template.name}”，{report.get_summary_classes_display()}。")
    return redirect(request.path)


@login_required
@require_POST
def draft_remove(request, department, year):
    report = administered_draft_or_403(request.user, department, year)
    form = DraftDeleteForm(request.POST, report=report)
    if not form.is_valid():
        return _page(request, report, delete_form=form, status=422)
    line = draft_delete(report=report, by=request.user)
    messages.success(request, f"已{line}。")
    return redirect(f"{reverse('bureau-dashboard')}?year={year}")
