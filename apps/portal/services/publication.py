"""What publication freezes: the official files (PDF, workbook, the HTML page's body), rendered once and stored with
their content hash.

The files are rendered before the report is locked (rendering takes seconds; an approved report's data no longer
changes) and written to storage inside the transaction that marks the revision published. Storage is not
transactional, so a publication that does not commit removes the files it wrote: a failed publication leaves the
report as it was and no stored file. When the database cannot even tell whether the commit happened (the
connection is gone), the files are kept and `manage.py cleanup_media` removes them later if nothing refers to them.
"""
import copy
import logging
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DatabaseError, connection, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from apps.documents.disclosure import build_disclosure
from apps.documents.interchange.files import export_file
from apps.documents.rendering import render_pdf
from apps.jobs.models import Job
from apps.jobs.services import dispatch, job_create, job_progress, job_succeed
from apps.portal.caching import public_pages_changed
from apps.portal.services.figures import figures_store
from apps.reports.extensions import callables
from apps.reports.models import PublishedDocument, Report, ReportEvent, SourceDocument
from apps.reports.services.events import ensure_draft, record
from apps.workflow import services as workflow

Action = ReportEvent.Action

log = logging.getLogger(__name__)
Format = PublishedDocument.Format


@dataclass(frozen=True)
class RenderedFile:
    format: str
    name: str
    content: bytes


def publication_files(report: Report, formats=tuple(Format.values)) -> list[RenderedFile]:
    """The official files of an approved report as they will read once it is published."""
    published = copy.copy(Report.objects.select_related("department").get(pk=report.pk))
    published.state = Report.State.PUBLISHED
    stem = f"{published.department.code}-{published.fiscal_year}-r{published.revision}"
    doc = build_disclosure(published) if {Format.PDF, Format.HTML} & set(formats) else None
    makers = {Format.PDF: lambda: render_pdf(doc), Format.HTML: lambda: page_body(doc).encode(),
              Format.XLSX: lambda: export_file(published, "xlsx", public=True)[0]}  # the public one
    return [RenderedFile(fmt, f"{stem}.{fmt}", makers[fmt]()) for fmt in formats]


REVISIONS_MARK = "<!-- revisions -->"


def page_body(doc, revisions_line: str = REVISIONS_MARK) -> str:
    """The body of the report's HTML page; stored at publication with a mark where the list of revisions goes
    (the only part of a published revision's page that changes: a correction adds a revision)."""
    return render_to_string("disclosure/_page_body.html", {"doc": doc, "revisions_line": mark_safe(revisions_line)})


def stored_page_body(report: Report, revisions_line: str) -> str | None:
    stored = stored_document(report, Format.HTML)
    if stored is None:
        return None
    with stored.file.open("rb") as file:
        return file.read().decode("utf-8").replace(REVISIONS_MARK, revisions_line, 1)


def documents_store(report: Report, files: list[RenderedFile], written: list[str]) -> list[PublishedDocument]:
    """Store the files of a revision being published (inside its transaction); each stored name goes to `written`."""
    documents = []
    for rendered in files:
        document = PublishedDocument(report=report, format=rendered.format,
                                     sha256=PublishedDocument.digest(rendered.content), size=len(rendered.content))
        document.file.save(rendered.name, ContentFile(rendered.content), save=False)
        written.append(document.file.name)
        document.save()
        documents.append(document)
    return documents


@contextmanager
def files_kept_only_if_committed():
    """Collects the names of the files stored inside a transaction; removes them if the transaction failed."""
    written: list[str] = []
    try:
        yield written
    except BaseException:
        _discard_uncommitted(written)
        raise


def _discard_uncommitted(names: list[str]) -> None:
    if not names:
        return
    try:
        if not connection.in_atomic_block:
            connection.close_if_unusable_or_obsolete()
        referenced = set(PublishedDocument.objects.filter(file__in=names).values_list("file", flat=True))
    except DatabaseError:
        log.warning("publication failed and the database cannot say whether it committed; files kept for "
                    "cleanup_media: %s", names)
        return
    for name in names:
        if name not in referenced:
            default_storage.delete(name)


def stored_document(report: Report, fmt: str) -> PublishedDocument | None:
    """The file stored when the revision was published (None for drafts and for formats not stored)."""
    if report.state != Report.State.PUBLISHED:
        return None
    return PublishedDocument.objects.filter(report=report, format=fmt).first()


def documents_backfill(report: Report, formats=tuple(Format.values)) -> list[str]:
    """Store the files a published revision lacks (revisions published before a format was stored)."""
    have = set(report.documents.values_list("format", flat=True))
    missing = [fmt for fmt in formats if fmt not in have]
    if missing:
        files = publication_files(report, missing)
        with files_kept_only_if_committed() as written, transaction.atomic():
            documents_store(report, files, written)
    return missing


def publication_in_progress(report: Report):
    """The publication job of the report that is queued or running, if any."""
    return report.jobs.filter(kind=Job.Kind.PUBLISH, state__in=[Job.State.QUEUED, Job.State.RUNNING]).first()


def report_publish(*, report: Report, by, within=None) -> Report:
    """Publish an approved revision with its official files and figures, all or nothing.

    The files are rendered first, without holding the report's lock; `within(locked)` runs in the publication's
    transaction (a background job records its success there, so that it is never published twice)."""
    workflow.refusal(Report.objects.get(pk=report.pk), by, Action.PUBLISH)
    files = publication_files(report)

    def store(locked):
        _publication_store(locked, files, written)
        if within:
            within(locked)

    with files_kept_only_if_committed() as written:
        return workflow.transition(report, by, Action.PUBLISH, then=store)


def _publication_store(report: Report, files: list[RenderedFile], written: list[str]) -> None:
    """What a publication stores beside the revision's state (inside its transaction): its files and figures; once
    committed, the public pages and whatever keeps figures over published reports learn of it."""
    documents_store(report, files, written)
    figures_store(report)
    transaction.on_commit(public_pages_changed)
    for hook in callables("REPORT_PUBLISHED_HOOKS"):  # e.g. the bureau's consolidated totals, kept up to date
        transaction.on_commit(partial(hook, report), robust=True)


def historical_publish(report: Report, *, name: str, content: bytes, by) -> Report:
    """A report published before the system, just imported from its file into a new draft (`import_historical`),
    published as it is: marked 历史导入, its source file kept with its hash, its official files and figures stored as
    at any publication. No review: the document was published already; its findings are the bureau's to read."""
    ensure_draft(report)
    Report.objects.filter(pk=report.pk).update(origin=Report.Origin.HISTORICAL)  # as its files will say
    files = publication_files(report)
    with files_kept_only_if_committed() as written, transaction.atomic():
        locked = Report.objects.select_for_update().get(pk=report.pk)
        source = SourceDocument(report=locked, name=name[:255], sha256=PublishedDocument.digest(content),
                                size=len(content), imported_by=by)
        stored_name = f"{source.sha256[:16]}{Path(name).suffix.lower()[:10]}"  # the name as sent is kept in `name`
        source.file.save(stored_name, ContentFile(content), save=False)
        written.append(source.file.name)
        source.save()
        locked.state, locked.published_at = Report.State.PUBLISHED, timezone.now()
        locked.save(update_fields=["state", "published_at", "updated_at"])
        record(report=locked, by=by, action=Action.PUBLISH, from_state=Report.State.DRAFT,
               to_state=Report.State.PUBLISHED, target=f"历史导入 {name}", new=f"SHA-256 {source.sha256}")
        _publication_store(locked, files, written)
    return locked


def publication_start(report: Report, by):
    """A reviewer's 公开: refused at once when the report cannot be published (or is being published), otherwise
    a background job that renders, stores and publishes it."""
    with transaction.atomic():
        locked = Report.objects.select_for_update().get(pk=report.pk)
        workflow.refusal(locked, by, Action.PUBLISH)
        if publication_in_progress(locked):
            raise workflow.TransitionRefused("这份决算正在公开中，请稍候查看结果。")
        job = job_create(Job.Kind.PUBLISH, by=by, report=locked, total=2)
    dispatch(job)
    job.refresh_from_db()
    return job


def publish_job(job) -> None:
    """The background job of a reviewer's 公开: published, with its files, exactly once."""
    job_progress(job, 1, 2, "正在生成 PDF 和 Excel 工作簿并保存")
    report_publish(report=job.report, by=job.created_by,
                            within=lambda locked: job_succeed(job, {"revision": locked.revision}))
