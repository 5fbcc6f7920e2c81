"""Pages for files: the accountant's import (upload → preview → confirm) and the downloads of a report."""
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from apps.accounts.models import Membership, Organisation
from apps.accounts.permissions import reports_visible_to, sees_internal_texts
from apps.reports.entry_views import editable_report
from apps.reports.interchange.bulk import MAX_FILES
from apps.reports.interchange.document import Problem
from apps.reports.interchange.files import EXPORTS, export_file, import_file
from apps.reports.interchange.importing import ImportOutcome
from apps.reports.interchange.workbook import MAX_UPLOAD_BYTES, too_large
from apps.reports.publication import stored_document
from apps.reports.views import stored_file_response
from apps.reports.jobs import job_start
from apps.reports.models import Job
from apps.reports.layouts import TABLE_ORDERS, table_number
from apps.reports.selectors import ReportNotFound, report_at

SESSION_KEY = "pending_import"


def _pending_path(token: str) -> str:
    return f"imports/{token}"


@login_required
def entry_import(request, department, year):
    report = editable_report(request, department, year)
    context = {"report": report, "limit_mb": MAX_UPLOAD_BYTES // 1024 // 1024, "outcome": None, "status": 200,
               "tables": [(code, table_number(code, report.table_order)) for code in TABLE_ORDERS[report.table_order]],
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


def report_download(request, department, year, fmt, revision=None):
    """JSON, XLSX or CSV of a report the visitor may see (the public: published revisions, as published; the
    workbook stored at publication is the public one)."""
    if fmt not in EXPORTS:
        raise Http404("没有这种格式")
    try:
        report = report_at(department, year, revision, reports=reports_visible_to(request.user))
    except ReportNotFound:
        raise Http404("没有找到这份部门决算") from None
    stored = stored_document(report, fmt)
    if stored:  # the workbook frozen at publication
        name = f"{report.department.code}-{report.fiscal_year}-r{report.revision}.{fmt}"
        response = stored_file_response(stored, EXPORTS[fmt][1], name, as_attachment=True)
    else:
        content, content_type, name = export_file(report, fmt, public=not sees_internal_texts(request.user, report))
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


MAX_BULK_UPLOAD_BYTES = 200 * 1024 * 1024  # a zip of a region's workbooks (each about 60 KB)


def administered_bureaus(user):
    """The finance bureaus whose administrator the user is (every bureau for a superuser)."""
    bureaus = Organisation.objects.filter(kind=Organisation.Kind.FINANCE_BUREAU).order_by("code")
    if user.is_superuser:
        return bureaus
    return bureaus.filter(memberships__user=user, memberships__role=Membership.Role.ADMINISTRATOR)


@login_required
def bureau_import(request):
    """A finance bureau imports many reports at once: workbooks or JSON files, or zips of them. The files are kept
    and imported by a background job, whose page shows a line per file as it is done."""
    bureaus = list(administered_bureaus(request.user))
    if not bureaus:
        raise PermissionDenied("只有财政局管理员可以批量导入。")
    if request.method != "POST":
        return render(request, "bureau/import.html", {"bureaus": bureaus})
    bureau = next((b for b in bureaus if str(b.pk) == request.POST.get("bureau")), None)
    uploads = request.FILES.getlist("files")
    error = ("请选择财政局。" if bureau is None else "请选择要导入的文件。" if not uploads else
             f"一次最多上传 {MAX_FILES} 个文件。" if len(uploads) > MAX_FILES else
             "上传的文件合计超过 200 MB。" if sum(u.size for u in uploads) > MAX_BULK_UPLOAD_BYTES else None)
    if error:
        return render(request, "bureau/import.html", {"bureaus": bureaus, "error": error}, status=422)
    folder = f"imports/bulk/{uuid.uuid4().hex}"
    stored = [{"name": upload.name[:200], "path": default_storage.save(f"{folder}/{number:03d}.upload", upload)}
              for number, upload in enumerate(uploads, 1)]
    job = job_start(Job.Kind.BULK_IMPORT, by=request.user, organisation=bureau, params={"uploads": stored},
                    total=len(stored))
    return redirect(job)
