"""Importing files whose target is named inside them (a workbook's 封面, a JSON document's department and year):
one file by the command line, many at once by a finance bureau (a folder or a zip of workbooks).

Each file is imported in its own transaction: a bad file writes nothing (not even the draft created for it) and
does not stop the others. A finance bureau imports only into departments under it, and only into drafts; or, as
历史导入 (`import_historical`), a report its department published before the system, for a year before the bureau's
first one in the system, published at once as printed.
"""
import io
import logging
import re
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Min
from django.utils import timezone

from apps.accounts.models import Organisation
from apps.documents.interchange.document import Problem
from apps.documents.interchange.files import import_file, read_json
from apps.documents.interchange.importing import ImportOutcome
from apps.documents.interchange.schema import FISCAL_YEARS
from apps.documents.interchange.workbook import COVER, MAX_UPLOAD_BYTES, WorkbookRefused, open_workbook, too_large
from apps.jobs.models import Job
from apps.jobs.services import job_progress, job_succeed
from apps.portal.services.publication import historical_publish
from apps.reports.errors import Refused, TransitionRefused, message_of
from apps.reports.models import Report
from apps.reports.money import Unit
from apps.reports.rules import Severity
from apps.reports.selectors import ReportNotFound, report_at
from apps.reports.services.reports import report_create

log = logging.getLogger(__name__)

MAX_BULK_UPLOAD_BYTES = 200 * 1024 * 1024  # a zip of a region's workbooks (each about 60 KB)
MAX_FILES = 500
MAX_ARCHIVE_UNPACKED = 500 * 1024 * 1024
SUFFIXES = (".xlsx", ".json")


class FileRefused(Refused):
    """One file of a bulk import is not imported (the problem says where and why)."""

    code = "file_refused"

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


@dataclass
class FileResult:
    name: str
    report: Report | None = None
    created: bool = False
    outcome: ImportOutcome = field(default_factory=ImportOutcome)

    @property
    def ok(self) -> bool:
        return self.outcome.written


def address_in(name: str, content: bytes, department: str | None = None,
               year: int | None = None) -> tuple[str, int, str]:
    """(department code, fiscal year, unit) named by a file; given values win over the file's."""
    if PurePath(name).suffix.lower() == ".json":
        data, problems = read_json(content)
        if problems:
            raise FileRefused(problems[0])
        named = data if isinstance(data, dict) else {}
        owner = named.get("department")
        department = department or (owner.get("code") if isinstance(owner, dict) else None)
        year, unit = year or named.get("fiscal_year"), named.get("unit", Unit.WAN_YUAN)
        if not (isinstance(department, str) and type(year) is int and year in FISCAL_YEARS and isinstance(unit, str)):
            raise FileRefused(Problem("文件", "无法从文件读出部门和年度，不是本系统导出的 JSON。"))
        return department, year, unit
    try:
        book = open_workbook(content)
    except WorkbookRefused as refused:
        raise FileRefused(refused.problem) from None
    found = {}
    if COVER in book.sheetnames:
        found = {book[COVER].cell(r, 1).value: book[COVER].cell(r, 2).value for r in range(1, 20)}
    department = department or found.get("部门编码")
    written = str(found.get("年度", ""))
    year = year or (int(written) if re.fullmatch("[0-9]{4}", written) else None)
    if not department or year not in FISCAL_YEARS:
        raise FileRefused(Problem(f"{COVER}!B4", "工作簿的封面没有写明部门编码和年度，无法确定导入到哪份决算。"))
    units = {label: value for value, label in Unit.choices}
    return str(department), year, units.get(found.get("金额单位"), Unit.WAN_YUAN)


def import_target(department: str, year: int, unit: str, *, by, bureau: Organisation | None = None
                  ) -> tuple[Report, bool]:
    """The report's latest revision, or a new empty draft (True) created by `by` when the department has none for
    the year."""
    organisation = Organisation.objects.filter(code=department, kind=Organisation.Kind.DEPARTMENT).first()
    if organisation is None:
        raise FileRefused(Problem("部门编码", f"没有部门编码为 {department} 的部门。"))
    if bureau is not None and organisation.parent_id != bureau.pk:
        raise FileRefused(Problem("部门编码", f"{organisation.name}（{department}）不属于{bureau.name}。"))
    try:
        return report_at(department, year), False
    except ReportNotFound:
        try:
            return report_create(department=organisation, fiscal_year=year, unit=unit, by=by), True
        except ValidationError as exc:
            raise FileRefused(Problem("年度", exc.messages[0])) from None


def import_one(name: str, content: bytes, *, by, bureau=None, confirm: bool = True,
               department: str | None = None, year: int | None = None) -> FileResult:
    """Import one file into the report it names; nothing is kept when it fails (nor when only previewing)."""
    result = FileResult(name)
    try:
        with transaction.atomic():
            address = address_in(name, content, department, year)
            result.report, result.created = import_target(*address, by=by, bureau=bureau)
            result.outcome = import_file(report=result.report, name=name, content=content, confirm=confirm, by=by)
            if not result.outcome.written:
                raise _Undo
    except FileRefused as refused:
        result.outcome = ImportOutcome(problems=[refused.problem])
    except TransitionRefused as refused:
        result.outcome = ImportOutcome(problems=[Problem("决算状态", message_of(refused))])
    except _Undo:
        pass
    return result


def historical_year_refusal(department: Organisation, year: int) -> str:
    """Why `year` cannot be loaded as history for `department` ("" when it can): history is what was published
    before the system, so only years before the first one its finance bureau's departments enter in the system
    (and, before any, years already over); a later year is entered, reviewed and published here."""
    under = Report.objects.exclude(origin=Report.Origin.HISTORICAL)
    under = under.filter(department__parent=department.parent) if department.parent_id else under.filter(
        department=department)
    first = under.aggregate(first=Min("fiscal_year"))["first"]
    if first is not None and year >= first:
        owner = department.parent.name if department.parent_id else department.name
        return (f"历史导入只用于本系统启用前已公开的年度：{owner}从 {first} 年度起在本系统填报，{year} 年度的决算须在"
                f"本系统填报、审核后公开。")
    if year >= timezone.now().year:
        return f"{year} 年度尚未结束，没有已公开的决算可以历史导入。"
    return ""


def import_historical(name: str, content: bytes, *, by, bureau=None, department: str | None = None,
                      year: int | None = None) -> FileResult:
    """Load a report published before the system (an earlier year) from its file, as a published revision marked
    历史导入: every printed figure kept as printed (each difference a finding for the bureau to read, blocking
    nothing), the file kept with its hash. Only for a year the department has no report of; nothing is kept when
    the file cannot be read."""
    result = FileResult(name)
    try:
        with transaction.atomic():
            code, year, unit = address_in(name, content, department, year)
            owner = Organisation.objects.filter(code=code, kind=Organisation.Kind.DEPARTMENT).first()
            if owner is not None and (bureau is None or owner.parent_id == bureau.pk):
                if refusal := historical_year_refusal(owner, year):
                    raise FileRefused(Problem("年度", refusal))
            result.report, result.created = import_target(code, year, unit, by=by, bureau=bureau)
            if not result.created:
                existing = result.report
                raise FileRefused(Problem("年度", f"{existing.department.name} {year} 年度已有决算（{existing}，"
                                                f"{existing.get_state_display()}），历史导入只用于系统中没有的年度"
                                                f"{'；要改正已公开的决算，请发起更正' if existing.state == Report.State.PUBLISHED else ''}。"))
            result.outcome = import_file(report=result.report, name=name, content=content, confirm=True, by=by,
                                         as_published=True)
            if not result.outcome.written:
                raise _Undo
            result.report = historical_publish(result.report, name=name, content=content, by=by)
    except FileRefused as refused:
        result.outcome = ImportOutcome(problems=[refused.problem])
    except _Undo:
        pass
    return result


class _Undo(Exception):
    """Rolls back the draft created for a file that was not imported."""


def files_in_zip(content: bytes) -> Iterator[tuple[str, bytes | Problem]]:
    """The files in a zip, bounded (count, sizes: a member above the upload limit is not read);
    FileRefused when it is not a sound zip."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except (zipfile.BadZipFile, ValueError, EOFError):  # ValueError: a member name that is not UTF-8
        raise FileRefused(Problem("文件", "不是 zip 压缩包。")) from None
    members = [info for info in archive.infolist() if not info.is_dir()
               and not PurePath(info.filename).name.startswith(".") and "__MACOSX" not in info.filename]
    if len(members) > MAX_FILES or sum(info.file_size for info in members) > MAX_ARCHIVE_UNPACKED:
        raise FileRefused(Problem("文件", f"压缩包内文件过多或解压后过大（上限 {MAX_FILES} 个文件、"
                                        f"{MAX_ARCHIVE_UNPACKED // 1024 // 1024} MB），疑似压缩炸弹，已拒绝。"))
    for info in sorted(members, key=lambda i: i.filename):
        name = PurePath(info.filename).name
        yield name, _member(archive, info) if info.file_size <= MAX_UPLOAD_BYTES else too_large(info.file_size)


def _member(archive, info) -> bytes | Problem:
    try:
        return archive.read(info)
    except (RuntimeError, NotImplementedError, zipfile.BadZipFile, EOFError, zlib.error):  # encrypted, unknown method…
        return Problem("文件", "无法解压这个文件（已加密、已损坏或压缩方式不受支持）。")


def upload_files(name: str, content: bytes) -> Iterator[tuple[str, bytes | Problem]]:
    """The files of one upload: a zip opened into its files (or the reason it cannot be), any other file as is."""
    if name.lower().endswith(".zip"):
        try:
            yield from files_in_zip(content)
        except FileRefused as refused:
            yield name, refused.problem
    else:
        yield name, content if len(content) <= MAX_UPLOAD_BYTES else too_large(len(content))


def bulk_import(files: Iterable[tuple[str, bytes | Problem]], *, by, bureau=None,
                historical: bool = False) -> Iterator[FileResult]:
    """Import every .xlsx/.json file, one after the other (into drafts, or `historical`: as published reports of
    earlier years, `import_historical`); other files, and files not read, are listed."""
    importer = import_historical if historical else import_one
    for name, content in files:
        if isinstance(content, Problem):
            yield FileResult(name, outcome=ImportOutcome(problems=[content]))
        elif PurePath(name).suffix.lower() not in SUFFIXES:
            yield FileResult(name, outcome=ImportOutcome(problems=[Problem("文件", "不是 .xlsx 或 .json 文件，已跳过。")]))
        else:
            try:
                yield importer(name, content, by=by, bureau=bureau)
            except Exception:  # one file's fault (its transaction is rolled back) never stops the others
                log.exception("bulk import of %s failed", name)
                yield FileResult(name, outcome=ImportOutcome(problems=[Problem(
                    "文件", "导入时发生内部错误，没有写入任何数据；错误已记录，请联系系统管理员。")]))


MAX_LISTED_FINDINGS = 200  # a file's findings beyond 提示 kept on its line (all of them, for a real document)


def result_line(result: FileResult) -> dict:
    """A file's result as the job keeps it (and its page shows it)."""
    problems = result.outcome.problems
    findings = [f for f in result.outcome.findings if f.severity != Severity.INFO]
    return {"name": result.name, "ok": result.ok, "created": result.created,
            "historical": result.ok and result.report.historical,
            "department": result.report.department.code if result.ok else "",
            "year": result.report.fiscal_year if result.ok else None,
            "findings": [{"code": f.code, "severity": Severity(f.severity).label, "message": f.message}
                         for f in findings[:MAX_LISTED_FINDINGS]],
            "more_findings": max(len(findings) - MAX_LISTED_FINDINGS, 0),
            "report": str(result.report) if result.ok else "", "address": result.report.address if result.ok else "",
            "changes": len(result.outcome.changes), "rule_errors": len(result.outcome.rule_errors),
            "problems": [{"where": p.where, "message": p.message} for p in problems[:10]],
            "more_problems": max(len(problems) - 10, 0)}


def bulk_import_job(job) -> None:
    """The background job of a finance bureau's bulk import: its uploads (kept in storage by the page) one after
    the other, a line per file. A job tried again after its worker died goes on after the last finished upload."""
    uploads = job.params["uploads"]
    lines, done = list(job.result.get("files", [])), job.result.get("uploads_done", 0)
    for index in range(done, len(uploads)):
        upload = uploads[index]
        job_progress(job, index, len(uploads), f"正在导入 {upload['name']}")
        with default_storage.open(upload["path"], "rb") as file:
            content = file.read()
        lines += [result_line(r) for r in bulk_import(upload_files(upload["name"], content), by=job.created_by,
                                                       bureau=job.organisation,
                                                       historical=job.params.get("historical", False))]
        job.result = {"files": lines, "uploads_done": index + 1}
        Job.objects.filter(pk=job.pk).update(result=job.result)
    imported = sum(line["ok"] for line in lines)
    with transaction.atomic():
        job_succeed(job, {"files": lines, "uploads_done": len(uploads), "imported": imported,
                          "refused": len(lines) - imported})
    for upload in uploads:
        default_storage.delete(upload["path"])
