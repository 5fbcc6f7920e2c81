"""Downloads of a report as JSON, XLSX or CSV (the public: published revisions, as published)."""
from django.http import Http404, HttpResponse
from django.utils.http import content_disposition_header

from apps.access.permissions import sees_internal_texts, visible_report_or_404
from apps.documents.interchange.files import EXPORTS, download_name, export_file
from apps.portal.services.publication import stored_document
from apps.portal.views.reports import stored_file_response


def report_download(request, department, year, fmt, revision=None):
    """JSON, XLSX or CSV of a report the visitor may see (the public: published revisions, as published; the
    workbook stored at publication is the public one)."""
    if fmt not in EXPORTS:
        raise Http404("没有这种格式")
    report = visible_report_or_404(request.user, department, year, revision)
    stored = stored_document(report, fmt)
    if stored:  # the workbook frozen at publication
        response = stored_file_response(stored, EXPORTS[fmt][1], download_name(report, EXPORTS[fmt][2]),
                                        as_attachment=True)
    else:
        content, content_type, name = export_file(report, fmt, public=not sees_internal_texts(request.user, report))
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = content_disposition_header(True, name)
    response["X-Content-Type-Options"] = "nosniff"
    return response
