"""The finance bureau's dashboard: progress of every department, consolidated totals computed in the database,
their workbook, and the rules that fire most."""
import io
from decimal import Decimal

import pytest
from django.db.models import F
from openpyxl import load_workbook

from apps.accounts.models import Organisation
from apps.jobs.models import Job
from apps.reports.models import BasicExpenditureLine, ReportCheckSummary
from tests.helpers import publish

URL = "/bureau/dashboard/"


@pytest.fixture
def reviewer(client, demo_report):
    assert client.login(username="shenhe", password="shenhe-2021-demo")
    return client


def test_every_department_with_its_state_and_findings(reviewer, demo_report):
    Organisation.objects.create(code="410882-sjj", name="沁阳市审计局", kind="department",
                                region=demo_report.department.region, parent=demo_report.department.parent)
    page = reviewer.get(URL, {"year": "2021"}).content.decode()
    assert "2 个部门：未开始 1 个，填报中 1 个" in page
    row = page.split("沁阳市政务服务和大数据管理局")[1].split("</tr>")[0]
    assert "草稿" in row and '<td class="num">0</td><td class="num">8</td>' in row  # errors, warnings
    assert "<td>P-06</td>" in page and '<td class="num">4</td>' in page  # the rule that fires most


def test_findings_are_recomputed_only_after_the_data_changed(reviewer, demo_report, client):
    reviewer.get(URL)
    summary = ReportCheckSummary.objects.get(report=demo_report)
    assert (summary.errors, summary.warnings) == (0, 8)
    client.logout()
    assert client.login(username="kuaiji", password="kuaiji-2021-demo")
    data = {"v|30201|amount": "1.24", "b|30201|amount": "0.24"}  # 办公费 +1 万元: 公开06表 no longer adds up
    assert client.post("/entry/410882-zwfw/2021/tables/basic/", data).status_code in (200, 302)
    client.logout()
    assert client.login(username="shenhe", password="shenhe-2021-demo")
    page = client.get(URL).content.decode()
    summary.refresh_from_db()
    assert summary.errors >= 1 and "T06-04" in summary.codes and "T06-04" in page


def test_consolidated_totals_of_published_reports_and_their_workbook(reviewer, demo_report, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    page = reviewer.get(URL, {"year": "2021"}).content.decode()
    assert "汇总（0 份已公开决算，万元）" in page
    publish(demo_report)
    page = reviewer.get(URL, {"year": "2021"}).content.decode()
    assert "汇总（1 份已公开决算，万元）" in page
    assert "<td>201</td><td>一般公共服务支出</td><td class=\"num\">197.53</td>" in page
    basic_office = BasicExpenditureLine.objects.get(report=demo_report, subject__code="30201").amount / 10000
    assert f"<td>30201</td><td>办公费</td><td class=\"num\">{basic_office.quantize(Decimal('0.01'))}</td>" in page
    response = reviewer.post("/bureau/dashboard/consolidated/", {"year": "2021"}, follow=True)
    job = Job.objects.get(kind=Job.Kind.CONSOLIDATED)  # a background job (done at once without a broker)
    assert job.state == Job.State.SUCCEEDED and job.fiscal_year == 2021 and job.organisation.code == "410882-czj"
    assert 'id="job-result"' in response.content.decode()
    response = reviewer.get(f"/jobs/{job.token}/result")
    assert response["Content-Disposition"] == 'attachment; filename="410882-czj-2021-consolidated.xlsx"'
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert ["201", "一般公共服务支出", pytest.approx(197.53)] in values


def test_only_the_bureau_sees_its_dashboard(client, demo_report):
    assert client.get(URL).status_code == 302
    client.login(username="kuaiji", password="kuaiji-2021-demo")
    assert client.get(URL).status_code == 403
    assert client.post("/bureau/dashboard/consolidated/").status_code == 403
    assert not Job.objects.exists()


def test_a_reviewer_of_another_bureau_never_sees_this_bureau(client, demo_report):
    from apps.accounts.models import Membership, Region, User

    region = Region.objects.create(code="410100", name="郑州市", parent=demo_report.department.region.parent)
    other = Organisation.objects.create(code="410100-czj", name="郑州市财政局", kind="finance_bureau", region=region)
    person = User.objects.create_user("zhengzhou", password="Zhengzhou-2021-check")
    Membership.objects.create(user=person, organisation=other, role="reviewer")
    client.force_login(person)
    page = client.get(URL, {"bureau": demo_report.department.parent_id, "year": "2021"}).content.decode()
    assert "郑州市财政局" in page and "沁阳市政务服务和大数据管理局" not in page


@pytest.mark.parametrize("query", [{}, {"year": "abc"}, {"year": "-3", "bureau": "x"}, {"bureau": "999999"}])
def test_a_choice_that_is_none_of_the_users_shows_the_latest_year_of_the_first_bureau(reviewer, demo_report, query):
    page = reviewer.get(URL, query).content.decode()
    assert "<h1>沁阳市财政局：2021 年度部门决算</h1>" in page and "沁阳市政务服务和大数据管理局" in page


def test_a_year_chosen_is_shown_even_without_reports(reviewer, demo_report):
    page = reviewer.get(URL, {"year": "2019"}).content.decode()
    assert "<h1>沁阳市财政局：2019 年度部门决算</h1>" in page


def dashboard_totals(client, **query) -> dict[str, str]:
    """The consolidated 类 totals the dashboard shows, by code."""
    page = client.get(URL, {"year": "2021", **query}).content.decode()
    rows = page.split("本年支出按功能分类“类”")[1].split("</table>")[0].split("<tr>")[2:]
    return {row.split("<td>")[1].split("</td>")[0]: row.split('class="num">')[1].split("<")[0] for row in rows}


def test_kept_totals_follow_every_change_of_the_published_set(reviewer, demo_report, settings, tmp_path,
                                                              django_capture_on_commit_callbacks):
    """Publication keeps the bureau's totals; a correction's publication and a department moved away change them."""
    from apps.accounts.models import Region
    from apps.bureau.models import ConsolidatedTotals
    from apps.workflow.services import report_start_correction
    from tests.helpers import user

    settings.MEDIA_ROOT = tmp_path
    with django_capture_on_commit_callbacks(execute=True):
        publish(demo_report)
    kept = ConsolidatedTotals.objects.get(bureau=demo_report.department.parent, fiscal_year=2021)
    assert kept.reports == 1  # computed at publication, before anyone opened the dashboard
    assert dashboard_totals(reviewer)["201"] == "197.53"

    revision = report_start_correction(report=demo_report, by=user("kuaiji"), note="更正 201 类")
    for lines in (revision.expenditure_lines, revision.general_budget_lines):  # 1 万元 moved from 208 to 201 类
        lines.filter(subject__code="2080505").update(basic=F("basic") - 10000)
        lines.filter(subject__code="2010306").update(basic=F("basic") + 10000)
    assert dashboard_totals(reviewer)["201"] == "197.53"  # a draft correction changes nothing
    with django_capture_on_commit_callbacks(execute=True):
        publish(revision)
    assert dashboard_totals(reviewer)["201"] == "198.53" and dashboard_totals(reviewer)["208"] == "10.58"

    other = Organisation.objects.create(code="410000-czt", name="河南省财政厅", kind="finance_bureau",
                                        region=Region.objects.get(code="410000"))
    Organisation.objects.filter(pk=demo_report.department.pk).update(parent=other)
    assert "汇总（0 份已公开决算，万元）" in reviewer.get(URL, {"year": "2021"}).content.decode()


def test_many_departments_are_listed_a_page_at_a_time_and_by_state(reviewer, demo_report):
    bureau = demo_report.department.parent
    Organisation.objects.bulk_create(
        Organisation(code=f"410882-x{i:03d}", name=f"测试局{i:03d}", kind="department",
                     region=demo_report.department.region, parent=bureau) for i in range(150))
    page = reviewer.get(URL, {"year": "2021"}).content.decode()
    assert "151 个部门：未开始 150 个，填报中 1 个" in page
    assert "各部门进度（151 个，第 1–100 个）" in page and "第 1 / 2 页" in page
    assert page.count("测试局") == 100 and "测试局100" not in page
    second = reviewer.get(URL, {"year": "2021", "page": "2"}).content.decode()
    listed = second.split('id="departments"')[1].split("</table>")[0]
    assert listed.count("测试局") == 50 and "测试局149" in listed and "沁阳市政务服务和大数据管理局" in listed

    drafts = reviewer.get(URL, {"year": "2021", "listing": "draft"}).content.decode()
    assert "各部门进度：填报中（1 个）" in drafts and "测试局" not in drafts.split("各部门进度")[1].split("</table>")[0]
    assert "151 个部门：未开始 150 个，填报中 1 个" in drafts  # the counts are of every department
    late = reviewer.get(URL, {"year": "2021", "listing": "late"}).content.decode()
    assert "没有已逾期的部门。" in late
    assert reviewer.get(URL, {"year": "2021", "listing": "bogus", "page": "x"}).status_code == 200


def test_the_dashboard_opens_on_the_year_under_review_and_counts_what_is_left_to_do(reviewer, demo_report):
    from apps.workflow import services as workflow
    from tests.helpers import accept_explanations, user

    Report = type(demo_report)
    Report.objects.create(department=demo_report.department, fiscal_year=2022)  # a newer year, still a draft
    workflow.report_submit(report=demo_report, by=user("kuaiji"))
    page = reviewer.get(URL).content.decode()
    assert "<option selected>2021</option>" in page  # the year with a report waiting, not the newest
    row = page.split("沁阳市政务服务和大数据管理局</a>")[1].split("</tr>")[0]
    assert '<td class="num">0</td><td class="num">8</td>' in row  # 8 warnings, none accepted yet
    accept_explanations(demo_report.warning_explanations.all())
    row = reviewer.get(URL).content.decode().split("沁阳市政务服务和大数据管理局</a>")[1].split("</tr>")[0]
    assert '<td class="num">0</td><td class="num">0（另 8 条已认可）</td>' in row


def test_figures_stored_again_recompute_the_kept_totals(reviewer, demo_report, settings, tmp_path,
                                                       django_capture_on_commit_callbacks):
    from django.core.management import call_command

    from apps.bureau.models import ConsolidatedTotals
    from apps.reports.models import PublishedLine

    settings.MEDIA_ROOT = tmp_path
    with django_capture_on_commit_callbacks(execute=True):
        publish(demo_report)
    ConsolidatedTotals.objects.update(blocks=[["本年支出按功能分类“类”（公开01表）", [["201", "一般公共服务支出", "1.00"]]]])
    PublishedLine.objects.filter(report=demo_report).delete()  # as before an upgrade that added the lines
    call_command("store_figures", stdout=io.StringIO())
    assert dashboard_totals(reviewer)["201"] == "197.53"  # computed again, not the totals kept before
