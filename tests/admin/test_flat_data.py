"""Catalogues, organisations and accounts in and out of spreadsheets through the admin (django-import-export)."""
import re

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.accounts.models import Membership, Organisation, User
from apps.accounts.resources import OrganisationResource, UserResource
from apps.reports.models import FunctionalSubject
from apps.reports.resources import FunctionalSubjectResource


def dataset(resource, rows):
    data = tablib.Dataset(headers=resource.get_export_headers())
    for row in rows:
        data.append(row)
    return data


def test_catalogues_are_exported_here_and_uploaded_only_where_they_are_checked(client, demo_report):
    """The admin's generic import would take a 项 without its 款; subjects come in through /bureau/catalogues/."""
    assert client.login(username="guanli", password="guanli-2021-demo")
    for model in ("functionalsubject", "economicsubject"):
        listing = client.get(f"/admin/reports/{model}/").content.decode()
        assert 'href="/bureau/catalogues/"' in listing and f"/admin/reports/{model}/import/" not in listing
        assert 'name="import_file"' not in client.get(f"/admin/reports/{model}/import/", follow=True).content.decode()
        assert client.get(f"/admin/reports/{model}/export/").status_code == 200
    exported = FunctionalSubjectResource().export(FunctionalSubject.objects.filter(fiscal_year=2021)).csv
    assert exported.startswith("年度,科目编码,科目名称,级次") and "2010306,政务公开审批,3" in exported


def test_organisations_keep_their_tree_rules(demo_report):
    resource = OrganisationResource()
    bureau = demo_report.department.parent
    result = resource.import_data(dataset(resource, [
        ("410882-sjj", "沁阳市审计局", "审计局", "department", "410882", bureau.code, "1"),
        ("410882-bad", "挂在部门下的部门", "", "department", "410882", "410882-zwfw", "1")]), dry_run=True)
    assert result.has_validation_errors()  # a department under a department: the model's own check
    assert [row.number for row in result.invalid_rows] == [2]
    assert not Organisation.objects.filter(code__in=["410882-sjj", "410882-bad"]).exists()
    assert not resource.import_data(dataset(resource, [
        ("410882-sjj", "沁阳市审计局", "审计局", "department", "410882", bureau.code, "1")])).has_errors()
    assert Organisation.objects.get(code="410882-sjj").parent == bureau
    assert Organisation.objects.get(code="410882-sjj").short_names == "审计局"  # the 简称 the search finds


def test_department_accounts_are_created_in_bulk_through_the_admin(client, demo_report):
    assert client.login(username="guanli", password="guanli-2021-demo")
    headers = ",".join(UserResource().get_export_headers())
    csv = (f"{headers}\n"
           "liu,刘会计,liu@example.cn,410882-zwfw,accountant,Qinyang-2022-secret\n"
           "zhao,赵会计,,410882-zwfw,accountant,\n").encode("utf-8")
    page = client.post("/admin/accounts/user/import/", {
        "import_file": SimpleUploadedFile("accounts.csv", csv), "format": "0", "resource": "0"})
    assert page.status_code == 200
    confirm = {name: value for name, value in re.findall(
        r'<input type="hidden" name="(\w+)" value="([^"]*)"', page.content.decode()) if name != "csrfmiddlewaretoken"}
    assert "import_file_name" in confirm
    assert not User.objects.filter(username="liu").exists()  # shown first, written on confirmation
    response = client.post("/admin/accounts/user/process_import/", confirm)
    assert response.status_code == 302
    liu = User.objects.get(username="liu")
    assert liu.full_name == "刘会计" and liu.check_password("Qinyang-2022-secret")
    assert not User.objects.get(username="zhao").has_usable_password()
    assert Membership.objects.filter(user=liu, organisation__code="410882-zwfw", role="accountant").exists()


@pytest.mark.parametrize("row, problem", [
    (("wu", "吴", "", "410882-none", "accountant", ""), "没有机构代码"),
    (("wu", "吴", "", "410882-zwfw", "reviewer", ""), "财政部门"),
    (("wu", "吴", "", "410882-zwfw", "accountant", "123"), "密码"),
])
def test_a_wrong_account_row_is_refused_with_its_reason(demo_report, row, problem):
    result = UserResource().import_data(dataset(UserResource(), [row]), dry_run=True)
    assert result.has_errors() or result.has_validation_errors()
    messages = " ".join(str(e.error) for r in result.rows for e in r.errors) + " ".join(
        str(v) for r in result.invalid_rows for v in r.error_dict.values())
    assert problem in messages, messages
    assert not User.objects.filter(username="wu").exists()


def test_exported_texts_cannot_become_formulas(client, demo_report):
    Organisation.objects.filter(code="410882-zwfw").update(name="=HYPERLINK(\"http://x\")")
    exported = OrganisationResource().export().csv
    assert "'=HYPERLINK" in exported and ",=HYPERLINK" not in exported


def test_an_oversized_file_is_refused_before_it_is_read(client, demo_report):
    assert client.login(username="guanli", password="guanli-2021-demo")
    page = client.post("/admin/reports/standardglossaryterm/import/", {
        "import_file": SimpleUploadedFile("big.csv", b"a" * (6 * 1024 * 1024)), "format": "0", "resource": "0"})
    assert "文件超过 5 MB 的上限" in page.content.decode()


@pytest.mark.parametrize("year", ["2999", "1066", "二〇二二", ""])
def test_a_glossary_row_with_a_wrong_year_is_refused_in_chinese(demo_report, year):
    from apps.reports.models import StandardGlossaryTerm
    from apps.reports.resources import StandardGlossaryTermResource

    resource = StandardGlossaryTermResource()
    result = resource.import_data(dataset(resource, [(year, "1", "财政拨款收入", "……")]), dry_run=True)
    messages = " ".join(str(e.error) for r in result.rows for e in r.errors) + " ".join(
        str(v) for r in result.invalid_rows for v in r.error_dict.values())
    assert "应为 2000 至 2100 之间的四位数字" in messages, messages
    assert not StandardGlossaryTerm.objects.filter(term="财政拨款收入", definition="……").exists()
