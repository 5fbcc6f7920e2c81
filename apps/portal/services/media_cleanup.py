"""Stored files that nothing needs any more: previews of imports never confirmed, uploads of bulk imports whose job
is over, files of publications that did not commit, and job results past their keeping time.

Walks the storage (file system or S3) through Django's storage API; a file is removed only when it is older than
its grace period, so a publication or an import in progress is never touched."""
from dataclasses import dataclass, field
from datetime import timedelta

from django.core.files.storage import default_storage
from django.utils import timezone

from apps.jobs.models import Job
from apps.reports.models import PublishedDocument

PREVIEW_GRACE = timedelta(days=1)
PUBLICATION_GRACE = timedelta(hours=1)
JOB_RESULT_KEEP = timedelta(days=30)


@dataclass
class Cleanup:
    removed: list[str] = field(default_factory=list)
    kept: int = 0


def _files(folder: str):
    try:
        folders, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{folder}/{name}"
    for sub in folders:
        yield from _files(f"{folder}/{sub}")


def _older_than(name: str, age: timedelta, now) -> bool:
    return default_storage.get_modified_time(name) < now - age


def media_cleanup(*, dry_run: bool = False, now=None) -> Cleanup:
    now = now or timezone.now()
    result = Cleanup()
    published = set(PublishedDocument.objects.values_list("file", flat=True))
    running_uploads = {upload["path"] for params in Job.objects.filter(
        kind=Job.Kind.BULK_IMPORT, state__in=[Job.State.QUEUED, Job.State.RUNNING]).values_list("params", flat=True)
        for upload in params.get("uploads", [])}
    kept_results = set(Job.objects.filter(finished_at__gte=now - JOB_RESULT_KEEP).exclude(result_file="")
                       .values_list("result_file", flat=True))
    candidates = [(name, PUBLICATION_GRACE) for name in _files("published") if name not in published]
    candidates += [(name, PREVIEW_GRACE) for name in _files("imports") if name not in running_uploads]
    candidates += [(name, JOB_RESULT_KEEP) for name in _files("jobs") if name not in kept_results]
    for name, grace in candidates:
        if _older_than(name, grace, now):
            result.removed.append(name)
            if not dry_run:
                default_storage.delete(name)
        else:
            result.kept += 1
    if not dry_run:
        Job.objects.filter(result_file__in=result.removed).update(result_file="")
    return result
