"""Pages for files: the accountant's import (upload → preview → confirm) and the downloads of a report."""
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.shortcuts import redirect, render
from django.urls import reverse

from apps.access.permissions import editable_report_or_403
from apps.documents.interchange.document import Problem
from apps.documents.interchange.files import import_file
from apps.documents.interchange.importing import ImportOutcome
from apps.documents.interchange.workbook import MAX_UPLOAD_BYTES, too_large

SESSION_KEY = "pending_import"


def _pending_path(token: str) -> str:
    return f"imports/{token}"


@login_required
def entry_import(request, department, year):
    report = editable_report_or_403(request.user, department, year)
    context = {"report": report, "limit_mb": MAX_UPLOAD_BYTES // 1024 // 1024, "outcome": None, "status": 200,
               "table": None}
    if request.method == "POST" and request.POST.get("action") == "confirm":
        pending = request.session.get(SESSION_KEY) or {}
        if pending.get("report") != report.pk or not default_storage.exists(_pending_path(pending.get("token", ""))):
            messages.error(request, "没有待确认的导入，请重新上传文件。")
            return redirect(request.path)
        with default_storage.open(_pending_path(pending["token"])) as stored:
            content = stored.read()
        outcome = import_file(report=report, name=pending["name"], content=content, confirm=True, by=request.user)
        _forget_pending(request)
        if outcome.written:
            messages.success(request, f"已导入 {pending['name']}：{len(outcome.changes)} 处变化。")
            return redirect(reverse("entry-overview", args=[department, year]))
        context.update(outcome=outcome, status=422)
    elif request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            context.update(outcome=_refused("请选择要上传的文件。"), status=422)
        elif upload.size > MAX_UPLOAD_BYTES:
            context.update(outcome=ImportOutcome(problems=[too_large(upload.size)]), status=422)
        else:
            content = upload.read()
            outcome = import_file(report=report, name=upload.name, content=content, confirm=False, by=request.user)
            context.update(outcome=outcome, file_name=upload.name, status=422 if outcome.errors else 200)
            if not outcome.errors:
                _forget_pending(request)
                token = uuid.uuid4().hex
                default_storage.save(_pending_path(token), ContentFile(content))
                request.session[SESSION_KEY] = {"token": token, "name": upload.name[:200], "report": report.pk}
    return render(request, "entry/import.html", context, status=context["status"])


def _forget_pending(request):
    """Drop the file waiting for confirmation (a new upload replaces it; a confirmation uses it up)."""
    pending = request.session.pop(SESSION_KEY, None)
    if pending:
        default_storage.delete(_pending_path(pending["token"]))


def _refused(message: str) -> ImportOutcome:
    return ImportOutcome(problems=[Problem("文件", message)])




