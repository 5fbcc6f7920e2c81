"""The bureau's administrator chooses the edition a draft prints in."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from apps.access.permissions import edition_changeable_report_or_403
from apps.bureau.forms import EditionForm
from apps.bureau.services.editions import report_edition_change


@login_required
def report_edition(request, department, year):
    report = edition_changeable_report_or_403(request.user, department, year)
    form = EditionForm(request.POST if request.method == "POST" else None, initial={"edition": report.edition})
    if request.method == "POST" and form.is_valid():
        report_edition_change(report=report, edition_key=form.cleaned_data["edition"], by=request.user)
        messages.success(request, f"已将版式改为“{report.template.name}”。")
        return redirect(request.path)
    return render(request, "bureau/edition.html", {"report": report, "form": form},
                  status=422 if request.method == "POST" else 200)
