"""The review workflow: 草稿 → 已提交 → 已审核 → 已公开, with 退回 back to 草稿, and corrections as new revisions.

Every transition is a service that, in one transaction, locks the report row, checks who is acting and the
state the report is in *now*, changes it, and writes an event; so a double click or two reviewers acting at
once result in exactly one transition. Notifications are sent only after the transaction commits.
"""
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from apps.access.permissions import is_accountant_of, is_reviewer_of
from apps.reports.errors import TransitionRefused
from apps.reports.models import Report, ReportEvent, ReviewComment, WarningExplanation
from apps.reports.revisions import copy_report
from apps.reports.rules import check_report
from apps.reports.selectors import explanations_of
from apps.reports.services.events import record
from apps.workflow.notifications import notify

State = Report.State
Action = ReportEvent.Action


# Four eyes: whoever submitted a revision never approves or publishes it (even holding both roles).
NOT_BY_SUBMITTER = {Action.APPROVE, Action.PUBLISH}


def submitter_of(report: Report):
    """The user who submitted the revision as it stands (the latest submission), or None."""
    event = report.events.filter(action=Action.SUBMIT).order_by("-created_at", "-pk").select_related("actor").first()
    return event.actor if event else None


def own_submission(report: Report, by) -> bool:
    return getattr(by, "is_authenticated", False) and submitter_of(report) == by


def refusal(report: Report, by, action: str) -> None:
    """PermissionDenied or TransitionRefused unless `by` may take this step on the report as it is now."""
    source, _, allowed, _, check = TRANSITIONS[action]
    if not allowed(by, report):
        raise PermissionDenied(f"您不能对这份决算执行“{Action(action).label}”。")
    if action in NOT_BY_SUBMITTER and own_submission(report, by):
        raise TransitionRefused(f"这份决算是您本人提交的，不能由您{Action(action).label}；请由本局其他审核人办理。")
    if report.state != source:
        raise TransitionRefused(
            f"这份决算当前为“{report.get_state_display()}”，不能{Action(action).label}（可能已被他人处理，请刷新）。")
    if check:
        check(report)


def transition(report: Report, by, action: str, comment: str = "", then=None) -> Report:
    """The step, in one transaction; `then(locked)` adds what else the step changes, in the same transaction."""
    source, target, _, stamp, _ = TRANSITIONS[action]
    with transaction.atomic():
        locked = Report.objects.select_for_update().get(pk=report.pk)
        refusal(locked, by, action)
        locked.state = target
        fields = ["state", "updated_at"]
        if stamp:
            setattr(locked, stamp, timezone.now())
            fields.append(stamp)
        locked.save(update_fields=fields)
        record(report=locked, by=by, action=action, comment=comment, from_state=source, to_state=target)
        if then:
            then(locked)
        transaction.on_commit(lambda: notify(locked, action, by, comment))
    return locked


def _warnings_and_explanations(report):
    result = check_report(report)
    return result, explanations_of(report, result.warnings)


def _ready_to_submit(report):
    result, warnings = _warnings_and_explanations(report)
    if result.errors:
        raise TransitionRefused(f"还有 {len(result.errors)} 条错误，改正后才能提交。")
    missing = [f.code for f, explanation in warnings if explanation is None]
    if missing:
        raise TransitionRefused(f"还有 {len(missing)} 条警告未填写说明（{'、'.join(missing)}），填写后才能提交。")


def _ready_to_approve(report):
    _, warnings = _warnings_and_explanations(report)
    not_accepted = [f.code for f, e in warnings if e is None or e.verdict != WarningExplanation.Verdict.ACCEPTED]
    if not_accepted:
        raise TransitionRefused(f"还有 {len(not_accepted)} 条警告说明未被认可（{'、'.join(not_accepted)}），"
                                "请逐条审核；不认可的请退回。")


def _ready_to_publish(report):
    if report.revision > 1 and not report.correction_note.strip():
        raise TransitionRefused("更正后的版本须填写更正说明后才能公开。")


# action → (from state, to state, who may, time stamp field, what must hold); every step is taken by `transition`.
TRANSITIONS = {
    Action.SUBMIT: (State.DRAFT, State.SUBMITTED, is_accountant_of, "submitted_at", _ready_to_submit),
    Action.RETURN: (State.SUBMITTED, State.DRAFT, is_reviewer_of, None, None),
    Action.APPROVE: (State.SUBMITTED, State.APPROVED, is_reviewer_of, "approved_at", _ready_to_approve),
    Action.PUBLISH: (State.APPROVED, State.PUBLISHED, is_reviewer_of, "published_at", _ready_to_publish),
}


def report_submit(*, report: Report, by) -> Report:
    return transition(report, by, Action.SUBMIT)


# The longest texts a step takes: what the fields keeping them hold (the pages' maxlength reads the same fields).
RETURN_COMMENT_LIMIT = ReportEvent._meta.get_field("comment").max_length  # a 退回意见, kept on its event
CORRECTION_NOTE_LIMIT = Report._meta.get_field("correction_note").max_length  # an 更正说明
REVIEW_COMMENT_LIMIT = ReviewComment._meta.get_field("text").max_length
PLACE_LIMIT = ReviewComment._meta.get_field("where").max_length


def _bounded(text: str, what: str, limit: int) -> str:
    """The text without surrounding space; refused (never cut) when longer than `limit`."""
    text = text.strip()
    if len(text) > limit:
        raise TransitionRefused(f"{what}不能超过 {limit} 字（现有 {len(text)} 字）。")
    return text


def report_return(*, report: Report, by, comment: str) -> Report:
    comment = _bounded(comment, "退回意见", RETURN_COMMENT_LIMIT)
    if not comment:
        raise TransitionRefused("退回时须填写退回意见。")
    return transition(report, by, Action.RETURN, comment=comment.strip())


def report_approve(*, report: Report, by) -> Report:
    return transition(report, by, Action.APPROVE)


def explanation_judge(*, explanation: WarningExplanation, verdict: str, by) -> None:
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=explanation.report_id)
        if not is_reviewer_of(by, report):
            raise PermissionDenied("只有财政局审核人可以审核警告说明。")
        if report.state != State.SUBMITTED:
            raise TransitionRefused("只能在决算已提交、待审核时审核警告说明。")
        old = explanation.get_verdict_display()
        explanation.verdict = WarningExplanation.Verdict(verdict)
        explanation.save(update_fields=["verdict", "updated_at"])
        record(report=report, by=by, action=Action.JUDGE, target=f"{explanation.code} 警告说明",
               old=old, new=explanation.get_verdict_display())


def comment_add(*, report: Report, by, table: str, row: str, column: str, where: str, text: str):
    with transaction.atomic():
        locked = Report.objects.select_for_update().get(pk=report.pk)
        if not is_reviewer_of(by, locked):
            raise PermissionDenied("只有财政局审核人可以批注。")
        if locked.state != State.SUBMITTED:
            raise TransitionRefused("只能批注已提交、待审核的决算。")
        comment = ReviewComment.objects.create(report=locked, author=by, table=table, row_key=row,
                                               column_key=column, where=where[:PLACE_LIMIT], text=text.strip()[:REVIEW_COMMENT_LIMIT])
        record(report=locked, by=by, action=Action.COMMENT, target=where, new=comment.text)
    return comment


def report_start_correction(*, report: Report, by, note: str = "") -> Report:
    """A new draft revision copied from the latest published one; it goes through the same workflow."""
    note = _bounded(note, "更正说明", CORRECTION_NOTE_LIMIT)
    with transaction.atomic():
        locked = Report.objects.select_for_update().get(pk=report.pk)
        if not is_accountant_of(by, locked):
            raise PermissionDenied("只有本部门的部门会计可以发起更正。")
        latest = Report.objects.filter(department=locked.department, fiscal_year=locked.fiscal_year).order_by(
            "-revision").first()
        if locked.state != State.PUBLISHED or latest.pk != locked.pk:
            raise TransitionRefused("只能对最新的已公开版本发起更正。")
        revision = copy_report(locked)
        revision.correction_note = note.strip()
        revision.save(update_fields=["correction_note"])
        record(report=revision, by=by, action=Action.CORRECT, comment=note.strip(),
               target=f"由第{locked.revision}版更正", to_state=State.DRAFT)
    return revision
