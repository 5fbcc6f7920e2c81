"""What publication freezes: the official files rendered once and stored with their content hash."""
from django.core.files.base import ContentFile
from django.db import transaction

from apps.reports.disclosure import build_disclosure
from apps.reports.models import PublishedDocument, Report
from apps.reports.rendering import render_pdf


@transaction.atomic
def report_store_documents(*, report: Report, by=None) -> PublishedDocument:
    """Render the PDF of a published revision once and store it; a stored file is never rendered again."""
    if report.state != Report.State.PUBLISHED:
        raise ValueError("只有已公开的决算才保存正式文件")
    existing = PublishedDocument.objects.filter(report=report, format=PublishedDocument.Format.PDF).first()
    if existing:
        return existing
    content = render_pdf(build_disclosure(report))
    document = PublishedDocument(report=report, format=PublishedDocument.Format.PDF,
                                 sha256=PublishedDocument.digest(content), size=len(content))
    document.file.save(f"{report.department.code}-{report.fiscal_year}-r{report.revision}.pdf",
                       ContentFile(content), save=False)
    document.save()
    return document
