"""Every refusal of the product is a `Refused` with a stable code; what the user reads comes from `message_of`."""
import ast
from pathlib import Path

import pytest

from apps.bureau.services.bulk_import import FileRefused
from apps.documents.interchange.catalogue_files import CatalogueRefused
from apps.documents.interchange.document import Problem
from apps.documents.interchange.workbook import WorkbookRefused
from apps.jobs.models import Job
from apps.jobs.services import JobRefused, job_start
from apps.reports.errors import Refused, TransitionRefused, message_of
from apps.reports.selectors import ReportNotFound, report_at
from apps.reports.stored_cells import CellNotTyped
from tests.helpers import user

APPS = Path(__file__).resolve().parents[2] / "apps"

REFUSALS = {TransitionRefused: "transition_refused", JobRefused: "job_refused", WorkbookRefused: "workbook_refused",
            FileRefused: "file_refused", CellNotTyped: "cell_not_typed", ReportNotFound: "report_not_found",
            CatalogueRefused: "catalogue_refused"}

# Exception classes of the product that are not refusals, and why.
NOT_REFUSALS = {
    "FontsMissing": "an installation fault (the print fonts are not installed), not a step the product refuses",
    "_Undo": "control flow: a dry run's transaction is rolled back",
    "_Rollback": "control flow: an import with problems is rolled back",
    "EditionError": "an installation fault (an edition file shipped with the product is wrong), found by the tests",
    "SentenceError": "an installation fault (an edition's sentence template names a slot its section lacks), found "
                     "by the tests; a template that does not compile is an EditionError",
    "DemoRefused": "an installation fault (the shipped 上海 demo file does not import), found by the tests",
}


def exception_classes():
    """(module, class) for every class of the product that derives from an exception or a refusal."""
    for path in sorted(APPS.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and any(
                    (getattr(base, "id", "") or getattr(base, "attr", "")).endswith(("Exception", "Error", "Refused"))
                    for base in node.bases):
                yield path.relative_to(APPS).as_posix(), node.name


def test_every_exception_class_of_the_product_is_a_refusal_or_says_why_not():
    names = {name for _, name in exception_classes()}
    assert names - set(NOT_REFUSALS) == {cls.__name__ for cls in REFUSALS} | {"Refused"}
    assert set(NOT_REFUSALS) <= names


@pytest.mark.parametrize("refusal, code", REFUSALS.items(), ids=lambda value: getattr(value, "__name__", value))
def test_each_refusal_has_its_own_stable_code(refusal, code):
    assert issubclass(refusal, Refused) and refusal.code == code
    assert len(set(REFUSALS.values()) | {Refused.code}) == len(REFUSALS) + 1


def test_the_refusals_are_still_caught_as_before(db):
    with pytest.raises(LookupError, match="没有找到部门决算 nowhere/2021"):
        report_at("nowhere", 2021)
    assert issubclass(CellNotTyped, ValueError)


def test_message_of_says_why_or_what_the_code_means():
    assert message_of(TransitionRefused("这份决算当前为“草稿”，不能公开。")) == "这份决算当前为“草稿”，不能公开。"
    assert message_of(WorkbookRefused(Problem("文件", "文件是空的。"))) == str(Problem("文件", "文件是空的。"))
    assert message_of(TransitionRefused()) == "这份决算当前不能执行此操作，请刷新页面后重试。"
    assert message_of(JobRefused()) == "无法执行此操作。"


def test_a_job_fails_at_once_on_any_refusal(demo_report, media, monkeypatch, settings):
    def refusing(job):
        raise ReportNotFound("没有找到部门决算 410882-zwfw/2020")

    monkeypatch.setitem(settings.JOB_HANDLERS, Job.Kind.CONSOLIDATED, "tests.reports.test_refusals.REFUSING")
    monkeypatch.setattr("tests.reports.test_refusals.REFUSING", refusing, raising=False)
    job = job_start(Job.Kind.CONSOLIDATED, by=user("guanli"), fiscal_year=2021,
                    organisation=demo_report.department.parent)
    job.refresh_from_db()
    assert (job.state, job.attempts, job.error) == (Job.State.FAILED, 1, "没有找到部门决算 410882-zwfw/2020")
