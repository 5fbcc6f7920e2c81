"""The accountant's import of a file in two steps: the file uploaded is checked and previewed, and kept (in the
storage, under a random token named in their session) until they confirm it; confirming imports the kept file and
forgets it, as a new upload replaces it."""
import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from apps.documents.interchange.files import import_file
from apps.documents.interchange.importing import ImportOutcome
from apps.reports.models import Report

SESSION_KEY = "pending_import"


def _path(token: str) -> str:
    return f"imports/{token}"


def import_preview(*, session, report: Report, name: str, content: bytes, by) -> ImportOutcome:
    """Check an uploaded file against the draft and list what it would change; a file without errors is kept for
    `import_confirm` (replacing any file kept before)."""
    outcome = import_file(report=report, name=name, content=content, confirm=False, by=by)
    if not outcome.errors:
        pending_forget(session)
        token = uuid.uuid4().hex
        default_storage.save(_path(token), ContentFile(content))
        session[SESSION_KEY] = {"token": token, "name": name[:200], "report": report.pk}
    return outcome


def import_confirm(*, session, report: Report, by) -> tuple[str, ImportOutcome] | None:
    """Import the file kept for this report (its name and the outcome); None when none is kept (never previewed,
    another report's, already imported)."""
    pending = session.get(SESSION_KEY) or {}
    if pending.get("report") != report.pk or not default_storage.exists(_path(pending.get("token", ""))):
        return None
    with default_storage.open(_path(pending["token"])) as stored:
        content = stored.read()
    outcome = import_file(report=report, name=pending["name"], content=content, confirm=True, by=by)
    pending_forget(session)
    return pending["name"], outcome


def pending_forget(session) -> None:
    """Drop the file waiting for confirmation."""
    pending = session.pop(SESSION_KEY, None)
    if pending:
        default_storage.delete(_path(pending["token"]))
