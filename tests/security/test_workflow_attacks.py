"""The workflow's flaws: one person approving their own submission, a 公开 lost when the broker is down."""
import pytest
from django.contrib.auth.models import Permission

from apps.accounts.models import Membership
from apps.jobs.models import Job
from apps.portal.services import publication
from apps.reports.models import Report
from apps.workflow import services as workflow
from tests.helpers import accept_explanations, use_broker, user


@pytest.fixture
def both_roles(demo_report):
    """The demo's accountant also holds the reviewer role of the bureau (one person in a small office)."""
    person = user("kuaiji")
    Membership.objects.create(user=person, organisation=demo_report.department.parent, role=Membership.Role.REVIEWER)
    return person


def test_the_submitter_cannot_approve_their_own_report(client, demo_report, both_roles):
    report = workflow.report_submit(report=demo_report, by=both_roles)
    accept_explanations(report.warning_explanations.all())
    client.force_login(both_roles)
    page = client.get("/review/410882-zwfw/2021/").content.decode()
    assert 'id="approve-button"' not in page and "审核通过和公开须由本局其他审核人办理" in page
    response = client.post("/review/410882-zwfw/2021/action/", {"action": "approve"}, follow=True)
    assert "这份决算是您本人提交的，不能由您审核通过" in response.content.decode()
    assert Report.objects.get(pk=demo_report.pk).state == Report.State.SUBMITTED
    approved = workflow.report_approve(report=report, by=user("shenhe"))  # another reviewer of the bureau may
    assert approved.state == Report.State.APPROVED


def test_the_submitter_cannot_publish_their_own_report(client, demo_report, both_roles, media):
    report = workflow.report_submit(report=demo_report, by=both_roles)
    accept_explanations(report.warning_explanations.all())
    workflow.report_approve(report=report, by=user("shenhe"))
    client.force_login(both_roles)
    page = client.get("/review/410882-zwfw/2021/").content.decode()
    assert 'id="publish-button"' not in page and "公开须由本局其他审核人办理" in page
    response = client.post("/review/410882-zwfw/2021/action/", {"action": "publish"}, follow=True)
    assert "不能由您公开" in response.content.decode()
    assert Report.objects.get(pk=demo_report.pk).state == Report.State.APPROVED and not Job.objects.exists()
    with pytest.raises(workflow.TransitionRefused):
        publication.report_publish(report=report, by=both_roles)


@pytest.fixture
def broker_down(settings):
    """A broker configured but not answering (a closed port)."""
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    use_broker(settings.CELERY_BROKER_URL)
    yield
    use_broker(None)


@pytest.fixture
def approved(demo_report, media):
    report = workflow.report_submit(report=demo_report, by=user("kuaiji"))
    accept_explanations(report.warning_explanations.all())
    return workflow.report_approve(report=report, by=user("shenhe"))


def test_publish_with_the_broker_down_fails_visibly_and_can_be_retried(client, approved, broker_down, settings,
                                                                       django_capture_on_commit_callbacks):
    client.force_login(user("shenhe"))
    with django_capture_on_commit_callbacks(execute=True):  # the job is sent once the request's work commits
        response = client.post("/review/410882-zwfw/2021/action/", {"action": "publish"})
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert (job.state, job.attempts) == (Job.State.FAILED, 0)
    assert "任务队列（消息服务）暂时无法连接" in client.get(job.get_absolute_url()).content.decode()
    page = client.get("/review/410882-zwfw/2021/").content.decode()
    assert 'id="publishing"' not in page and 'id="publish-button"' in page  # not “正在公开” for ever

    settings.CELERY_BROKER_URL = ""  # the broker is back (here: jobs run at once)
    client.post("/review/410882-zwfw/2021/action/", {"action": "publish"})
    assert Report.objects.get(pk=approved.pk).state == Report.State.PUBLISHED


def test_an_administrator_retries_a_publication_that_never_started(client, approved, broker_down, settings,
                                                                   django_capture_on_commit_callbacks):
    client.force_login(user("shenhe"))
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/review/410882-zwfw/2021/action/", {"action": "publish"})
    failed = Job.objects.get()
    lost = Job.objects.create(kind=Job.Kind.PUBLISH, report=approved, created_by=user("shenhe"))  # queued, never sent
    settings.CELERY_BROKER_URL = ""
    admin = user("guanli")
    admin.user_permissions.add(Permission.objects.get(codename="view_job"))
    client.force_login(admin)
    response = client.post("/admin/jobs/job/", {"action": "retry", "_selected_action": [failed.pk, lost.pk]},
                           follow=True)
    assert "已重新排队 2 个任务" in response.content.decode()
    states = {Job.objects.get(pk=failed.pk).state, Job.objects.get(pk=lost.pk).state}
    assert states == {Job.State.SUCCEEDED, Job.State.FAILED}  # one published it; the other found it published
    assert Report.objects.get(pk=approved.pk).state == Report.State.PUBLISHED
