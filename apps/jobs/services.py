"""Background jobs: slow work (publication, bulk imports, consolidated workbooks) done away from the request.

A job is a row (`Job`) that says what was asked, how far it has got and what came out; the work itself is done by
a handler named in `settings.JOB_HANDLERS` (each owning app names its own). Without a broker (`CELERY_BROKER_URL` empty: development, tests, the demo) a job
runs at once, in the process that started it; with one (Redis in production) a Celery worker runs it
(`apps/jobs/tasks.py`), and a worker that dies mid-job gets the job delivered again (late acknowledgement).

Every attempt is counted. An attempt that fails with an unexpected error is tried again later, at most
`max_attempts` times; a refusal (the report is not approved, the user may not do this) fails at once. A handler
records success in the same transaction as its own changes (`job_succeed`), so a job delivered again after its
work committed does nothing: the work is done exactly once.
"""
import logging
import os
import socket

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import import_string

from apps.access.permissions import sees_every_job
from apps.jobs.models import Job
from apps.reports.errors import Refused, message_of

log = logging.getLogger(__name__)
Kind, State = Job.Kind, Job.State

RETRY_DELAY_SECONDS = 10


class JobRefused(Refused):
    """The job cannot be done, and trying again will not change that (the message says why, in Chinese)."""

    code = "job_refused"


PERMANENT = (Refused, PermissionDenied)  # every refusal of the product (JobRefused, TransitionRefused, …)


def job_start(kind: str, **fields) -> Job:
    """Record a job and have it run (see `job_create` for the fields)."""
    job = job_create(kind, **fields)
    dispatch(job)
    return job


def job_create(kind: str, *, by, report=None, organisation=None, fiscal_year=None, params=None, total=0) -> Job:
    return Job.objects.create(kind=kind, created_by=by, report=report, organisation=organisation,
                              fiscal_year=fiscal_year, params=params or {}, progress_total=total)


def dispatch(job: Job, delay: int = 0) -> None:
    """Run the job now (no broker) or hand it to a worker once the current transaction commits."""
    if not settings.CELERY_BROKER_URL:
        job_run(job.pk)
        return
    transaction.on_commit(lambda: _send(job, delay))


NOT_SENT = "任务队列（消息服务）暂时无法连接，任务未能开始。请稍后重试；如持续出现，请联系管理员。"


def _send(job: Job, delay: int) -> None:
    """Hand the job to the broker; a broker that does not answer fails the job (so it can be tried again)."""
    from apps.jobs.tasks import run_job

    try:
        run_job.apply_async(args=[job.pk], countdown=delay)
    except Exception:  # kombu's OperationalError, a refused or timed-out connection, …
        log.exception("job %s (%s) could not be sent to the broker", job.pk, job.kind)
        Job.objects.filter(pk=job.pk, state=State.QUEUED).update(
            state=State.FAILED, finished_at=timezone.now(), error=NOT_SENT, progress_text="未完成")


def job_run(job_id: int) -> None:
    """One attempt at a job (what a worker does with each delivery)."""
    job = _attempt_begin(job_id)
    if job is None:
        return
    handler = import_string(settings.JOB_HANDLERS[job.kind])
    try:
        handler(job)
    except PERMANENT as refused:
        job.refresh_from_db()
        if not job.finished:  # not a second delivery that found the work done by the first
            _finish(job, State.FAILED, error=message_of(refused))
    except Exception as exc:
        log.exception("job %s (%s) failed, attempt %s of %s", job.pk, job.kind, job.attempts, job.max_attempts)
        error = f"第 {job.attempts} 次尝试出错：{type(exc).__name__}: {exc}"[:4000]
        if job.attempts < job.max_attempts:
            Job.objects.filter(pk=job.pk).update(state=State.QUEUED, error=error,
                                                 progress_text="出错，稍后自动重试")
            dispatch(job, delay=RETRY_DELAY_SECONDS * job.attempts)
        else:
            _finish(job, State.FAILED,  # the traceback is in the log (above), never on the job's page
                    error=f"{error}\n已尝试 {job.attempts} 次，不再重试，请联系管理员。"[:4000])
    else:
        job.refresh_from_db()
        if not job.finished:  # a handler that returned without recording its result
            _finish(job, State.FAILED, error="任务没有给出结果。")


def _attempt_begin(job_id: int) -> Job | None:
    """Count the attempt and mark the job running; None when there is nothing (more) to do."""
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.finished:
            return None  # deleted, or delivered again after it finished
        if job.attempts >= job.max_attempts:
            gave_up = f"已尝试 {job.attempts} 次（执行进程中断），不再重试，请联系管理员。"
            _finish(job, State.FAILED, error=f"{job.error}\n{gave_up}".strip())
            return None
        job.attempts += 1
        job.state = State.RUNNING
        job.started_at = job.started_at or timezone.now()
        job.worker = f"{socket.gethostname()}:{os.getpid()}"[:100]
        job.save(update_fields=["attempts", "state", "started_at", "worker"])
    return job


def job_progress(job: Job, done: int, total: int | None = None, text: str = "") -> None:
    """Say how far the job has got (committed at once, so that the person waiting sees it)."""
    fields = {"progress_done": done, "progress_text": text[:200]}
    if total is not None:
        fields["progress_total"] = total
    Job.objects.filter(pk=job.pk).update(**fields)
    for name, value in fields.items():
        setattr(job, name, value)


def job_succeed(job: Job, result: dict | None = None, file_name: str = "", content: bytes | None = None) -> None:
    """Record the job's result; call it inside the transaction that makes the job's changes."""
    if content is not None:
        job.result_file.save(file_name, ContentFile(content), save=False)
    _finish(job, State.SUCCEEDED, result=result if result is not None else job.result)


def _finish(job: Job, state: str, *, error: str = "", result: dict | None = None) -> None:
    job.state, job.finished_at = state, timezone.now()
    job.error = error or (job.error if state == State.FAILED else "")
    job.progress_text = "完成" if state == State.SUCCEEDED else "未完成"
    if state == State.SUCCEEDED:
        job.progress_done = job.progress_total
    fields = ["state", "finished_at", "error", "progress_text", "progress_done"]
    if result is not None:
        job.result = result
        fields.append("result")
    if job.result_file:
        fields.append("result_file")
    job.save(update_fields=fields)


def retryable(jobs):
    """Jobs an administrator may try again: failed ones, and queued ones never attempted (their message was lost,
    e.g. the broker restarted without persistence)."""
    return jobs.filter(Q(state=State.FAILED) | Q(state=State.QUEUED, attempts=0))


def job_retry(job: Job) -> None:
    """An administrator tries a failed (or lost) job again, with a fresh count of attempts."""
    updated = retryable(Job.objects.filter(pk=job.pk)).update(
        state=State.QUEUED, attempts=0, finished_at=None, progress_text="管理员要求重试")
    if updated:
        dispatch(job)


def jobs_visible_to(user):
    """A person sees the jobs they started; superusers see all (`sees_every_job`)."""
    jobs = Job.objects.select_related("report__department", "organisation", "created_by")
    return jobs if sees_every_job(user) else jobs.filter(created_by=user)
