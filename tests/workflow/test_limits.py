"""The longest texts are the model fields' max_length, one number each: the page's maxlength and the service's check
(a 退回意见 or an 更正说明 over it is refused with a message, never cut) read the same field."""
import re

from apps.reports.models import Report, ReportEvent, ReviewComment, TableNote, WarningExplanation
from apps.workflow import services as workflow
from tests.helpers import user

R = "410882-zwfw/2021"


def limit(model, field: str) -> int:
    return model._meta.get_field(field).max_length


def maxlength(page: str, name: str) -> int:
    return int(re.search(rf'name="{re.escape(name)}"[^>]* maxlength="(\d+)"', page).group(1))


def test_the_pages_maxlength_is_the_fields_length(client, demo_report):
    client.force_login(user("kuaiji"))
    overview = client.get(f"/entry/{R}/").content.decode()
    assert maxlength(overview, "w|P-06|sheet.2:indicator.13:actual") == limit(WarningExplanation, "text")
    table = client.get(f"/entry/{R}/tables/government_fund/").content.decode()
    assert maxlength(table, "table_note") == limit(TableNote, "text")
    Report.objects.filter(pk=demo_report.pk).update(state=Report.State.PUBLISHED)
    assert maxlength(client.get("/entry/").content.decode(), "note") == limit(Report, "correction_note")
    Report.objects.filter(pk=demo_report.pk).update(state=Report.State.SUBMITTED)
    client.force_login(user("shenhe"))
    review = client.get(f"/review/{R}/").content.decode()
    assert maxlength(review, "comment") == limit(ReportEvent, "comment")
    assert maxlength(review, "text") == limit(ReviewComment, "text")


def test_a_return_comment_as_long_as_its_field_is_taken_and_a_longer_one_refused(client, demo_report):
    most = limit(ReportEvent, "comment")
    report = workflow.report_submit(report=demo_report, by=user("kuaiji"))
    client.force_login(user("shenhe"))
    page = client.post(f"/review/{R}/action/", {"action": "return", "comment": "请" * (most + 1)}, follow=True)
    assert f"退回意见不能超过 {most} 字（现有 {most + 1} 字）" in page.content.decode()
    report.refresh_from_db()
    assert report.state == Report.State.SUBMITTED
    client.post(f"/review/{R}/action/", {"action": "return", "comment": "请" * most})
    report.refresh_from_db()
    assert report.state == Report.State.DRAFT
    assert report.events.get(action="return").comment == "请" * most


def test_a_correction_note_as_long_as_its_field_is_taken_and_a_longer_one_refused(client, demo_report):
    most = limit(Report, "correction_note")
    Report.objects.filter(pk=demo_report.pk).update(state=Report.State.PUBLISHED)
    client.force_login(user("kuaiji"))
    page = client.post(f"/entry/{R}/correct/", {"note": "改" * (most + 1)}, follow=True).content.decode()
    assert f"更正说明不能超过 {most} 字（现有 {most + 1} 字）" in page
    assert not Report.objects.filter(department=demo_report.department, revision=2).exists()
    client.post(f"/entry/{R}/correct/", {"note": "改" * most})
    assert Report.objects.get(department=demo_report.department, revision=2).correction_note == "改" * most
