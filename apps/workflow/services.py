"""The review workflow: 草稿 → 已提交 → 已审核 → 已公开, with 退回 back to 草稿, and corrections as new revisions.

Every transition is a service that, in one transaction, locks the report row, checks who is acting and the
state the report is in *now*, changes it, and writes an event; so a double click or two reviewers acting at
once result in exactly one transition. Notifications are sent only after the transaction commits.

The steps are tables: `TRANSITIONS` (from state, to state, who may, time stamp, what must hold) and `STEPS_IN_PLACE`
(a comment, a verdict, a correction: the state they are taken in and who may). `available_actions(report, user)`
reads them (state, who may, four eyes) and drives the pages' buttons; the services refuse by the same reading.
"""
from collections.abc import Callable
from functools import cache
from typing import NamedTuple

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
from apps.reports.texts import plain_text
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


class Transition(NamedTuple):
    source: str  # the state the report must be in
    target: str  # the state it goes to
    allowed: Callable  # who may: (user, report) → bool, asked of apps.access
    stamp: str | None  # the report's time stamp field set
    check: Callable | None  # what must hold: (report) → None, or TransitionRefused saying what is missing


# Every step from one state to another, taken by `transition`.
TRANSITIONS = {
    Action.SUBMIT: Transition(State.DRAFT, State.SUBMITTED, is_accountant_of, "submitted_at", _ready_to_submit),
    Action.RETURN: Transition(State.SUBMITTED, State.DRAFT, is_reviewer_of, None, None),
    Action.APPROVE: Transition(State.SUBMITTED, State.APPROVED, is_reviewer_of, "approved_at", _ready_to_approve),
    Action.PUBLISH: Transition(State.APPROVED, State.PUBLISHED, is_reviewer_of, "published_at", _ready_to_publish),
}


class StepInPlace(NamedTuple):
    state: str  # the state the report must be in
    allowed: Callable  # who may: (user, report) → bool, asked of apps.access
    not_allowed: str  # what a user who may not is told (403)
    not_now: str  # what they are told when the report is not in that state now
    latest_only: bool = False  # only on the latest revision of the department's year


# Steps that leave the report's state as it is: a comment and a verdict on a report under review; a correction,
# which makes a new draft revision from the latest one, published (`report_start_correction`).
STEPS_IN_PLACE = {
    Action.COMMENT: StepInPlace(State.SUBMITTED, is_reviewer_of, "只有财政局审核人可以批注。",
                                "只能批注已提交、待审核的决算。"),
    Action.JUDGE: StepInPlace(State.SUBMITTED, is_reviewer_of, "只有财政局审核人可以审核警告说明。",
                              "只能在决算已提交、待审核时审核警告说明。"),
    Action.CORRECT: StepInPlace(State.PUBLISHED, is_accountant_of, "只有本部门的部门会计可以发起更正。",
                                "只能对最新的已公开版本发起更正。", latest_only=True),
}


def _is_latest(report: Report) -> bool:
    return not Report.objects.filter(department_id=report.department_id, fiscal_year=report.fiscal_year,
                                     revision__gt=report.revision).exists()


def _unavailable(report: Report, by, action: str, four_eyes: bool = True, may=None) -> Exception | None:
    """Why `by` may not take this step on the report as it is now (who may, four eyes, the state), or None if they
    may; the readiness checks (`Transition.check`) are not asked: they answer when the step is tried. `may(allowed)`
    answers a who-may question (given by `available_actions` to ask each only once)."""
    may = may or (lambda allowed: allowed(by, report))
    if action in STEPS_IN_PLACE:
        step = STEPS_IN_PLACE[action]
        if not may(step.allowed):
            return PermissionDenied(step.not_allowed)
        if report.state != step.state or step.latest_only and not _is_latest(report):
            return TransitionRefused(step.not_now)
        return None
    source, _, allowed, _, _ = TRANSITIONS[action]
    if not may(allowed):
        return PermissionDenied(f"您不能对这份决算执行“{Action(action).label}”。")
    if four_eyes and action in NOT_BY_SUBMITTER and own_submission(report, by):
        return TransitionRefused(f"这份决算是您本人提交的，不能由您{Action(action).label}；请由本局其他审核人办理。")
    if report.state != source:
        return TransitionRefused(
            f"这份决算当前为“{report.get_state_display()}”，不能{Action(action).label}（可能已被他人处理，请刷新）。")
    return None


def _could_be_now(report: Report, action: str) -> bool:
    """Whether the report's state (alone) lets the step be taken: asked first, as it costs no query."""
    if action in TRANSITIONS:
        return report.state == TRANSITIONS[action].source
    return report.state == STEPS_IN_PLACE[action].state


def available_actions(report: Report, user) -> set[str]:
    """The steps `user` may take on the report now (its state, their role, four eyes): the buttons a page shows.
    Whether the report is ready (errors, explanations, a correction note) is not asked: trying says why not."""
    may = cache(lambda allowed: allowed(user, report))
    return {action for action in (*TRANSITIONS, *STEPS_IN_PLACE)
            if _could_be_now(report, action) and _unavailable(report, user, action, may=may) is None}


def withheld_by_four_eyes(report: Report, user) -> set[str]:
    """The steps `user` could take now but for having submitted this revision themselves (the page says why)."""
    return {action for action in NOT_BY_SUBMITTER if _could_be_now(report, action)
            and _unavailable(report, user, action, four_eyes=False) is None and own_submission(report, user)}


def require_available(report: Report, by, action: str) -> None:
    """PermissionDenied or TransitionRefused (saying why) unless `action` is among `available_actions`."""
    refused = _unavailable(report, by, action)
    if refused:
        raise refused


def refusal(report: Report, by, action: str) -> None:
    """PermissionDenied or TransitionRefused unless `by` may take this step on the report as it is now."""
    require_available(report, by, action)
    check = TRANSITIONS[action].check
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


def report_submit(*, report: Report, by) -> Report:
    return transition(report, by, Action.SUBMIT)


# The longest texts a step takes: what the fields keeping them hold (the pages' maxlength reads the same fields).
RETURN_COMMENT_LIMIT = ReportEvent._meta.get_field("comment").max_length  # a 退回意见, kept on its event
CORRECTION_NOTE_LIMIT = Report._meta.get_field("correction_note").max_length  # an 更正说明
REVIEW_COMMENT_LIMIT = ReviewComment._meta.get_field("text").max_length
PLACE_LIMIT = ReviewComment._meta.get_field("where").max_length


def _bounded(text: str, what: str, limit: int) -> str:
    """The text without surrounding space (and characters no store can hold); refused (never cut) when longer than
    `limit`."""
    text = plain_text(text).strip()
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


def explanation_judge(*, explanation: WarningExplanation, verdict: str, by, note: str = "") -> None:
    """认可 or 不认可 (with its reason, which the accountant reads) of one explanation."""
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=explanation.report_id)
        require_available(report, by, Action.JUDGE)
        _judge(report, explanation, WarningExplanation.Verdict(verdict), note, by)


def explanations_accept_all(*, report: Report, by) -> int:
    """全部认可: every explanation of the report's current warnings still waiting for a verdict; how many."""
    with transaction.atomic():
        locked = Report.objects.select_for_update().get(pk=report.pk)
        require_available(locked, by, Action.JUDGE)
        _, warnings = _warnings_and_explanations(locked)
        waiting = {e.pk: e for _, e in warnings if e is not None and e.verdict == WarningExplanation.Verdict.PENDING}
        for explanation in waiting.values():
            _judge(locked, explanation, WarningExplanation.Verdict.ACCEPTED, "", by)
    return len(waiting)


def _judge(report, explanation, verdict, note: str, by) -> None:
    old = explanation.get_verdict_display()
    explanation.verdict = verdict
    explanation.verdict_note = note.strip() if verdict == WarningExplanation.Verdict.REJECTED else ""
    explanation.save(update_fields=["verdict", "verdict_note", "updated_at"])
    new = explanation.get_verdict_display() + (f"：{explanation.verdict_note}" if explanation.verdict_note else "")
    record(report=report, by=by, action=Action.JUDGE, target=f"{explanation.code} 警告说明", old=old, new=new)


def comment_add(*, report: Report, by, table: str, row: str, column: str, where: str, text: str):
    with transaction.atomic():
        locked = Report.objects.select_for_update().get(pk=report.pk)
        require_available(locked, by, Action.COMMENT)
        comment = ReviewComment.objects.create(report=locked, author=by, table=table, row_key=row,
                                               column_key=column, where=where[:PLACE_LIMIT],
                                               text=plain_text(text).strip()[:REVIEW_COMMENT_LIMIT])
        record(report=locked, by=by, action=Action.COMMENT, target=where, new=comment.text)
    return comment


def report_start_correction(*, report: Report, by, note: str = "") -> Report:
    """A new draft revision copied from the latest published one; it goes through the same workflow."""
    note = _bounded(note, "更正说明", CORRECTION_NOTE_LIMIT)
    with transaction.atomic():
        locked = Report.objects.select_for_update().get(pk=report.pk)
        require_available(locked, by, Action.CORRECT)
        revision = copy_report(locked)
        revision.correction_note = note.strip()
        revision.save(update_fields=["correction_note"])
        record(report=revision, by=by, action=Action.CORRECT, comment=note.strip(),
               target=f"由第{locked.revision}版更正", to_state=State.DRAFT)
    return revision
