"""The accountant's import page: upload → preview → confirm (`apps.entry.pending_imports`)."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse

from apps.access.permissions import editable_report_or_403
from apps.documents.interchange.document import Problem
from apps.documents.interchange.importing import ImportOutcome
from apps.documents.interchange.workbook import MAX_UPLOAD_BYTES
from apps.entry.forms import ImportForm
from apps.entry.pending_imports import import_confirm, import_preview


@login_required
def entry_import(request, department, year):
    report = editable_report_or_403(request.user, department, year)
    context = {"report": report, "limit_mb": MAX_UPLOAD_BYTES // 1024 // 1024, "outcome": None, "status": 200,
               "table": None}
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            problems = [Problem("文件", message) for errors in form.errors.values() for message in errors]
            context.update(outcome=ImportOutcome(problems=problems), status=422)
        elif form.confirming:
            done = import_confirm(session=request.session, report=report, by=request.user)
            if done is None:
                messages.error(request, "没有待确认的导入，请重新上传文件。")
                return redirect(request.path)
            name, outcome = done
            if outcome.written:
                messages.success(request, f"已导入 {name}：{len(outcome.changes)} 处变化。")
                return redirect(reverse("entry-overview", args=[department, year]))
            context.update(outcome=outcome, status=422)
        else:
            upload = form.cleaned_data["file"]
            outcome = import_preview(session=request.session, report=report, name=upload.name, content=upload.read(),
                                     by=request.user)
            context.update(outcome=outcome, file_name=upload.name, status=422 if outcome.errors else 200)
    return render(request, "entry/import.html", context, status=context["status"])
