"""The finance bureau's background jobs started from its pages: a bulk import of the files uploaded (kept in the
storage for the job), the consolidated workbook of a year."""
import uuid

from django.core.files.storage import default_storage

from apps.jobs.models import Job
from apps.jobs.services import job_start


def bulk_import_start(*, bureau, uploads, by, historical: bool = False) -> Job:
    """Keep the uploaded files and import them in the background (`bulk_import.bulk_import_job`), a line per file;
    `historical`: published reports of earlier years (历史导入)."""
    folder = f"imports/bulk/{uuid.uuid4().hex}"
    stored = [{"name": upload.name[:200], "path": default_storage.save(f"{folder}/{number:03d}.upload", upload)}
              for number, upload in enumerate(uploads, 1)]
    return job_start(Job.Kind.BULK_IMPORT, by=by, organisation=bureau, params={"uploads": stored, "historical": historical},
                     total=len(stored))


def consolidated_workbook_start(*, bureau, year: int, by) -> Job:
    """Make the consolidated workbook of the bureau's year in the background; its job's page offers it."""
    return job_start(Job.Kind.CONSOLIDATED, by=by, organisation=bureau, fiscal_year=year, total=1)
