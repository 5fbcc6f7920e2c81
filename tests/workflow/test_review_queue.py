"""The reviewer's queue lists what was submitted, and on request the reports returned and not yet submitted again
and those still being filled (by name only: a reviewer opens a report once it is submitted)."""
import pytest

from apps.accounts.models import Organisation
from apps.reports.models import Report
from apps.workflow import services as workflow
from tests.helpers import user


@pytest.fixture
def queue(client, demo_report):
    """The demo report returned once; a second department's draft never submitted."""
    workflow.report_submit(report=demo_report, by=user("kuaiji"))
    workflow.report_return(report=demo_report, by=user("shenhe"), comment="请核对收入")
    other = Organisation.objects.create(code="410882-sjj", name="沁阳市审计局", kind="department",
                                        region=demo_report.department.region, parent=demo_report.department.parent)
    Report.objects.create(department=other, fiscal_year=2021)
    assert client.login(username="shenhe", password="shenhe-2021-demo")
    return client


def listed(client, state="") -> str:
    page = client.get("/review/", {"state": state}).content.decode()
    return page.split("<tbody>")[1].split("</tbody>")[0]


def test_a_returned_report_stays_in_the_queue_until_submitted_again(queue, demo_report):
    assert "没有符合条件的决算" in listed(queue)  # nothing submitted
    returned = listed(queue, "returned")
    assert "沁阳市政务服务和大数据管理局" in returned and "已退回，待重新提交" in returned
    assert "沁阳市审计局" not in returned  # never returned
    assert 'href="/review/' not in returned  # a draft is named, not opened
    drafts = listed(queue, "draft")
    assert "沁阳市审计局" in drafts and "沁阳市政务服务和大数据管理局" in drafts

    workflow.report_submit(report=Report.objects.get(pk=demo_report.pk), by=user("kuaiji"))
    assert "沁阳市政务服务和大数据管理局" not in listed(queue, "returned")
    assert 'href="/review/410882-zwfw/2021/"' in listed(queue, "submitted")


def test_the_queue_points_to_the_departments_that_are_late(queue, demo_report):
    from datetime import date

    from apps.reports.models import ReportingDeadline

    ReportingDeadline.objects.create(finance_bureau=demo_report.department.parent, fiscal_year=2021,
                                     due_date=date(2022, 5, 31))
    page = queue.get("/review/").content.decode()
    assert '<a href="#overdue">逾期未报送的部门：2 个</a>' in page and 'id="overdue"' in page
