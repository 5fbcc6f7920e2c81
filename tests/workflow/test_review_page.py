"""The reviewer's view of a report marks what they commented on and, against the revision before, what each changed
cell printed there."""
from decimal import Decimal

from apps.reports.models import IncomeLine, Report
from apps.workflow import services as workflow
from tests.helpers import publish, user


def test_commented_cells_are_marked_and_changed_cells_show_what_they_were(client, demo_report, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    published = publish(demo_report)
    revision = workflow.report_start_correction(report=published, by=user("kuaiji"), note="更正收入划分")
    IncomeLine.objects.filter(report=revision, subject__code="2010306").update(fiscal=Decimal("1848600"))
    IncomeLine.objects.filter(report=revision, subject__code="2010350").update(fiscal=Decimal("33000"))
    workflow.report_submit(report=Report.objects.get(pk=revision.pk), by=user("kuaiji"))
    client.force_login(user("shenhe"))
    client.post("/review/410882-zwfw/2021/comments/", {"table": "income", "row": "2010306", "column": "fiscal",
                                                       "text": "请核对划分"})
    page = client.get("/review/410882-zwfw/2021/").content.decode()
    assert 'class="num changed has-comment" data-cell="income|2010306|fiscal"' in page
    cell = page.split('data-cell="income|2010306|fiscal"')[1].split("</td>")[0]
    assert '<span class="was"><span class="visually-hidden">原为</span><del>183.86</del></span> 184.86' in cell
    unchanged = page.split('data-cell="expenditure|2010306|basic"')[1].split("</td>")[0]
    assert unchanged == ' tabindex="0">102.58'  # the same in both revisions: shown as it is
