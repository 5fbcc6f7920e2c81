"""The steps a user may take on a report now, read from the workflow's tables, are the buttons the pages show and
the only ones the review action takes."""
import re

import pytest

from apps.accounts.models import Membership
from apps.reports.models import Report
from apps.workflow import services as workflow
from tests.helpers import accept_explanations, publish, user

State = Report.State

# state → user → the steps they may take (the demo: kuaiji its accountant, shenhe the bureau's reviewer, guanli
# the bureau's administrator and a superuser)
EXPECTED = {
    State.DRAFT: {"kuaiji": {"submit"}, "shenhe": set(), "guanli": set()},
    State.SUBMITTED: {"kuaiji": set(), "shenhe": {"return", "approve", "comment", "judge"}, "guanli": set()},
    State.APPROVED: {"kuaiji": set(), "shenhe": {"publish"}, "guanli": set()},
    State.PUBLISHED: {"kuaiji": {"correct"}, "shenhe": set(), "guanli": set()},
}


@pytest.mark.parametrize("state", list(EXPECTED))
def test_the_steps_each_role_may_take_in_each_state(demo_report, state):
    Report.objects.filter(pk=demo_report.pk).update(state=state)
    report = Report.objects.get(pk=demo_report.pk)
    for name, expected in EXPECTED[state].items():
        assert workflow.available_actions(report, user(name)) == expected, (state, name)
        assert workflow.withheld_by_four_eyes(report, user(name)) == set()


@pytest.fixture
def both_roles(demo_report):
    """The demo's reviewer also enters the department's report (one person in a small office)."""
    person = user("shenhe")
    Membership.objects.create(user=person, organisation=demo_report.department, role=Membership.Role.ACCOUNTANT)
    return person


def test_four_eyes_withholds_approval_and_publication_from_the_submitter(demo_report, both_roles):
    report = workflow.report_submit(report=demo_report, by=both_roles)
    assert workflow.available_actions(report, both_roles) == {"return", "comment", "judge"}
    assert workflow.withheld_by_four_eyes(report, both_roles) == {"approve"}
    other = Membership.objects.create(user=user("kuaiji"), organisation=demo_report.department.parent,
                                      role=Membership.Role.REVIEWER).user
    assert "approve" in workflow.available_actions(report, other)
    accept_explanations(report.warning_explanations.all())
    report = workflow.report_approve(report=report, by=other)
    assert workflow.available_actions(report, both_roles) == set()
    assert workflow.withheld_by_four_eyes(report, both_roles) == {"publish"}
    assert workflow.available_actions(report, other) == {"publish"}


def test_a_correction_is_offered_on_the_latest_published_revision_only(client, demo_report, media):
    first = publish(demo_report)
    second = workflow.report_start_correction(report=first, by=user("kuaiji"), note="更正")
    assert workflow.available_actions(first, user("kuaiji")) == set()
    assert workflow.available_actions(second, user("kuaiji")) == {"submit"}
    client.force_login(user("kuaiji"))
    assert client.get("/entry/").content.decode().count("发起更正") == 0
    Report.objects.filter(pk=second.pk).update(state=State.PUBLISHED)
    assert client.get("/entry/").content.decode().count("发起更正") == 1  # the button of revision 2, not of 1


BUTTONS = {"comment": 'id="comment-form"', "judge": 'name="verdict"', "return": 'id="return-button"',
           "approve": 'id="approve-button"', "publish": 'id="publish-button"'}


@pytest.mark.parametrize("state", [State.SUBMITTED, State.APPROVED, State.PUBLISHED])
def test_the_review_page_shows_the_buttons_of_the_available_steps(client, demo_report, state):
    Report.objects.filter(pk=demo_report.pk).update(state=state)
    actions = workflow.available_actions(Report.objects.get(pk=demo_report.pk), user("shenhe"))
    client.force_login(user("shenhe"))
    page = client.get("/review/410882-zwfw/2021/").content.decode()
    assert {action for action, button in BUTTONS.items() if button in page} == actions & set(BUTTONS)
    assert ("当前状态无可执行的操作" in page) == (state == State.PUBLISHED)


def test_the_overview_offers_submission_from_the_available_steps(client, demo_report, monkeypatch):
    client.force_login(user("kuaiji"))
    assert 'id="submit-button"' in client.get("/entry/410882-zwfw/2021/").content.decode()
    monkeypatch.setattr("apps.entry.views.pages.available_actions", lambda report, user: set())
    assert 'id="submit-button"' not in client.get("/entry/410882-zwfw/2021/").content.decode()


def test_the_review_action_takes_only_an_available_step(client, demo_report, monkeypatch):
    """A step not offered (a stale page: another reviewer acted) is refused with its reason, its service not run."""
    Report.objects.filter(pk=demo_report.pk).update(state=State.APPROVED)

    def never(**kwargs):
        raise AssertionError("the service of a step that is not available was called")

    monkeypatch.setattr(workflow, "report_approve", never)
    monkeypatch.setattr(workflow, "report_return", never)
    client.force_login(user("shenhe"))
    for action, label in (("approve", "审核通过"), ("return", "退回")):
        response = client.post("/review/410882-zwfw/2021/action/", {"action": action, "comment": "请改"}, follow=True)
        assert re.search(f"当前为“已审核”，不能{label}", response.content.decode()), action
    assert client.post("/review/410882-zwfw/2021/action/", {"action": "comment"}).status_code == 404
    assert Report.objects.get(pk=demo_report.pk).state == State.APPROVED
