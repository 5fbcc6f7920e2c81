"""Lateness, one rule (`apps.reports.selectors.is_late`): the reviewer's queue and the bureau's dashboard say the same."""
import datetime

import pytest

from apps.accounts.models import Organisation
from apps.reports.models import Report, ReportingDeadline

# department → its reports of 2021 (revision, state), and whether it is late once the deadline has passed
CASES = {
    "沁阳市审计局": ((), True),  # nothing started
    "沁阳市统计局": (((1, Report.State.DRAFT),), True),  # a first draft
    "沁阳市民政局": (((1, Report.State.SUBMITTED),), False),
    "沁阳市水利局": (((1, Report.State.PUBLISHED),), False),
    "沁阳市司法局": (((1, Report.State.PUBLISHED), (2, Report.State.DRAFT)), True),  # a correction in draft
    "沁阳市商务局": (((1, Report.State.PUBLISHED), (2, Report.State.SUBMITTED)), False),  # a correction submitted
}


@pytest.fixture
def departments(demo_report):
    bureau = demo_report.department.parent
    for i, (name, (reports, _)) in enumerate(CASES.items()):
        department = Organisation.objects.create(code=f"410882-t{i}", name=name, kind="department",
                                                 region=demo_report.department.region, parent=bureau)
        for revision, state in reports:
            Report.objects.create(department=department, fiscal_year=2021, revision=revision, state=state)
    Report.objects.filter(pk=demo_report.pk).update(state=Report.State.SUBMITTED)
    return bureau


def late_on_the_queue(client) -> set[str]:
    overdue = client.get("/review/").content.decode().split('<h2 id="overdue">逾期未报送</h2>')[1]
    return {name for name in CASES if name in overdue}


def late_on_the_dashboard(client) -> set[str]:
    page = client.get("/bureau/dashboard/", {"year": "2021"}).content.decode()
    return {name for name in CASES if "已逾期" in page.split(name)[1].split("</tr>")[0]}


def test_the_queue_and_the_dashboard_say_the_same_departments_are_late(client, departments):
    client.login(username="shenhe", password="shenhe-2021-demo")
    assert late_on_the_queue(client) == late_on_the_dashboard(client) == set()  # no deadline yet
    deadline = ReportingDeadline.objects.create(finance_bureau=departments, fiscal_year=2021,
                                                due_date=datetime.date.today() + datetime.timedelta(days=1))
    assert late_on_the_queue(client) == late_on_the_dashboard(client) == set()  # not yet passed
    deadline.due_date = datetime.date.today() - datetime.timedelta(days=3)
    deadline.save()
    late = {name for name, (_, is_late) in CASES.items() if is_late}
    assert late_on_the_queue(client) == late == late_on_the_dashboard(client)
    assert "<td>2021</td><td>" + deadline.due_date.isoformat() + "</td><td>3</td>" in client.get("/review/").content.decode()
