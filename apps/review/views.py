"""The finance bureau reviewer's pages, the accountant's submit and correction, and the audit trail."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from apps.access.permissions import (
    REVIEWER,
    bureaus_reviewed_by,
    can_see_audit_trail,
    require_role,
    reviewed_report_or_403,
    visible_report_or_404,
)
from apps.documents.comparison import Comparison, counterpart, mark_changed
from apps.documents.disclosure import build_disclosure, mark_cells
from apps.portal.services.publication import publication_in_progress, publication_start
from apps.reports.errors import Refused, message_of
from apps.reports.models import WarningExplanation
from apps.reports.rules import check_report
from apps.reports.selectors import explanations_of, overdue_departments
from apps.review.forms import QUEUE_STATES, CommentForm, CompareForm, QueueFilterForm, ReviewActionForm, VerdictForm
from apps.review.selectors import pending_count, reports_in_review
from apps.workflow import services as workflow

Action = workflow.Action


@require_role(REVIEWER, refusal="只有财政局审核人可以查看审核队列。")
def review_queue(request):
    """Reports of the departments under the reviewer's finance bureaus, by state and year; overdue ones."""
    bureaus = list(bureaus_reviewed_by(request.user))
    filters = QueueFilterForm(request.GET).filters()
    return render(request, "review/queue.html", {
        "reports": reports_in_review(request.user, bureaus, **filters),
        "overdue": overdue_departments(bureaus, timezone.localdate()),
        "states": QUEUE_STATES, "state": filters["state"] or "", "year": filters["year"] or "",
    })


@login_required
def review_report(request, department, year, revision=None):
    report = reviewed_report_or_403(request.user, department, year, revision)
    compare = CompareForm(request.GET).against
    other = counterpart(report, compare)
    changed = Comparison(other, report).cells if other else {}
    doc = build_disclosure(report)
    mark_changed(doc, changed)
    comments = list(report.comments.select_related("author"))
    mark_cells(doc, {(c.table, c.row_key, c.column_key) for c in comments if c.row_key and c.column_key}, "has-comment")
    result = check_report(report)
    warnings = explanations_of(report, result.warnings)
    actions = workflow.available_actions(report, request.user)
    withheld = workflow.withheld_by_four_eyes(report, request.user)
    return render(request, "review/report.html", {
        "report": report, "doc": doc, "result": result, "warnings": warnings, "compare": compare,
        "other": other, "changed_count": len(changed), "comments": comments,
        "events": report.events.select_related("actor"), "verdicts": WarningExplanation.Verdict.choices,
        "actions": actions, "withheld": withheld,  # the workflow's buttons, and those four eyes hold back
        "pending_count": pending_count(warnings),
        "publishing": publication_in_progress(report) if {Action.PUBLISH} & (actions | withheld) else None,
    })


@login_required
@require_POST
def review_action(request, department, year):
    report = reviewed_report_or_403(request.user, department, year)
    form = ReviewActionForm(request.POST)
    if not form.is_valid():
        raise Http404("没有这个操作")
    action = form.cleaned_data["action"]
    services = {Action.RETURN: lambda: workflow.report_return(report=report, by=request.user,
                                                              comment=form.cleaned_data["comment"]),
                Action.APPROVE: lambda: workflow.report_approve(report=report, by=request.user),
                Action.PUBLISH: lambda: publication_start(report, by=request.user)}
    try:
        workflow.require_available(report, request.user, action)  # only the steps the page offers
        done = services[action]()
    except Refused as exc:
        messages.error(request, message_of(exc))
    else:
        if action == Action.PUBLISH:  # a background job: its page shows the progress, then the result
            if done.state == done.State.SUCCEEDED:
                messages.success(request, "已公开。")
            elif done.state != done.State.FAILED:
                messages.info(request, "正在后台生成正式文件并公开，完成后本页显示结果。")
            return redirect(done)
        messages.success(request, {Action.RETURN: "已退回。", Action.APPROVE: "已审核通过。"}[action])
        if action == Action.RETURN:  # a draft again: the department's, no longer the reviewer's to see
            return redirect(reverse("review-queue"))
    return redirect(reverse("review-report", args=[department, year]))


@login_required
@require_POST
def review_comment(request, department, year):
    report = reviewed_report_or_403(request.user, department, year)
    form = CommentForm(request.POST, report=report)
    if not form.is_valid():
        messages.error(request, form.non_field_errors()[0])
    else:
        data = form.cleaned_data
        try:
            workflow.comment_add(report=report, by=request.user, table=data["table"], row=data["row"],
                                 column=data["column"], where=data["where"], text=data["text"])
        except Refused as exc:
            messages.error(request, message_of(exc))
        else:
            messages.success(request, "已添加批注。")
    return redirect(reverse("review-report", args=[department, year]))


@login_required
@require_POST
def review_judge(request, department, year, explanation_id):
    report = reviewed_report_or_403(request.user, department, year)
    explanation = get_object_or_404(WarningExplanation, pk=explanation_id, report=report)
    form = VerdictForm(request.POST)
    if "verdict" in form.errors:
        raise Http404("没有这个审核意见")
    refusal = None
    if not form.is_valid():
        refusal = form.non_field_errors()[0] if form.non_field_errors() else "理由过长。"
    else:
        try:
            workflow.explanation_judge(explanation=explanation, verdict=form.cleaned_data["verdict"],
                                       note=form.cleaned_data["note"], by=request.user)
        except Refused as exc:
            refusal = message_of(exc)
    if request.headers.get("Accept", "").startswith("application/json"):  # the page's script: no reload
        explanation.refresh_from_db()
        return JsonResponse({
            "message": refusal or f"{explanation.code} 的说明：{explanation.verdict_status}",
            "status": explanation.verdict_status, "pending": explanation.verdict == explanation.Verdict.PENDING,
            "pending_count": pending_count(explanations_of(report, check_report(report).warnings)),
        }, status=422 if refusal else 200)
    if refusal:  # shown beside the warning
        messages.error(request, refusal, extra_tags=explanation.anchor)
    # back where the reviewer was: the next warning
    return redirect(reverse("review-report", args=[department, year]) + f"#{explanation.anchor}")


@login_required
@require_POST
def review_accept_all(request, department, year):
    report = reviewed_report_or_403(request.user, department, year)
    try:
        accepted = workflow.explanations_accept_all(report=report, by=request.user)
    except Refused as exc:
        messages.error(request, message_of(exc))
    else:
        messages.success(request, f"已认可 {accepted} 条警告说明。")
    return redirect(reverse("review-report", args=[department, year]) + "#warnings")


@login_required
def report_history(request, department, year, revision):
    report = visible_report_or_404(request.user, department, year, revision)
    if not can_see_audit_trail(request.user, report):
        raise PermissionDenied("只有财政局审核人和管理员可以查看操作记录。")
    return render(request, "review/history.html", {"report": report, "events": report.events.select_related("actor")})
