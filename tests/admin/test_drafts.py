"""The bureau's administrator manages a department's draft through the real pages: its edition and class count
(each change in the trail), or its deletion (recorded in the admin's log, and for a correction in the trail of the
revision it corrected); nobody else, and never a report that left draft."""
import pytest
from django.contrib.admin.models import DELETION, LogEntry

from apps.accounts.models import Organisation
from apps.reports.editions import DEFAULT_EDITION
from apps.reports.models import Report, ReportEvent
from apps.workflow.services import report_submit
from tests.helpers import publish, user

pytestmark = pytest.mark.django_db
PAGE = "/bureau/reports/410882-zwfw/2021/draft/"
DELETE = f"{PAGE}delete/"
SHANGHAI = "shanghai-2024"
NAME = "沁阳市政务服务和大数据管理局"


def login(client, username="guanli"):
    assert client.login(username=username, password=f"{username}-2021-demo")


def test_the_administrator_changes_edition_and_class_count_and_the_trail_shows_both(client, demo_report):
    login(client)
    bureau = Organisation.objects.get(code="410882-czj").pk
    dashboard = client.get(f"/bureau/dashboard/?bureau={bureau}&year=2021").content.decode()
    assert f'href="{PAGE}"' in dashboard and "河南 2021 年版" in dashboard
    page = client.get(PAGE).content.decode()
    assert "上海 2024 年版（区级部门）" in page and "24 类（不含债务还本支出、债务付息支出）" in page
    refused = client.post(PAGE, {"edition": SHANGHAI, "summary_classes": "26"})
    assert refused.status_code == 422 and "规定列示24 类" in refused.content.decode()
    response = client.post(PAGE, {"edition": SHANGHAI, "summary_classes": "24"}, follow=True)
    assert "已保存：版式“上海 2024 年版（区级部门）”，24 类" in response.content.decode()
    demo_report.refresh_from_db()
    assert (demo_report.edition, demo_report.summary_classes) == (SHANGHAI, "24")
    events = list(demo_report.events.order_by("-pk")[:2])
    assert sorted((e.target, e.new_value, e.actor.username) for e in events) == [
        ("公开01表/04表支出类数", "24 类（不含债务还本支出、债务付息支出）", "guanli"),
        ("公开模板版式", "上海 2024 年版（区级部门）", "guanli")]
    client.post(PAGE, {"edition": "henan-2021", "summary_classes": "24"})
    demo_report.refresh_from_db()
    assert (demo_report.edition, demo_report.summary_classes) == ("henan-2021", "24")  # 河南 leaves it to the year
    assert client.post(PAGE, {"edition": "hunan-2030", "summary_classes": "26"}).status_code == 422


def test_deleting_a_draft_needs_its_name_and_is_recorded(client, demo_report):
    login(client)
    wrong = client.post(DELETE, {"confirm": "沁阳市"})
    assert wrong.status_code == 422 and f"输入的名称与“{NAME}”不符，未删除。" in wrong.content.decode()
    assert Report.objects.filter(pk=demo_report.pk).exists()
    events = demo_report.events.count()
    response = client.post(DELETE, {"confirm": NAME}, follow=True)
    assert f"已删除草稿 {NAME} 2021年度部门决算（410882-zwfw/2021 第1版，操作记录 {events} 条" in response.content.decode()
    assert not Report.objects.filter(pk=demo_report.pk).exists()
    assert not ReportEvent.objects.filter(report_id=demo_report.pk).exists()
    entry = LogEntry.objects.get(action_flag=DELETION, object_id=str(demo_report.pk))
    assert entry.user.username == "guanli" and "删除草稿" in entry.get_change_message()
    login(client, "kuaiji")  # the accountant starts the year again
    assert client.post("/entry/", {"department": demo_report.department_id, "fiscal_year": "2021",
                                   "unit": "wan_yuan"}).status_code == 302


def test_deleting_a_correction_draft_is_recorded_in_the_corrected_revisions_trail(client, demo_report):
    from apps.workflow.services import report_start_correction

    publish(demo_report)
    correction = report_start_correction(report=demo_report, by=user("kuaiji"), note="更正")
    login(client)
    assert client.post(DELETE, {"confirm": NAME}).status_code == 302
    assert not Report.objects.filter(pk=correction.pk).exists()
    event = demo_report.events.latest("pk")
    assert event.target == "删除第2版更正草稿" and event.actor.username == "guanli" and "第2版" in event.old_value
    assert client.post(DELETE, {"confirm": NAME}).status_code == 403  # the published revision stays


@pytest.mark.parametrize("username, status", [("kuaiji", 403), ("shenhe", 404)])
def test_nobody_else_changes_or_deletes_a_draft(client, demo_report, username, status):
    login(client, username)
    assert client.post(PAGE, {"edition": SHANGHAI, "summary_classes": "24"}).status_code == status
    assert client.post(DELETE, {"confirm": NAME}).status_code == status
    demo_report.refresh_from_db()
    assert demo_report.edition == DEFAULT_EDITION


def test_a_submitted_report_is_neither_changed_nor_deleted(client, demo_report):
    report_submit(report=demo_report, by=user("kuaiji"))
    login(client)
    assert client.post(PAGE, {"edition": SHANGHAI, "summary_classes": "24"}).status_code == 403
    assert client.post(DELETE, {"confirm": NAME}).status_code == 403
    demo_report.refresh_from_db()
    assert demo_report.edition == DEFAULT_EDITION and demo_report.state == Report.State.SUBMITTED
