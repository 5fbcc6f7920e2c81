"""The administrator role opens the admin pages the README promises, whatever path created the account (the admin's
user form, the account import, `create_account`) — within the administrator's own bureau, and nothing more: no
other bureau's organisations or accounts, no staff or superuser flag, no report data."""
import re
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from apps.accounts.models import Membership, Organisation, User
from apps.accounts.resources import UserResource

pytestmark = pytest.mark.django_db
PASSWORD = "Bureau-admin-2022-secret"
BUREAU = "410882-czj"

# The admin pages an administrator uses (README: organisations, users, catalogues; 导入/导出), each with its status.
OPENED = [
    "/admin/", "/admin/accounts/organisation/", "/admin/accounts/organisation/add/", "/admin/accounts/user/",
    "/admin/accounts/user/add/", "/admin/accounts/membership/", "/admin/accounts/region/",
    "/admin/accounts/user/import/", "/admin/accounts/organisation/import/",
    "/admin/reports/fiscalyear/", "/admin/reports/functionalsubject/",
    "/admin/reports/functionalsubject/export/",
    "/admin/reports/economicsubject/", "/admin/reports/standardglossaryterm/",
    "/admin/reports/standardglossaryterm/export/",
    "/admin/reports/reportingdeadline/add/", "/admin/reports/editionchoice/", "/admin/reports/report/",
    "/admin/performance/gradescale/", "/admin/jobs/job/",
]
CLOSED = ["/admin/reports/incomeline/", "/admin/reports/publisheddocument/", "/admin/reports/reportevent/",
          "/admin/reports/balancefacts/", "/admin/performance/evaluationsheet/", "/admin/auth/group/",
          "/admin/accounts/region/add/", "/admin/axes/accessattempt/", "/admin/reports/fiscalyear/add/",
          "/admin/reports/functionalsubject/add/", "/admin/reports/standardglossaryterm/import/",
          "/admin/reports/standardglossaryterm/add/"]


def by_admin_form(client):
    """A superuser creates the account in the admin's user form, granting the role on the same page."""
    assert client.login(username="guanli", password="guanli-2021-demo")
    response = client.post("/admin/accounts/user/add/", {
        "username": "wang", "password1": PASSWORD, "password2": PASSWORD, "usable_password": "true",
        "memberships-TOTAL_FORMS": "1", "memberships-INITIAL_FORMS": "0",
        "memberships-0-organisation": str(Organisation.objects.get(code=BUREAU).pk),
        "memberships-0-role": "administrator"})
    assert response.status_code == 302, re.findall(r'class="errorlist[^"]*">(.*?)</ul>', response.content.decode())
    client.logout()
    return User.objects.get(username="wang")


def by_account_import(client):
    """A superuser uploads the accounts spreadsheet."""
    assert client.login(username="guanli", password="guanli-2021-demo")
    headers = ",".join(UserResource().get_export_headers())
    csv = f"{headers}\nwang,王管理员,,{BUREAU},administrator,{PASSWORD}\n".encode()
    page = client.post("/admin/accounts/user/import/", {
        "import_file": SimpleUploadedFile("accounts.csv", csv), "format": "0", "resource": "0"})
    confirm = {name: value for name, value in re.findall(
        r'<input type="hidden" name="(\w+)" value="([^"]*)"', page.content.decode()) if name != "csrfmiddlewaretoken"}
    assert client.post("/admin/accounts/user/process_import/", confirm).status_code == 302
    client.logout()
    return User.objects.get(username="wang")


def by_command(client):
    call_command("create_account", "wang", organisation=BUREAU, role="administrator", full_name="王管理员",
                 stdin=StringIO(f"{PASSWORD}\n"), stdout=StringIO())
    return User.objects.get(username="wang")


@pytest.mark.parametrize("create", [by_admin_form, by_account_import, by_command], ids=lambda f: f.__name__)
def test_every_path_gives_an_administrator_the_admin_pages_and_nothing_more(client, demo_report, create):
    user = create(client)
    assert not user.is_staff and not user.is_superuser  # the role opens the pages, not a flag
    assert Membership.objects.filter(user=user, organisation__code=BUREAU, role="administrator").exists()
    assert client.login(username="wang", password=PASSWORD)
    for url in OPENED:
        assert client.get(url).status_code == 200, url
    for url in CLOSED:
        assert client.get(url).status_code in (403, 404), url
    assert client.get("/bureau/catalogues/").status_code == 200
    assert client.get(f"/admin/reports/report/{demo_report.pk}/change/").status_code == 200  # to read


def test_an_administrator_manages_their_own_bureau_only(client, demo_report):
    by_command(client)
    assert client.login(username="wang", password=PASSWORD)
    shanghai = Organisation.objects.get(code="310000-sample")
    listing = client.get("/admin/accounts/organisation/").content.decode()
    assert "410882-zwfw" in listing and "310000-sample" not in listing
    assert client.get(f"/admin/accounts/organisation/{shanghai.pk}/change/").status_code == 302  # “does not exist”
    users = client.get("/admin/accounts/user/").content.decode()
    assert "kuaiji" in users and "shkuaiji" not in users and "guanli" not in users  # nor the superuser
    guanli = User.objects.get(username="guanli")
    assert client.get(f"/admin/accounts/user/{guanli.pk}/password/").status_code in (302, 403, 404)
    # a department under their bureau is added; one under another bureau is no choice
    bureau = Organisation.objects.get(code=BUREAU)
    form = {"code": "410882-sjj", "name": "沁阳市审计局", "kind": "department", "region": str(bureau.region_id),
            "is_active": "on"}
    refused = client.post("/admin/accounts/organisation/add/", form | {"parent": str(shanghai.parent_id)})
    assert refused.status_code == 200 and not Organisation.objects.filter(code="410882-sjj").exists()
    assert client.post("/admin/accounts/organisation/add/", form | {"parent": str(bureau.pk)}).status_code == 302
    # an account's page offers no staff or superuser flag, and posting one changes nothing
    kuaiji = User.objects.get(username="kuaiji")
    page = client.get(f"/admin/accounts/user/{kuaiji.pk}/change/").content.decode()
    assert 'name="is_superuser"' not in page and 'name="is_staff"' not in page
    form = {name: value for name, value in re.findall(r'<input type="(?:hidden|text|email)" name="([^"]+)" value="([^"]*)"', page)}
    form |= {"is_active": "on", "is_superuser": "on", "is_staff": "on", "memberships-TOTAL_FORMS": "1",
             "memberships-INITIAL_FORMS": "1"}
    client.post(f"/admin/accounts/user/{kuaiji.pk}/change/", form)
    kuaiji.refresh_from_db()
    assert not kuaiji.is_superuser and not kuaiji.is_staff


def test_the_account_import_of_an_administrator_stays_in_their_bureau(client, demo_report):
    by_command(client)
    wang = User.objects.get(username="wang")
    resource = UserResource()
    rows = [("zhou", "周", "", "310000-sample", "accountant", ""),  # another bureau's department
            ("guanli", "改名", "", "410882-zwfw", "accountant", "Take-over-2022-secret")]  # a superuser
    for row in rows:
        import tablib

        data = tablib.Dataset(row, headers=resource.get_export_headers())
        result = resource.import_data(data, dry_run=False, user=wang)
        assert result.has_errors() or result.has_validation_errors(), row
    assert not User.objects.filter(username="zhou").exists()
    assert User.objects.get(username="guanli").check_password("guanli-2021-demo")


def test_the_role_taken_away_closes_the_admin(client, demo_report):
    user = by_command(client)
    assert client.login(username="wang", password=PASSWORD)
    assert client.get("/admin/accounts/organisation/").status_code == 200
    Membership.objects.filter(user=user).delete()
    assert client.get("/admin/accounts/organisation/").status_code == 302  # to the admin's login


@pytest.mark.parametrize("options, problem", [
    ({"organisation": "410882-none", "role": "administrator"}, "没有机构代码"),
    ({"organisation": "410882-zwfw", "role": "administrator"}, "财政部门"),
    ({"organisation": BUREAU, "role": "administrator", "stdin": StringIO("123\n")}, "密码"),
])
def test_create_account_refuses_what_is_wrong_and_creates_nothing(demo_report, options, problem):
    with pytest.raises(CommandError, match=problem):
        call_command("create_account", "wang", **({"stdin": StringIO(f"{PASSWORD}\n")} | options), stdout=StringIO())
    assert not User.objects.filter(username="wang").exists()


def test_accounts_without_a_role_in_the_bureau_and_staff_accounts_are_nobodys(client, demo_report):
    """An account with no role, or a staff operator's, is managed by a superuser only: an administrator can neither
    reset its password nor take it over by granting it a role."""
    by_command(client)
    operator = User.objects.create_user("ops", password="Operator-2022-secret", is_staff=True)
    stray = User.objects.create_user("stray", password="Stray-2022-secret")
    assert client.login(username="wang", password=PASSWORD)
    users = client.get("/admin/accounts/user/").content.decode()
    assert ">ops<" not in users and ">stray<" not in users
    for user in (operator, stray):
        client.post(f"/admin/accounts/user/{user.pk}/password/", {"password1": "Taken-over-2022", "password2":
                                                                  "Taken-over-2022", "usable_password": "true"})
        user.refresh_from_db()
        assert not user.check_password("Taken-over-2022")
        granted = client.post("/admin/accounts/membership/add/", {
            "user": str(user.pk), "organisation": str(Organisation.objects.get(code=BUREAU).pk),
            "role": "administrator"})
        assert granted.status_code == 200 and not Membership.objects.filter(user=user).exists()
    # nor the superuser's role in their own bureau
    superusers_role = Membership.objects.get(user__username="guanli")
    client.post(f"/admin/accounts/membership/{superusers_role.pk}/delete/", {"post": "yes"})
    assert Membership.objects.filter(pk=superusers_role.pk).exists()
    # a new account made in the admin's form holds a role in the bureau from the start
    response = client.post("/admin/accounts/user/add/", {
        "username": "norole", "password1": PASSWORD, "password2": PASSWORD, "usable_password": "true",
        "memberships-TOTAL_FORMS": "0", "memberships-INITIAL_FORMS": "0"})
    assert response.status_code == 200 and not User.objects.filter(username="norole").exists()


def test_other_bureaus_settings_and_the_national_catalogues_stay_out_of_reach(client, demo_report):
    from apps.accounts.models import Region
    from apps.performance.models import GradeScale
    from apps.reports.models import EditionChoice, FiscalYear, FunctionalSubject

    by_command(client)
    assert client.login(username="wang", password=PASSWORD)
    shanghai_choice = EditionChoice.objects.get(region__code="310000", fiscal_year=2024)
    assert client.get(f"/admin/reports/editionchoice/{shanghai_choice.pk}/change/").status_code == 302
    client.post(f"/admin/reports/editionchoice/{shanghai_choice.pk}/change/", {
        "region": str(shanghai_choice.region_id), "fiscal_year": "2024", "edition": "henan-2021"})
    shanghai_choice.refresh_from_db()
    assert shanghai_choice.edition == "shanghai-2024"
    shanghai = Region.objects.get(code="310000")
    scale = client.post("/admin/performance/gradescale/add/", {
        "region": str(shanghai.pk), "excellent_min": "99", "good_min": "98", "fair_min": "97", "excellent_label": "优",
        "good_label": "良", "fair_label": "中", "poor_label": "差"})
    assert scale.status_code == 200 and not GradeScale.objects.filter(region=shanghai).exists()
    subject = FunctionalSubject.objects.get(fiscal_year=2021, code="2010301")
    assert client.get("/admin/reports/functionalsubject/add/").status_code == 403
    client.post(f"/admin/reports/functionalsubject/{subject.pk}/change/", {"fiscal_year": "2021", "code": "2010301",
                                                                           "name": "改名", "level": "3"})
    assert client.post(f"/admin/reports/fiscalyear/{FiscalYear.objects.get(year=2024).pk}/delete/",
                       {"post": "yes"}).status_code == 403
    subject.refresh_from_db()
    assert subject.name != "改名" and FiscalYear.objects.filter(year=2024).exists()
    # organisations: no new finance bureau, no department in another bureau's region
    bureau = Organisation.objects.get(code=BUREAU)
    fake = client.post("/admin/accounts/organisation/add/", {"code": "999999-fake", "name": "伪财政局",
                                                             "kind": "finance_bureau", "region": str(bureau.region_id),
                                                             "is_active": "on"})
    evil = client.post("/admin/accounts/organisation/add/", {"code": "310000-evil", "name": "外地部门", "kind": "department",
                                                             "region": str(shanghai.pk), "parent": str(bureau.pk),
                                                             "is_active": "on"})
    assert fake.status_code == evil.status_code == 200
    assert not Organisation.objects.filter(code__in=["999999-fake", "310000-evil"]).exists()


def test_junk_kinds_and_roles_are_refused_on_the_form_not_with_a_server_error(client, demo_report):
    assert client.login(username="guanli", password="guanli-2021-demo")
    bureau = Organisation.objects.get(code=BUREAU)
    junk_kind = client.post("/admin/accounts/organisation/add/", {"code": "410882-x", "name": "x", "kind": "palace",
                                                                  "region": str(bureau.region_id), "is_active": "on"})
    junk_role = client.post("/admin/accounts/membership/add/", {
        "user": str(User.objects.get(username="kuaiji").pk), "organisation": str(bureau.pk), "role": "emperor"})
    assert junk_kind.status_code == junk_role.status_code == 200
    assert not Organisation.objects.filter(code="410882-x").exists()


def test_an_administrator_logs_in_on_the_admins_own_page_and_finds_the_link(client, demo_report):
    by_command(client)
    response = client.post("/admin/login/?next=/admin/", {"username": "wang", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert 'href="/admin/">管理</a>' in client.get("/bureau/catalogues/").content.decode()
    client.logout()
    refused = client.post("/admin/login/", {"username": "kuaiji", "password": "kuaiji-2021-demo"})
    assert refused.status_code == 200 and "_auth_user_id" not in client.session  # an accountant: no admin


def test_an_organisation_import_keeps_its_region_and_a_deletion_takes_no_foreign_roles(client, demo_report):
    import tablib

    from apps.accounts.models import Region
    from apps.accounts.resources import OrganisationResource

    wang = by_command(client)
    resource = OrganisationResource()
    for row in (("410882-x1", "X1", "", "department", "310000", BUREAU, "1"),  # another bureau's region
                ("410882-zwfw", "沁阳市政务服务和大数据管理局", "", "department", "410000", BUREAU, "1")):  # the region above
        result = resource.import_data(tablib.Dataset(row, headers=resource.get_export_headers()), user=wang)
        assert result.has_errors() or result.has_validation_errors(), row
    assert not Organisation.objects.filter(code="410882-x1").exists()
    assert Organisation.objects.get(code="410882-zwfw").region == Region.objects.get(code="410882")
    # a department of the bureau where a superuser gave a role to an account outside wang's reach
    bureau = Organisation.objects.get(code=BUREAU)
    unit = Organisation.objects.create(code="410882-d6", name="沁阳市某局", kind="department", region=bureau.region,
                                       parent=bureau)
    both = User.objects.create_user("both", password="Both-bureaus-2022")
    Membership.objects.create(user=both, organisation=unit, role="accountant")
    Membership.objects.create(user=both, organisation=Organisation.objects.get(code="310000-sample"), role="accountant")
    assert client.login(username="wang", password=PASSWORD)
    client.post(f"/admin/accounts/organisation/{unit.pk}/delete/", {"post": "yes"})
    client.post("/admin/accounts/organisation/", {"action": "delete_selected", "_selected_action": [str(unit.pk)],
                                                  "post": "yes"})
    assert Organisation.objects.filter(pk=unit.pk).exists() and Membership.objects.filter(user=both).count() == 2


def test_an_administrator_cannot_demote_or_loop_their_bureau(client, demo_report):
    by_command(client)
    assert client.login(username="wang", password=PASSWORD)
    bureau = Organisation.objects.get(code=BUREAU)
    page = client.get(f"/admin/accounts/organisation/{bureau.pk}/change/").content.decode()
    assert 'name="kind"' not in page and 'name="parent"' not in page
    department = Organisation.objects.get(code="410882-zwfw")
    client.post(f"/admin/accounts/organisation/{bureau.pk}/change/", {
        "code": BUREAU, "name": bureau.name, "kind": "unit", "parent": str(department.pk), "is_active": "on"})
    bureau.refresh_from_db()
    assert bureau.kind == "finance_bureau" and bureau.parent is None
    department.parent = department
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="上级机构不能是本机构或其下级机构"):
        department.clean()


def test_usernames_imported_are_checked_like_the_forms(client, demo_report):
    import tablib

    wang = by_command(client)
    resource = UserResource()
    for username in ("guanli ", "Shkuaiji", "a/b c"):
        data = tablib.Dataset((username, "某", "", "410882-zwfw", "accountant", ""), headers=resource.get_export_headers())
        result = resource.import_data(data, dry_run=False, user=wang)
        assert result.has_errors() or result.has_validation_errors(), username
    assert User.objects.filter(username__iexact="shkuaiji").count() == 1 and not User.objects.filter(
        username="a/b c").exists()
    assert User.objects.get(username="guanli").full_name == "王管理"


def test_a_years_catalogue_used_by_another_bureau_is_a_superusers_to_change(client, demo_report):
    """2024 is used by 上海's report: 沁阳's administrator may not rename what it names; a year nobody else uses,
    they may load."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from apps.reports.models import FunctionalSubject

    by_command(client)
    assert client.login(username="wang", password=PASSWORD)
    csv = "科目编码,科目名称\n201,一般公共服务支出\n20103,政府办公厅（室）及相关机构事务\n2010301,改了名\n".encode()
    refused = client.post("/bureau/catalogues/", {"action": "check", "year": "2024", "kind": "functional",
                                                  "file": SimpleUploadedFile("f.csv", csv)})
    assert refused.status_code == 403 and "2024 年度的目录已有其他财政局的部门决算在用" in refused.content.decode()
    assert client.post("/bureau/catalogues/", {"action": "copy", "year": "2024"}).status_code == 403
    assert FunctionalSubject.objects.get(fiscal_year=2024, code="2010301").name != "改了名"
    checked = client.post("/bureau/catalogues/", {"action": "check", "year": "2022", "kind": "functional",
                                                  "file": SimpleUploadedFile("f.csv", csv)})
    assert checked.status_code == 200 and "检查通过" in checked.content.decode()
    glossary = client.post("/admin/reports/standardglossaryterm/1/change/", {"definition": "改"})
    assert glossary.status_code in (302, 403)
    from apps.reports.models import StandardGlossaryTerm

    assert not StandardGlossaryTerm.objects.filter(definition="改").exists()
