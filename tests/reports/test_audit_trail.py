"""The audit trail is complete (issue 17): every service that changes a report records an event with the real actor,
old → new (an import: one event per changed value, after its summary line), and moves the report's `data_version`,
on which the bureau's cached rule summaries are keyed.

The services are discovered, not listed by hand: every public function of a services module is either a case of
`CASES` (a call that changes data, its actor and the action expected) or named in `NO_REPORT_DATA` with the reason
it changes no report data. A new service fails `test_every_service_is_a_case_or_changes_no_report_data` until it is
put in one of the two.
"""
import inspect
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from hashlib import sha256
from importlib import import_module
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from apps.accounts.models import Organisation
from apps.bureau.services import bulk_import as bulk
from apps.bureau.services.check_summaries import check_summaries
from apps.bureau.services.drafts import draft_settings_change
from apps.documents.interchange.document import export_document
from apps.documents.interchange.files import import_file
from apps.documents.interchange.importing import document_import
from apps.documents.interchange.workbook import write_workbook
from apps.entry import services as entry
from apps.entry.forms import OverviewForm
from apps.jobs.models import Job
from apps.jobs.services import job_create
from apps.performance.demo import DEMO_EXPLANATIONS
from apps.performance.forms import stored_input  # the sheet as its form shows it (what a save starts from)
from apps.performance.models import EvaluationSheet
from apps.performance.services import sheet_create, sheet_save
from apps.portal.services import publication
from apps.reports.layouts import TableCode
from apps.reports.models import Report, ReportEvent, WarningExplanation
from apps.reports.money import Unit
from apps.reports.rules import check_report
from apps.reports.services.demo import load_demo_report
from apps.reports.services.reports import report_create, total_pin
from apps.reports.snapshot import load_snapshot
from apps.workflow import services as workflow
from tests.helpers import accept_explanations, approve, open_years_from, publish, user
from tests.interchange.bad_uploads import edited, set_cell

ROOT = Path(__file__).resolve().parents[2]
SERVICE_MODULES = sorted({*ROOT.glob("apps/*/services.py"), *ROOT.glob("apps/*/services/*.py"),
                          ROOT / "apps/documents/interchange/importing.py", ROOT / "apps/documents/interchange/files.py"})
Action = ReportEvent.Action


def public_functions() -> set[str]:
    """Every function defined (not imported) in a services module whose name does not start with “_”."""
    found = set()
    for path in SERVICE_MODULES:
        module = import_module(".".join(path.relative_to(ROOT).with_suffix("").parts))
        found |= {f"{module.__name__}.{name}" for name, function in inspect.getmembers(module, inspect.isfunction)
                  if function.__module__ == module.__name__ and not name.startswith("_")}
    return found


# --- what a case starts from ---------------------------------------------------------------------------------


def submitted(report):
    return workflow.report_submit(report=report, by=user("kuaiji"))


def explanations_accepted(report):
    report = submitted(report)
    accept_explanations(report.warning_explanations.all())
    return report


def approved(report):
    return approve(submitted(report))


def audit_office(report):
    Organisation.objects.create(code="410882-sjj", name="沁阳市审计局", kind="department",
                                region=report.department.region, parent=report.department.parent)
    return report


# --- the calls -------------------------------------------------------------------------------------------------

CELL = ("公开03表 2010306 基本支出", "102.58", "103.58")


def changed_workbook(report) -> bytes:
    return edited(write_workbook(report), set_cell("公开03表", "2010306", 4, 103.58))


def cell_saved(report, by):
    layout = load_snapshot(report).layouts[TableCode.EXPENDITURE]
    result = entry.table_save(report=report, table=TableCode.EXPENDITURE, layout=layout, by=by,
                              values={("2010306", "basic"): Decimal("1035800")},
                              seen={("2010306", "basic"): Decimal("1025800")})
    assert result.ok


def overview_saved(report, by):
    form = OverviewForm({"duties": "新职责", "organisation": "机构", "composition": "本级"}, instance=report.overview)
    assert form.is_valid()
    entry.section_save(report=report, form=form, by=by)


def explanation_changed(report, by):
    explanation = WarningExplanation.objects.get(report=report, code="P-09")
    entry.warning_explanations_save(report=report, texts={("P-09", explanation.signature): "新的说明"}, by=by)


def first_score(report):
    """The first scored row of the first project sheet: its place in the trail and its score."""
    sheet = EvaluationSheet.objects.get(report=report, order=2)
    row = stored_input(sheet, report.unit).rows[0]
    return sheet, f"三级指标“{row['level1']}／{row['level2']}／{row['name']}” 得分", Decimal(row["score"])


def score_lowered(report, by):
    sheet, _, score = first_score(report)
    data = stored_input(sheet, report.unit)
    data.rows[0]["score"] = str(score - 1)
    assert sheet_save(report=report, sheet=sheet, data=data, by=by), data.errors


def score_lowered_changes(report):
    sheet, place, score = first_score(report)
    total = sheet.total_score.normalize()
    return [(f"{sheet.title}：{place}", f"{score:f}", f"{score - 1:f}"),
            (f"{sheet.title}：总分", f"{total:f}", f"{total - 1:f}")]


def document_imported(report, by):
    document = export_document(report)
    document["tables"]["expenditure"]["2010306"]["basic"] = "103.58"
    document["overview"]["duties"] = "新职责"
    assert document_import(report=report, data=document, confirm=True, by=by, source="文件 d.json").written


def bulk_job_run(report, by):
    path = default_storage.save("imports/bulk/test/001.upload", ContentFile(changed_workbook(report)))
    job = job_create(Job.Kind.BULK_IMPORT, by=by, organisation=report.department.parent, total=1,
                     params={"uploads": [{"name": "政务服务.xlsx", "path": path}]})
    bulk.bulk_import_job(job)
    assert Job.objects.get(pk=job.pk).result["imported"] == 1


def publish_job_run(report, by):
    publication.publish_job(job_create(Job.Kind.PUBLISH, by=by, report=report, total=2))


def bulk_imported(report, by):
    assert all(r.ok for r in bulk.bulk_import([("政务服务.xlsx", changed_workbook(report))], by=by,
                                              bureau=report.department.parent))


def historical_imported(report, by):
    """The demo's document loaded as 审计局's 2020 report, published before the system (历史导入)."""
    open_years_from(2021, [2020])
    document = {**export_document(report), "department": {"code": "410882-sjj", "name": "沁阳市审计局"},
                "fiscal_year": 2020}
    result = bulk.import_historical("2020.json", json.dumps(document).encode(), by=by, bureau=report.department.parent)
    assert result.ok, [str(p) for p in result.outcome.problems]
    return result.report


@dataclass
class Case:
    service: str  # module.function
    actor: str  # kuaiji (accountant), shenhe (reviewer), guanli (administrator)
    action: str
    call: Callable  # (report, actor) → the report whose trail shows the change (None: the report given)
    prepare: Callable = lambda report: report  # the state the call starts from (not part of what is checked)
    expected: Callable = lambda report: []  # (report, before the call) → (target, old, new) the trail must show
    exact: bool = False  # the trail shows exactly `expected` (an import: one event per change and the summary)
    id: str = field(init=False)

    def __post_init__(self):
        self.id = self.service.rsplit(".", 1)[1]


IMPORTED_WORKBOOK = [("导入文件 政务服务.xlsx", "", "1 处变化"), CELL]
CASES = [
    Case("apps.entry.services.table_save", "kuaiji", Action.EDIT, cell_saved, expected=lambda r: [CELL]),
    Case("apps.entry.services.table_note_save", "kuaiji", Action.EDIT,
         lambda r, by: entry.table_note_save(report=r, table=TableCode.EXPENDITURE, text="本表说明", by=by),
         expected=lambda r: [("公开03表 表下说明", "", "本表说明")]),
    Case("apps.entry.services.warning_explanations_save", "kuaiji", Action.EDIT, explanation_changed,
         expected=lambda r: [("P-09 警告说明", DEMO_EXPLANATIONS["P-09"], "新的说明")], exact=True),
    Case("apps.entry.services.section_save", "kuaiji", Action.EDIT, overview_saved,
         expected=lambda r: [("概况：部门职责", r.overview.duties, "新职责")]),
    Case("apps.performance.services.sheet_save", "kuaiji", Action.EDIT, score_lowered,
         expected=score_lowered_changes, exact=True),
    Case("apps.performance.services.sheet_create", "kuaiji", Action.EDIT,
         lambda r, by: sheet_create(report=r, by=by), expected=lambda r: [("新增项目支出绩效自评表", "", "")]),
    Case("apps.reports.services.reports.total_pin", "kuaiji", Action.EDIT,
         lambda r, by: total_pin(report=r, table=TableCode.SUMMARY, row="income.total", column="amount",
                                 value=Decimal("214.45"), by=by),  # the computed sum: the approved 214.46 unpinned
         expected=lambda r: [("公开01表 第31行“总 计” 第1栏“金额”（尾数调整）", "214.46", "214.45")], exact=True),
    Case("apps.reports.services.reports.report_create", "kuaiji", Action.CREATE,
         lambda r, by: report_create(department=Organisation.objects.get(code="410882-sjj"), fiscal_year=2021,
                                     unit=Unit.WAN_YUAN, by=by), prepare=audit_office,
         expected=lambda r: [("2021 年度决算（万元）", "", "")], exact=True),
    Case("apps.reports.services.demo.load_demo_report", "guanli", Action.EDIT,
         lambda r, by: load_demo_report(by=by), expected=lambda r: [("载入演示数据", "", "")], exact=True),
    Case("apps.documents.interchange.importing.document_import", "kuaiji", Action.EDIT, document_imported,
         expected=lambda r: [("导入文件 d.json", "", "2 处变化"), CELL, ("部门概况 部门职责", r.overview.duties, "新职责")],
         exact=True),
    Case("apps.documents.interchange.files.import_file", "kuaiji", Action.EDIT,
         lambda r, by: import_file(report=r, name="政务服务.xlsx", content=changed_workbook(r), confirm=True, by=by),
         expected=lambda r: IMPORTED_WORKBOOK, exact=True),
    Case("apps.bureau.services.bulk_import.import_one", "guanli", Action.EDIT,
         lambda r, by: bulk.import_one("政务服务.xlsx", changed_workbook(r), by=by, bureau=r.department.parent),
         expected=lambda r: IMPORTED_WORKBOOK, exact=True),
    Case("apps.bureau.services.bulk_import.bulk_import", "guanli", Action.EDIT, bulk_imported,
         expected=lambda r: IMPORTED_WORKBOOK, exact=True),
    Case("apps.bureau.services.bulk_import.bulk_import_job", "guanli", Action.EDIT, bulk_job_run,
         expected=lambda r: IMPORTED_WORKBOOK, exact=True),
    Case("apps.bureau.services.bulk_import.import_target", "guanli", Action.CREATE,
         lambda r, by: bulk.import_target("410882-sjj", 2021, Unit.WAN_YUAN, by=by, bureau=r.department.parent)[0],
         prepare=audit_office),
    Case("apps.bureau.services.bulk_import.import_historical", "guanli", Action.PUBLISH, historical_imported,
         prepare=audit_office),
    Case("apps.portal.services.publication.historical_publish", "guanli", Action.PUBLISH,
         lambda r, by: publication.historical_publish(r, name="2021.json", content=b"{}", by=by),
         expected=lambda r: [("历史导入 2021.json", "", f"SHA-256 {sha256(b'{}').hexdigest()}")]),
    Case("apps.bureau.services.drafts.draft_settings_change", "guanli", Action.EDIT,
         lambda r, by: draft_settings_change(report=r, edition_key="shanghai-2024", summary_classes="24", by=by),
         expected=lambda r: [("公开模板版式", "河南 2021 年版（“三公”经费为公开07表）", "上海 2024 年版（区级部门）"),
                             ("公开01表/04表支出类数", "26 类", "24 类（不含债务还本支出、债务付息支出）")],
         exact=True),
    Case("apps.workflow.services.transition", "kuaiji", Action.SUBMIT,
         lambda r, by: workflow.transition(r, by, Action.SUBMIT)),
    Case("apps.workflow.services.report_submit", "kuaiji", Action.SUBMIT,
         lambda r, by: workflow.report_submit(report=r, by=by)),
    Case("apps.workflow.services.report_return", "shenhe", Action.RETURN,
         lambda r, by: workflow.report_return(report=r, by=by, comment="请核对公开03表"), prepare=submitted),
    Case("apps.workflow.services.report_approve", "shenhe", Action.APPROVE,
         lambda r, by: workflow.report_approve(report=r, by=by), prepare=explanations_accepted),
    Case("apps.workflow.services.explanation_judge", "shenhe", Action.JUDGE,
         lambda r, by: workflow.explanation_judge(explanation=r.warning_explanations.get(code="P-09"),
                                                  verdict="accepted", by=by),
         prepare=submitted, expected=lambda r: [("P-09 警告说明", "待审核", "认可")], exact=True),
    Case("apps.workflow.services.explanations_accept_all", "shenhe", Action.JUDGE,
         lambda r, by: workflow.explanations_accept_all(report=r, by=by),
         prepare=submitted, expected=lambda r: [("P-09 警告说明", "待审核", "认可")]),
    Case("apps.workflow.services.comment_add", "shenhe", Action.COMMENT,
         lambda r, by: workflow.comment_add(report=r, by=by, table=TableCode.EXPENDITURE, row="2010306",
                                            column="basic", where="公开03表 2010306", text="请核对"),
         prepare=submitted, expected=lambda r: [("公开03表 2010306", "", "请核对")], exact=True),
    Case("apps.workflow.services.report_start_correction", "kuaiji", Action.CORRECT,
         lambda r, by: workflow.report_start_correction(report=r, by=by, note="更正公开03表"), prepare=publish),
    Case("apps.portal.services.publication.report_publish", "shenhe", Action.PUBLISH,
         lambda r, by: publication.report_publish(report=r, by=by), prepare=approved),
    Case("apps.portal.services.publication.publication_start", "shenhe", Action.PUBLISH,
         lambda r, by: publication.publication_start(r, by).report, prepare=approved),
    Case("apps.portal.services.publication.publish_job", "shenhe", Action.PUBLISH, publish_job_run, prepare=approved),
]

# Public functions of the services modules that change no report data, and why.
NO_REPORT_DATA = {
    # The trail itself (every case above goes through it) and what it reads.
    "apps.reports.services.events.record", "apps.reports.services.events.record_changes",
    "apps.reports.services.events.form_changes", "apps.reports.services.events.ensure_draft",
    # A job's own record; the work of a job is the service of its app (bulk_import_job, publish_job are cases).
    "apps.jobs.services.job_start", "apps.jobs.services.job_create", "apps.jobs.services.dispatch",
    "apps.bureau.services.jobs.bulk_import_start", "apps.bureau.services.jobs.consolidated_workbook_start",
    "apps.jobs.services.job_run", "apps.jobs.services.job_progress", "apps.jobs.services.job_succeed",
    "apps.jobs.services.retryable", "apps.jobs.services.job_retry", "apps.jobs.services.jobs_visible_to",
    # Who may take a step, asked before the step (reads).
    "apps.workflow.services.submitter_of", "apps.workflow.services.own_submission", "apps.workflow.services.refusal",
    "apps.workflow.services.available_actions", "apps.workflow.services.withheld_by_four_eyes",
    "apps.workflow.services.require_available",
    # Reading uploads and describing results.
    "apps.bureau.services.bulk_import.address_in", "apps.bureau.services.bulk_import.files_in_zip",
    "apps.bureau.services.bulk_import.upload_files", "apps.bureau.services.bulk_import.result_line",
    "apps.bureau.services.bulk_import.historical_year_refusal",
    "apps.documents.interchange.files.export_file", "apps.documents.interchange.files.download_name",
    "apps.documents.interchange.files.read_json", "apps.documents.interchange.files.read_upload",
    # A cache of the rule engine's counts, keyed on data_version (written by reading a report).
    "apps.bureau.services.check_summaries.check_summaries",
    # What publication keeps of a published revision, whose data never changes again: its files and figures (inside
    # report_publish's transaction, or stored later for revisions published before a format was kept).
    "apps.portal.services.figures.lines_of",
    "apps.portal.services.figures.figures_store", "apps.portal.services.publication.publication_files",
    "apps.portal.services.publication.page_body", "apps.portal.services.publication.stored_page_body",
    "apps.portal.services.publication.documents_store", "apps.portal.services.publication.documents_backfill",
    "apps.portal.services.publication.files_kept_only_if_committed",
    "apps.portal.services.publication.stored_document", "apps.portal.services.publication.publication_in_progress",
    # Deleting a draft takes its trail with it; the deletion is recorded in the admin's log and, for a correction, in
    # the corrected revision's trail (tests/admin/test_drafts.py).
    "apps.bureau.services.drafts.draft_delete",
    # Stored files nothing refers to.
    "apps.portal.services.media_cleanup.media_cleanup",
    # The year's catalogues (no report's data) and the demo's seed.
    "apps.reports.services.catalogues.available_years", "apps.reports.services.catalogues.load_year",
    "apps.reports.services.catalogues.load_catalogues", "apps.reports.services.catalogues.catalogue_changes",
    "apps.reports.services.catalogues.catalogue_save", "apps.reports.services.catalogues.catalogue_copy",
    "apps.reports.services.catalogues.year_catalogues", "apps.reports.services.demo.read_seed",
    "apps.bureau.services.years.year_settings_save",
    "apps.reports.services.demo.wan", "apps.reports.services.demo.after_colon",
}


def test_every_service_is_a_case_or_changes_no_report_data():
    cases = {case.service for case in CASES}
    assert len(cases) == len(CASES) and not cases & NO_REPORT_DATA
    listed = cases | NO_REPORT_DATA
    found = public_functions()
    assert not found - listed, f"services neither in CASES nor in NO_REPORT_DATA: {sorted(found - listed)}"
    assert not listed - found, f"listed but no longer services: {sorted(listed - found)}"


@pytest.mark.parametrize("service", sorted(case.service for case in CASES))
def test_a_service_that_changes_data_is_told_who_acts(service):
    """The actor is a required argument (None only where nobody is logged in: a command), or the job's starter."""
    module, name = service.rsplit(".", 1)
    parameters = inspect.signature(getattr(import_module(module), name)).parameters
    by = parameters.get("by")
    assert list(parameters) == ["job"] or (by is not None and by.default is inspect.Parameter.empty)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_every_data_changing_service_records_an_event_with_its_actor(case, demo_report, media):
    report = case.prepare(demo_report)
    expected = case.expected(report)
    check_summaries(Report.objects.all())  # the dashboard has seen every report as it was
    last_event = ReportEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
    versions = dict(Report.objects.values_list("pk", "data_version"))
    actor = user(case.actor)

    changed = case.call(report, actor)
    changed = Report.objects.get(pk=(changed if isinstance(changed, Report) else report).pk)

    events = list(changed.events.filter(pk__gt=last_event))
    assert events, f"{case.service} recorded nothing"
    assert {event.actor_id for event in events} == {actor.pk}
    assert case.action in {event.action for event in events}
    trail = [(event.target, event.old_value, event.new_value) for event in events]
    assert (sorted(trail) == sorted(expected)) if case.exact else all(change in trail for change in expected), trail
    assert changed.data_version > versions.get(changed.pk, 0)
    summary = check_summaries(Report.objects.filter(pk=changed.pk))[changed.pk]
    result = check_report(changed)
    assert summary.data_version == changed.data_version
    assert (summary.errors, summary.warnings, summary.infos) == (len(result.errors), len(result.warnings),
                                                                 len(result.infos))


def test_an_import_records_each_change_old_to_new_after_its_summary_line(demo_report):
    document = export_document(demo_report)
    document["tables"]["expenditure"]["2010306"]["basic"] = "103.58"
    document["glossary"].append({"order": 99, "term": "新名词", "definition": "释义", "is_standard": False})
    added = f"名词解释 第{len(document['glossary'])}条"
    last_event = ReportEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
    outcome = document_import(report=demo_report, data=document, confirm=True, by=user("kuaiji"), source="文件 d.json")
    events = list(demo_report.events.filter(pk__gt=last_event))
    assert [(e.target, e.old_value, e.new_value) for e in events] == [
        ("导入文件 d.json", "", f"{len(outcome.changes)} 处变化"),
        *((c.where, "" if c.old is None else str(c.old), str(c.new)) for c in outcome.changes)]
    assert CELL in [(e.target, e.old_value, e.new_value) for e in events]
    assert (f"{added} 名词", "", "新名词") in [(e.target, e.old_value, e.new_value) for e in events]
    assert (f"{added} 标准名词", "", "否") in [(e.target, e.old_value, e.new_value) for e in events]


def test_a_preview_records_nothing_and_moves_no_version(demo_report):
    before = (ReportEvent.objects.count(), Report.objects.get(pk=demo_report.pk).data_version)
    document = export_document(demo_report)
    document["tables"]["expenditure"]["2010306"]["basic"] = "103.58"
    outcome = document_import(report=demo_report, data=document, confirm=False, by=user("kuaiji"))
    assert outcome.changes and not outcome.written
    assert (ReportEvent.objects.count(), Report.objects.get(pk=demo_report.pk).data_version) == before


# --- the dashboard's counts follow every write -------------------------------------------------------------------


def note_removed(report, by):
    entry.table_note_save(report=report, table=TableCode.GOVERNMENT_FUND, text="", by=by)  # T08-04: an empty table


def office_cost_raised(report, by):
    layout = load_snapshot(report).layouts[TableCode.BASIC]
    assert entry.table_save(report=report, table=TableCode.BASIC, layout=layout, by=by,
                            values={("30201", "amount"): Decimal("12400")},
                            seen={("30201", "amount"): Decimal("2400")}).ok  # T06-04


def score_above_weight(report, by):
    sheet = EvaluationSheet.objects.get(report=report, order=2)
    data = stored_input(sheet, report.unit)
    data.rows[0]["score"] = str(Decimal(data.rows[0]["weight"]) + 5)  # P-03
    assert sheet_save(report=report, sheet=sheet, data=data, by=by)


def office_cost_raised_in_the_workbook(book):
    sheet = book["公开06表"]  # 公用经费 are its middle columns: 科目编码, 科目名称, 决算数
    sheet.cell(next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 4).value == "30201"), 6).value = 1.24


def office_cost_imported(report, by):
    content = edited(write_workbook(report), office_cost_raised_in_the_workbook)
    assert bulk.import_one("政务服务.xlsx", content, by=by, bureau=report.department.parent).ok


DASHBOARD_WRITES = {"table_save": office_cost_raised, "table_note_save": note_removed,
                    "sheet_save": score_above_weight, "import_one": office_cost_imported}


def dashboard_errors(client) -> int:
    page = client.get("/bureau/dashboard/", {"year": "2021"}).content.decode()
    row = page.split("沁阳市政务服务和大数据管理局")[1].split("</tr>")[0]
    return int(re.findall(r'<td class="num">(\d+)</td>', row)[0])


@pytest.mark.parametrize("write", DASHBOARD_WRITES)
def test_the_dashboard_shows_what_a_write_through_each_service_changed(write, client, demo_report):
    client.force_login(user("shenhe"))
    assert dashboard_errors(client) == 0  # computed, then kept
    DASHBOARD_WRITES[write](demo_report, user("guanli" if write == "import_one" else "kuaiji"))
    assert dashboard_errors(client) == len(check_report(demo_report).errors) >= 1


def test_the_history_page_shows_an_import_old_to_new(client, demo_report):
    content = edited(changed_workbook(demo_report), set_cell("公开03表", "2010306", 5, 19.62))
    assert import_file(report=demo_report, name="政务服务.xlsx", content=content, confirm=True, by=user("kuaiji")).written
    entry.table_note_save(report=demo_report, table=TableCode.EXPENDITURE, text="本表说明", by=user("kuaiji"))
    client.force_login(user("guanli"))
    page = client.get("/reports/410882-zwfw/2021/r1/history/").content.decode()
    rows = [re.sub(r"<[^>]+>", "|", row) for row in page.split("<tr>")]
    imported = next(row for row in rows if "导入文件 政务服务.xlsx" in row)
    accountant = f"|{user('kuaiji')}|"  # 张会计
    assert accountant in imported and "|2 处变化|" in imported
    assert any("|公开03表 2010306 基本支出||102.58||103.58|" in row and accountant in row for row in rows)
    assert any("|公开03表 2010306 项目支出|" in row and "|19.62|" in row for row in rows)
    assert any("|公开03表 表下说明||（空）||本表说明|" in row for row in rows)  # a blank old value is named


def test_a_change_made_in_the_admin_is_in_the_trail(client, demo_report):
    """The admin changes a draft's data only for its accountant (made staff here), and records it like any save."""
    accountant = user("kuaiji")
    accountant.is_staff = True
    accountant.save()
    accountant.user_permissions.add(*Permission.objects.filter(codename__in=["change_reportoverview",
                                                                             "delete_reportoverview"]))
    overview = demo_report.overview
    client.force_login(accountant)
    version = Report.objects.get(pk=demo_report.pk).data_version
    response = client.post(f"/admin/reports/reportoverview/{overview.pk}/change/", {
        "report": demo_report.pk, "duties": "管理后台改的职责", "organisation": overview.organisation,
        "composition": overview.composition})
    assert response.status_code == 302
    event = demo_report.events.latest("pk")
    assert (event.actor, event.target, event.old_value, event.new_value) == (
        accountant, "概况：部门职责", overview.duties, "管理后台改的职责")
    assert client.post(f"/admin/reports/reportoverview/{overview.pk}/delete/", {"post": "yes"}).status_code == 302
    event = demo_report.events.latest("pk")
    assert (event.actor, event.target, event.old_value) == (accountant, "删除 概况", str(overview))
    assert Report.objects.get(pk=demo_report.pk).data_version == version + 2


def test_the_pages_record_what_they_change_as_the_person_logged_in(client, demo_report, media):
    """The views hand the logged-in user to the services: every event of a round of pages names who acted."""
    entry_url = "/entry/410882-zwfw/2021"
    last_event = ReportEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
    client.force_login(user("kuaiji"))
    assert client.post(f"{entry_url}/submit/").status_code == 302
    client.force_login(user("shenhe"))
    assert client.post("/review/410882-zwfw/2021/action/", {"action": "return", "comment": "请核对"}).status_code == 302
    client.force_login(user("kuaiji"))
    p09 = WarningExplanation.objects.get(report=demo_report, code="P-09")
    posts = [
        (f"{entry_url}/tables/expenditure/", {"v|2010306|basic": "103.58", "b|2010306|basic": "102.58",
                                             "table_note": "本表说明"}),
        (f"{entry_url}/explanations/", {f"w|P-09|{p09.signature}": "新的说明"}),
        (f"{entry_url}/sections/overview/", {"duties": "新职责", "organisation": "机构", "composition": "本级"}),
        (f"{entry_url}/sheets/new/", {}),
        (f"{entry_url}/import/", lambda: {"file": ContentFile(changed_workbook(demo_report), name="政务服务.xlsx")}),
        (f"{entry_url}/import/", {"action": "confirm"}),
    ]
    for url, data in posts:  # the workbook is downloaded after the saves before it
        assert client.post(url, data() if callable(data) else data).status_code in (200, 302), url
    events = list(demo_report.events.filter(pk__gt=last_event))
    by_accountant = {e.target for e in events if e.actor == user("kuaiji")}
    assert {"公开03表 2010306 基本支出", "公开03表 表下说明", "P-09 警告说明", "概况：部门职责", "新增项目支出绩效自评表",
            "导入文件 政务服务.xlsx"} <= by_accountant
    assert {e.action for e in events if e.actor == user("kuaiji")} == {Action.SUBMIT, Action.EDIT}
    assert [e.action for e in events if e.actor == user("shenhe")] == [Action.RETURN]
    assert {e.actor for e in events} == {user("kuaiji"), user("shenhe")}
