from django.http import FileResponse, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header
from django.utils.safestring import mark_safe

from apps.access.permissions import reports_visible_to, visible_report_or_404
from apps.documents.disclosure import build_disclosure
from apps.documents.interchange.files import download_name
from apps.documents.rendering import render_pdf
from apps.portal.caching import public_page
from apps.portal.selectors import PDF
from apps.portal.services.publication import page_body, stored_document, stored_page_body
from apps.reports.rules import Severity, all_rules


@public_page()
def rule_catalogue(request):
    """Every 审核公式 with its code, severity, description, basis and the years it applies (public)."""
    rules = [(rule, Severity(rule.severity).label) for rule in all_rules()]
    return render(request, "reports/rule_catalogue.html", {"rules": rules})


@public_page()
def report_page(request, department, year, revision=None):
    """The disclosure as an HTML page (drafts are watermarked previews for those allowed to see them)."""
    report = visible_report_or_404(request.user, department, year, revision)
    revisions = reports_visible_to(request.user).filter(department=report.department, fiscal_year=report.fiscal_year)
    line = render_to_string("disclosure/_revisions.html", {"revisions": revisions.order_by("revision"),
                                                            "report": report})
    body = stored_page_body(report, line) or page_body(build_disclosure(report), line)  # drafts: rendered now
    return render(request, "disclosure/page.html", {"title": report.title, "body": mark_safe(body)})


def stored_file_response(stored, content_type: str, filename: str,
                         as_attachment: bool = False) -> FileResponse:
    """A file frozen at publication (a `PublishedDocument`), served as stored, its content hash as ETag."""
    response = FileResponse(stored.file.open("rb"), content_type=content_type, as_attachment=as_attachment,
                            filename=filename)
    response["ETag"] = f'"{stored.sha256}"'
    return response


def report_pdf(request, department, year, revision=None):
    """The official PDF: a published revision's stored file, otherwise a watermarked preview rendered now."""
    report = visible_report_or_404(request.user, department, year, revision)
    filename = download_name(report, "pdf")
    stored = stored_document(report, PDF)
    if stored:
        return stored_file_response(stored, "application/pdf", filename)
    response = HttpResponse(render_pdf(build_disclosure(report)), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, filename)
    response["Cache-Control"] = "private, no-store"
    return response
