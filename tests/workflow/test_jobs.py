"""Background jobs: publication as a job, bounded retries, refusals, exactly-once, and failures that leave nothing
behind (without a broker the job runs at once, in the request, as in the demo)."""
import pytest
from django.db import OperationalError

from apps.jobs.models import Job
from apps.jobs.services import job_run, job_start
from apps.portal.services import publication
from apps.reports.models import PublishedDocument, PublishedFigures, Report, ReportEvent
from apps.workflow import services as workflow
from tests.helpers import approve, user


@pytest.fixture
def approved(demo_report, media):
    return approve(workflow.report_submit(report=demo_report, by=user("kuaiji")))


def stored_files(media):
    return sorted(p.relative_to(media).as_posix() for p in media.rglob("*") if p.is_file())


def assert_not_published(report, media):
    report.refresh_from_db()
    assert report.state == Report.State.APPROVED and report.published_at is None
    assert not PublishedDocument.objects.exists() and not PublishedFigures.objects.exists()
    assert not ReportEvent.objects.filter(report=report, action=ReportEvent.Action.PUBLISH).exists()
    assert not [name for name in stored_files(media) if name.startswith("published/")]


def test_the_reviewer_publishes_through_a_job_and_sees_its_result(client, approved, media):
    client.force_login(user("shenhe"))
    response = client.post("/review/410882-zwfw/2021/action/", {"action": "publish"}, follow=True)
    job = Job.objects.get()
    assert response.redirect_chain == [(job.get_absolute_url(), 302)]
    assert (job.kind, job.state, job.attempts, job.result) == ("publish", "succeeded", 1, {"revision": 1})
    page = response.content.decode()
    assert "已公开。" in page and "状态：<strong id=\"job-state\">已完成</strong>" in page
    assert "/reports/410882-zwfw/2021/r1/document.pdf" in page
    assert stored_files(media) == ["published/410882-zwfw/2021/r1/410882-zwfw-2021-r1.html",
                                   "published/410882-zwfw/2021/r1/410882-zwfw-2021-r1.pdf",
                                   "published/410882-zwfw/2021/r1/410882-zwfw-2021-r1.xlsx"]
    workbook = PublishedDocument.objects.get(format="xlsx")
    response = client.get("/reports/410882-zwfw/2021/r1/report.xlsx")  # the workbook frozen at publication
    assert response["ETag"] == f'"{workbook.sha256}"'
    assert PublishedDocument.digest(b"".join(response.streaming_content)) == workbook.sha256
    status = client.get(f"/jobs/{job.token}/status.json").json()
    assert status == {"state": "succeeded", "state_label": "已完成", "finished": True, "percent": 100,
                      "text": job.progress_text, "attempts": 1}


def test_a_second_publish_is_refused_while_the_first_runs(client, approved):
    job = Job.objects.create(kind=Job.Kind.PUBLISH, report=approved, created_by=user("shenhe"),
                             state=Job.State.RUNNING)
    client.force_login(user("shenhe"))
    page = client.get("/review/410882-zwfw/2021/").content.decode()
    assert 'id="publishing"' in page and job.get_absolute_url() in page and 'id="publish-button"' not in page
    response = client.post("/review/410882-zwfw/2021/action/", {"action": "publish"}, follow=True)
    assert "正在公开中" in response.content.decode() and Job.objects.count() == 1


def test_a_failing_job_is_tried_a_bounded_number_of_times_and_leaves_nothing(approved, media, monkeypatch):
    def broken(doc):
        raise RuntimeError("字体文件损坏")

    monkeypatch.setattr(publication, "render_pdf", broken)
    job = publication.publication_start(approved, by=user("shenhe"))
    assert job.state == Job.State.FAILED and job.attempts == job.max_attempts == 3
    assert "第 3 次尝试出错：RuntimeError: 字体文件损坏" in job.error and "不再重试" in job.error
    assert_not_published(approved, media)


def test_a_job_that_fails_once_succeeds_on_the_next_attempt(approved, media, monkeypatch):
    real, calls = publication.render_pdf, []

    def flaky(doc):
        calls.append(1)
        if len(calls) == 1:
            raise ConnectionResetError("渲染服务中断")
        return real(doc)

    monkeypatch.setattr(publication, "render_pdf", flaky)
    job = publication.publication_start(approved, by=user("shenhe"))
    assert (job.state, job.attempts) == (Job.State.SUCCEEDED, 2)
    assert ReportEvent.objects.filter(report=approved, action=ReportEvent.Action.PUBLISH).count() == 1
    assert PublishedDocument.objects.filter(report=approved).count() == 3


def test_a_refused_job_fails_at_once_without_retrying(demo_report, media):
    job = job_start(Job.Kind.PUBLISH, by=user("shenhe"), report=demo_report)  # a draft cannot be published
    job.refresh_from_db()
    assert (job.state, job.attempts) == (Job.State.FAILED, 1) and "草稿" in job.error


def test_a_job_delivered_again_after_it_finished_does_nothing(approved, media):
    job = publication.publication_start(approved, by=user("shenhe"))
    job_run(job.pk)  # the broker delivers the message a second time
    job.refresh_from_db()
    assert (job.state, job.attempts) == (Job.State.SUCCEEDED, 1)
    assert ReportEvent.objects.filter(report=approved, action=ReportEvent.Action.PUBLISH).count() == 1


def test_a_job_whose_worker_died_on_every_attempt_fails_and_says_so(approved, media):
    job = Job.objects.create(kind=Job.Kind.PUBLISH, report=approved, created_by=user("shenhe"),
                             state=Job.State.RUNNING, attempts=3)  # three workers killed while running it
    job_run(job.pk)
    job.refresh_from_db()
    assert job.state == Job.State.FAILED and "执行进程中断" in job.error
    assert_not_published(approved, media)


def test_database_failure_in_the_middle_of_publication_leaves_the_report_as_it_was(approved, media, monkeypatch):
    def connection_lost(report):
        assert len(stored_files(media)) == 3  # the files were written inside the transaction...
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(publication, "figures_store", connection_lost)
    with pytest.raises(OperationalError):
        publication.report_publish(report=approved, by=user("shenhe"))
    assert_not_published(approved, media)  # ...and removed when it rolled back


def test_administrators_see_failed_jobs_and_try_them_again(admin_client, approved, media, monkeypatch):
    monkeypatch.setattr(publication, "render_pdf", lambda doc: (_ for _ in ()).throw(RuntimeError("磁盘已满")))
    job = publication.publication_start(approved, by=user("shenhe"))
    page = admin_client.get("/admin/jobs/job/", {"state__exact": "failed"}).content.decode()
    assert "公开决算" in page and "失败" in page and f"/admin/jobs/job/{job.pk}/change/" in page
    monkeypatch.undo()
    response = admin_client.post("/admin/jobs/job/", {"action": "retry", "_selected_action": [job.pk]},
                                 follow=True)
    assert "已重新排队 1 个任务" in response.content.decode()
    job.refresh_from_db()
    approved.refresh_from_db()
    assert job.state == Job.State.SUCCEEDED and approved.state == Report.State.PUBLISHED
