"""Once submitted, the accountant still reads every entry page (read only, saying why) and can change nothing; after
logging in, each person lands on their own work."""
import pytest

from apps.reports.models import Report
from apps.workflow import services as workflow
from tests.helpers import user

ENTRY = "/entry/410882-zwfw/2021"


@pytest.fixture
def submitted(client, demo_report):
    workflow.report_submit(report=demo_report, by=user("kuaiji"))
    assert client.login(username="kuaiji", password="kuaiji-2021-demo")
    return demo_report


def test_a_submitted_table_is_shown_read_only(client, submitted):
    page = client.get(f"{ENTRY}/tables/expenditure/").content.decode()
    assert "已提交，审核中：以下为只读查看，不能修改。" in page
    assert 'id="c-2010306-basic"' in page and ">102.58</td>" in page  # the figure as text
    assert 'name="v|' not in page and 'id="save-button"' not in page and "添加科目" not in page
    response = client.post(f"{ENTRY}/tables/expenditure/", {"v|2010306|basic": "1.00", "b|2010306|basic": "102.58"})
    assert response.status_code == 403
    assert submitted.expenditure_lines.get(subject__code="2010306").basic == 1025800


def test_a_submitted_section_and_the_overview_are_read_only(client, submitted):
    page = client.get(f"{ENTRY}/sections/overview/").content.decode()
    assert "以下为只读查看" in page and "disabled" in page and "保存草稿" not in page
    assert client.post(f"{ENTRY}/sections/overview/", {"duties": "改写"}).status_code == 403
    overview = client.get(f"{ENTRY}/").content.decode()
    assert "已提交，审核中" in overview and 'id="import-link"' not in overview and "保存说明" not in overview
    assert 'id="submit-button"' not in overview
    home = client.get("/entry/").content.decode()
    assert "查看填报内容" in home


def test_a_submitted_sheet_is_shown_read_only(client, submitted):
    overview = client.get(f"{ENTRY}/").content.decode()
    assert f'href="{ENTRY}/sheets/1/"' in overview  # listed and linked, to be read
    sheets = client.get(f"{ENTRY}/sheets/").content.decode()
    assert "以下为只读查看" in sheets and 'id="new-sheet"' not in sheets
    page = client.get(f"{ENTRY}/sheets/1/").content.decode()
    assert "以下为只读查看" in page and '<fieldset class="sheet-fields" disabled>' in page
    assert 'id="save-sheet"' not in page and 'id="findings-title"' in page
    name, count = submitted.evaluation_sheets.get(order=1).name, submitted.evaluation_sheets.count()
    assert client.post(f"{ENTRY}/sheets/1/", {"name": "改写"}).status_code == 403
    assert client.post(f"{ENTRY}/sheets/new/", {"kind": "project"}).status_code == 403
    assert submitted.evaluation_sheets.get(order=1).name == name and submitted.evaluation_sheets.count() == count


def test_only_its_accountants_read_the_entry_pages(client, submitted):
    client.logout()
    assert client.login(username="shenhe", password="shenhe-2021-demo")
    assert client.get(f"{ENTRY}/tables/expenditure/").status_code == 403
    assert client.get(f"{ENTRY}/").status_code == 403
    assert client.get(f"{ENTRY}/sheets/1/").status_code == 403


def test_a_published_report_points_to_a_correction(client, submitted, settings, tmp_path):
    from apps.portal.services.publication import report_publish
    from tests.helpers import approve

    settings.MEDIA_ROOT = tmp_path
    report_publish(report=approve(Report.objects.get(pk=submitted.pk)), by=user("shenhe"))
    page = client.get(f"{ENTRY}/tables/income/").content.decode()
    assert "已公开：以下为只读查看，不能修改。如需更正，请在" in page


@pytest.mark.parametrize("username, landing", [
    ("kuaiji", "/entry/"), ("shenhe", "/review/"), ("guanli", "/bureau/dashboard/")])
def test_each_person_lands_on_their_work_after_login(client, demo_report, username, landing):
    response = client.post("/accounts/login/", {"username": username, "password": f"{username}-2021-demo"})
    assert response.status_code == 302 and response["Location"] == landing
    response = client.post("/accounts/login/?next=/reports/", {"username": username,
                                                               "password": f"{username}-2021-demo"})
    assert response["Location"] == "/reports/"  # where they were going, when they were going somewhere


def test_a_superuser_of_a_fresh_install_lands_home_not_on_a_refusal(client, db, monkeypatch):
    from apps.access import permissions
    from apps.accounts.models import Organisation, User

    monkeypatch.setattr(permissions, "organisations_where", lambda user, *roles: Organisation.objects.none())  # no bureau yet
    User.objects.create_superuser("root", password="root-password-123")
    response = client.post("/accounts/login/", {"username": "root", "password": "root-password-123"})
    assert response["Location"] == "/"  # the dashboard would refuse: there is no bureau to oversee
