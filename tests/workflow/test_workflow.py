"""Transitions, their preconditions, the audit trail, notifications, frozen publications and corrections."""
import datetime
from decimal import Decimal

import pytest
from django.contrib import admin
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory

from apps.accounts.models import User
from apps.entry import services as entry
from apps.entry.forms import OverviewForm
from apps.portal.services import publication
from apps.reports.computation import compute_tables
from apps.reports.layouts import TableCode
from apps.reports.models import (
    BasicExpenditureLine,
    ExpenditureLine,
    PublishedDocument,
    Report,
    ReportEvent,
    ReportingDeadline,
    WarningExplanation,
)
from apps.reports.services.reports import total_pin
from apps.reports.snapshot import load_snapshot
from apps.workflow import services as workflow
from tests.helpers import accept_explanations, approve, publish, user

Action = ReportEvent.Action


@pytest.fixture
def emails(db):
    for name, address in (("kuaiji", "kuaiji@example.cn"), ("shenhe", "shenhe@example.cn")):
        User.objects.filter(username=name).update(email=address)


def test_full_cycle_writes_events_and_sends_mail_after_commit(demo_report, emails, media,
                                                              django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        report = workflow.report_submit(report=demo_report, by=user("kuaiji"))
    assert len(callbacks) == 1 and mail.outbox[-1].to == ["shenhe@example.cn"]
    assert mail.outbox[-1].subject == "[部门决算] 沁阳市政务服务和大数据管理局 2021年度部门决算 已提交"
    with django_capture_on_commit_callbacks(execute=True):
        report = workflow.report_return(report=report, by=user("shenhe"), comment="请核对公开03表")
    assert mail.outbox[-1].to == ["kuaiji@example.cn"] and "请核对公开03表" in mail.outbox[-1].body
    assert report.state == Report.State.DRAFT
    with django_capture_on_commit_callbacks(execute=True):
        report = workflow.report_submit(report=report, by=user("kuaiji"))
        report = approve(report)
        report = publication.report_publish(report=report, by=user("shenhe"))
    assert mail.outbox[-1].to == ["kuaiji@example.cn", "shenhe@example.cn"]
    assert report.state == Report.State.PUBLISHED and report.days_to_publish == 0
    assert PublishedDocument.objects.get(report=report, format="pdf").size > 10000
    events = list(report.events.exclude(to_state="").values_list("action", "from_state", "to_state",
                                                                 "actor__username"))  # the transitions
    assert report.events.filter(action=Action.JUDGE).count() == 8  # the demo's explained warnings
    assert events == [
        (Action.SUBMIT, "draft", "submitted", "kuaiji"), (Action.RETURN, "submitted", "draft", "shenhe"),
        (Action.SUBMIT, "draft", "submitted", "kuaiji"), (Action.APPROVE, "submitted", "approved", "shenhe"),
        (Action.PUBLISH, "approved", "published", "shenhe"),
    ]


def test_mail_is_not_sent_when_the_transaction_fails(demo_report, emails):
    with pytest.raises(workflow.TransitionRefused):
        workflow.report_approve(report=demo_report, by=user("shenhe"))  # still a draft
    assert mail.outbox == []


def test_submission_needs_no_error_and_every_warning_explained(demo_report):
    BasicExpenditureLine.objects.filter(report=demo_report, subject__code="30201").update(amount=Decimal("12400"))
    with pytest.raises(workflow.TransitionRefused, match="还有 1 条错误"):
        workflow.report_submit(report=demo_report, by=user("kuaiji"))
    BasicExpenditureLine.objects.filter(report=demo_report, subject__code="30201").update(amount=Decimal("2400"))
    BasicExpenditureLine.objects.filter(report=demo_report, subject__code="30217").update(amount=Decimal("5000"))
    BasicExpenditureLine.objects.filter(report=demo_report, subject__code="30239").update(amount=Decimal("80400"))
    with pytest.raises(workflow.TransitionRefused, match="1 条警告未填写说明（T07-03）"):
        workflow.report_submit(report=demo_report, by=user("kuaiji"))
    from apps.reports.rules import check_report

    warning = next(f for f in check_report(demo_report).warnings if f.code == "T07-03")
    explanation = WarningExplanation.objects.create(report=demo_report, code=warning.code, text="项目经费列支",
                                                    signature=WarningExplanation.signature_of(warning))
    report = workflow.report_submit(report=demo_report, by=user("kuaiji"))
    with pytest.raises(workflow.TransitionRefused, match="9 条警告说明未被认可（P-06、P-06、P-06、P-06、P-08"):
        workflow.report_approve(report=report, by=user("shenhe"))
    accept_explanations(report.warning_explanations.exclude(pk=explanation.pk))
    with pytest.raises(workflow.TransitionRefused, match="1 条警告说明未被认可（T07-03）"):
        workflow.report_approve(report=report, by=user("shenhe"))
    workflow.explanation_judge(explanation=explanation, verdict="accepted", by=user("shenhe"))
    assert workflow.report_approve(report=report, by=user("shenhe")).state == Report.State.APPROVED


def test_only_the_right_people_act(demo_report):
    with pytest.raises(PermissionDenied):
        workflow.report_submit(report=demo_report, by=user("shenhe"))
    report = workflow.report_submit(report=demo_report, by=user("kuaiji"))
    for action in (workflow.report_approve, publication.report_publish):
        with pytest.raises(PermissionDenied):
            action(report=report, by=user("kuaiji"))
    with pytest.raises(workflow.TransitionRefused, match="退回意见"):
        workflow.report_return(report=report, by=user("shenhe"), comment=" ")
    with pytest.raises(workflow.TransitionRefused, match="当前为“已提交”，不能公开"):
        publication.report_publish(report=report, by=user("shenhe"))


def test_every_data_change_is_in_the_trail_with_old_and_new(demo_report, client):
    layout = load_snapshot(demo_report).layouts[TableCode.EXPENDITURE]
    entry.table_save(report=demo_report, table=TableCode.EXPENDITURE, layout=layout,
                     values={("2010306", "basic"): Decimal("1035800")}, seen={("2010306", "basic"): Decimal("1025800")},
                     by=user("kuaiji"))
    form = OverviewForm({"duties": "新职责", "organisation": "机构", "composition": "本级"}, instance=demo_report.overview)
    assert form.is_valid()
    entry.section_save(report=demo_report, form=form, by=user("kuaiji"))
    events = list(demo_report.events.filter(action=Action.EDIT).values_list("target", "old_value", "new_value"))
    assert ("公开03表 2010306 基本支出", "102.58", "103.58") in events
    assert any(target == "概况：部门职责" and new == "新职责" for target, _, new in events)
    client.force_login(user("shenhe"))
    assert client.get("/reports/410882-zwfw/2021/r1/history/").status_code == 404  # a draft: not the reviewer's yet
    client.force_login(user("guanli"))
    page = client.get("/reports/410882-zwfw/2021/r1/history/").content.decode()
    assert "公开03表 2010306 基本支出" in page and "102.58" in page and "103.58" in page


def test_published_revision_cannot_change_by_any_path(demo_report, media, client):
    report = publish(demo_report)
    layout = load_snapshot(report).layouts[TableCode.EXPENDITURE]
    attempts = [
        lambda: entry.table_save(report=report, table=TableCode.EXPENDITURE, layout=layout,
                                 values={("2010306", "basic"): Decimal("10000")},
                                 seen={("2010306", "basic"): Decimal("1025800")}, by=user("kuaiji")),
        lambda: entry.table_note_save(report=report, table=TableCode.EXPENDITURE, text="改", by=user("kuaiji")),
        lambda: entry.warning_explanations_save(report=report, texts={("T07-03", "x"): "改"}, by=user("kuaiji")),
        lambda: entry.section_save(report=report, form=OverviewForm(
            {"duties": "改", "organisation": "改", "composition": "改"}, instance=report.overview), by=user("kuaiji")),
        lambda: total_pin(report=report, table=TableCode.SUMMARY, row="income.total", column="amount",
                          value=Decimal("214.45"), by=user("kuaiji")),
    ]
    for attempt in attempts:
        with pytest.raises(workflow.TransitionRefused, match="数据不能修改"):
            attempt()
    assert ExpenditureLine.objects.get(report=report, subject__code="2010306").basic == Decimal("1025800.00")
    # Views: the accountant gets 403 on every entry page and post.
    client.force_login(user("kuaiji"))
    assert client.post("/entry/410882-zwfw/2021/tables/expenditure/",
                       {"v|2010306|basic": "1", "b|2010306|basic": "102.58"}).status_code == 403
    # Admin: no change or delete permission on the report or its rows, even for the superuser.
    request = RequestFactory().get("/admin/")
    request.user = user("guanli")
    model_admin = admin.site._registry[Report]
    assert not model_admin.has_change_permission(request, report)
    assert not model_admin.has_delete_permission(request, report)
    inline = model_admin.get_inline_instances(request, report)[0]
    assert not inline.has_change_permission(request, report) and not inline.has_add_permission(request, report)
    response = client.get(f"/admin/reports/report/{report.pk}/change/")
    assert response.status_code in (302, 403)


def test_correction_is_a_new_revision_published_with_a_note(demo_report, media, client):
    report = publish(demo_report)
    with pytest.raises(PermissionDenied):
        workflow.report_start_correction(report=report, by=user("shenhe"))
    revision = workflow.report_start_correction(report=report, by=user("kuaiji"), note="更正公开03表一处数字")
    assert (revision.revision, revision.state) == (2, Report.State.DRAFT)
    before = compute_tables(load_snapshot(report))
    after = compute_tables(load_snapshot(revision))
    for code in TableCode.values:
        assert [(r.key, {c: v.value for c, v in r.cells.items()}) for r in before[code].rows] == \
               [(r.key, {c: v.value for c, v in r.cells.items()}) for r in after[code].rows]
    assert revision.evaluation_sheets.count() == 8
    assert sum(s.indicators.count() for s in revision.evaluation_sheets.all()) == sum(
        s.indicators.count() for s in report.evaluation_sheets.all())
    with pytest.raises(workflow.TransitionRefused, match="只能对最新的已公开版本"):
        workflow.report_start_correction(report=report, by=user("kuaiji"))
    Report.objects.filter(pk=revision.pk).update(correction_note="")
    revision.refresh_from_db()
    revision = workflow.report_submit(report=revision, by=user("kuaiji"))
    revision = approve(revision)
    with pytest.raises(workflow.TransitionRefused, match="更正说明"):
        publication.report_publish(report=revision, by=user("shenhe"))
    Report.objects.filter(pk=revision.pk).update(correction_note="更正公开03表一处数字")
    revision.refresh_from_db()
    publication.report_publish(report=revision, by=user("shenhe"))
    page = client.get("/reports/410882-zwfw/2021/").content.decode()  # the public sees the latest revision
    assert "更正说明（第2版）：</strong>更正公开03表一处数字" in page and "第1版（已公开）" in page
    assert client.get("/reports/410882-zwfw/2021/r1/").status_code == 200


def test_queue_filters_and_overdue_departments(demo_report, client):
    from apps.accounts.models import Organisation

    Organisation.objects.create(code="410882-sjj", name="沁阳市审计局", kind="department",
                                region=demo_report.department.region, parent=demo_report.department.parent)
    ReportingDeadline.objects.create(finance_bureau=demo_report.department.parent, fiscal_year=2021,
                                     due_date=datetime.date(2022, 3, 31))
    workflow.report_submit(report=demo_report, by=user("kuaiji"))
    client.force_login(user("shenhe"))
    page = client.get("/review/", {"state": "submitted", "year": "2021"}).content.decode()
    assert "沁阳市政务服务和大数据管理局" in page
    assert "沁阳市审计局" in page and "2022-03-31" in page  # overdue: no report submitted
    page = client.get("/review/", {"state": "published"}).content.decode()
    assert "没有符合条件的决算" in page


def test_review_page_compares_with_the_previous_revision(demo_report, media, client):
    report = publish(demo_report)
    revision = workflow.report_start_correction(report=report, by=user("kuaiji"), note="更正")
    from apps.reports.models import IncomeLine

    # Move 1 万元 of 财政拨款收入 between two 项 of 公开02表: totals unchanged, two cells differ.
    IncomeLine.objects.filter(report=revision, subject__code="2010306").update(fiscal=Decimal("1848600"))
    IncomeLine.objects.filter(report=revision, subject__code="2010350").update(fiscal=Decimal("33000"))
    workflow.report_submit(report=revision, by=user("kuaiji"))
    client.force_login(user("shenhe"))
    page = client.get("/review/410882-zwfw/2021/").content.decode()
    assert "有 <strong>4</strong> 个单元格不同" in page and page.count('class="num changed"') == 4
    response = client.post("/review/410882-zwfw/2021/comments/",
                           {"table": "expenditure", "row": "2010306", "column": "basic", "text": "请核对"})
    assert response.status_code == 302
    comment = revision.comments.get()
    assert comment.where == "公开03表 2010306 政务公开审批 第2栏“基本支出”"


def test_a_mail_server_that_does_not_answer_does_not_undo_or_break_a_step(demo_report, emails, settings, caplog,
                                                                          django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 2  # nobody listens
    with django_capture_on_commit_callbacks(execute=True):
        report = workflow.report_submit(report=demo_report, by=user("kuaiji"))
    report.refresh_from_db()
    assert report.state == Report.State.SUBMITTED
    assert "notification of" in caplog.text and "shenhe@example.cn" in caplog.text
