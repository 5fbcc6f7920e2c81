"""The access module's answers: the organisations a user acts for, the role a page needs, who is told of a step."""
import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.test import RequestFactory

from apps.access.permissions import (
    ACCOUNTANT,
    ADMINISTRATOR,
    REVIEWER,
    accountants_of,
    bureaus_administered_by,
    bureaus_overseen_by,
    bureaus_reviewed_by,
    departments_of_accountant,
    organisations_where,
    require_role,
    reviewers_of,
    roles_of,
)
from apps.accounts.models import Membership, Organisation, Region, User


@pytest.fixture
def world(db):
    """A second finance bureau with a department; a user who is its reviewer and also an accountant of it."""
    region = Region.objects.create(code="410883", name="孟州市")
    bureau = Organisation.objects.create(code="410883-czj", name="孟州市财政局", kind="finance_bureau", region=region)
    department = Organisation.objects.create(code="410883-jyj", name="孟州市教育局", kind="department",
                                             region=region, parent=bureau)
    both = User.objects.create_user("both", password="x")
    Membership.objects.create(user=both, organisation=bureau, role=REVIEWER)
    Membership.objects.create(user=both, organisation=department, role=ACCOUNTANT)
    nobody = User.objects.create_user("nobody", password="x")
    root = User.objects.create_superuser("root", password="x")  # a superuser without any membership
    return {"both": both, "nobody": nobody, "root": root, "bureau": bureau, "department": department}


def codes(organisations):
    return [o.code for o in organisations]


def person(name):
    return User.objects.get(username=name)


def test_the_organisations_where_each_user_holds_a_role(world):
    assert codes(organisations_where(person("kuaiji"), ACCOUNTANT)) == ["410882-zwfw"]
    assert codes(organisations_where(person("shenhe"), REVIEWER)) == ["410882-czj"]
    assert codes(organisations_where(person("shenhe"), ACCOUNTANT, ADMINISTRATOR)) == []
    assert codes(organisations_where(world["both"], REVIEWER, ACCOUNTANT)) == ["410883-czj", "410883-jyj"]
    assert codes(organisations_where(world["nobody"], ACCOUNTANT, REVIEWER, ADMINISTRATOR)) == []
    assert codes(organisations_where(AnonymousUser(), ACCOUNTANT, REVIEWER, ADMINISTRATOR)) == []


def test_a_superuser_administers_every_finance_bureau_and_holds_other_roles_only_by_membership(world):
    bureaus = ["310000-czj", "410882-czj", "410883-czj"]
    for superuser in (person("guanli"), world["root"]):  # the demo's administrator is also a superuser
        assert codes(organisations_where(superuser, ADMINISTRATOR)) == bureaus
        assert codes(bureaus_administered_by(superuser)) == bureaus
        assert codes(bureaus_overseen_by(superuser)) == bureaus
        assert codes(bureaus_reviewed_by(superuser)) == []  # not a reviewer: no review queue
        assert codes(departments_of_accountant(superuser)) == []
    assert roles_of(world["root"]) == {ADMINISTRATOR}


def test_the_named_questions(world):
    assert codes(bureaus_reviewed_by(person("shenhe"))) == codes(bureaus_overseen_by(person("shenhe"))) == [
        "410882-czj"]
    assert codes(bureaus_administered_by(person("shenhe"))) == []
    assert codes(departments_of_accountant(world["both"])) == ["410883-jyj"]
    assert roles_of(world["both"]) == {REVIEWER, ACCOUNTANT} and roles_of(AnonymousUser()) == set()


def test_a_role_counts_only_in_the_kind_of_organisation_it_is_held_in(world):
    """A membership the admin and the imports refuse (a reviewer of a department) opens nothing."""
    Membership.objects.create(user=world["nobody"], organisation=world["department"], role=REVIEWER)
    assert codes(bureaus_reviewed_by(world["nobody"])) == []


def page(request):
    return HttpResponse("页面")


@pytest.mark.parametrize("roles, name, expected", [
    ((REVIEWER,), None, 302),  # not logged in: the login page
    ((REVIEWER,), "nobody", 403),
    ((REVIEWER,), "shenhe", 200),
    ((REVIEWER,), "kuaiji", 403),
    ((REVIEWER,), "root", 403),  # a superuser is no reviewer
    ((ADMINISTRATOR,), "root", 200),
    ((ADMINISTRATOR,), "shenhe", 403),
    ((REVIEWER, ADMINISTRATOR), "shenhe", 200),
    ((REVIEWER, ADMINISTRATOR), "guanli", 200),
    ((ACCOUNTANT,), "both", 200),
])
def test_require_role(world, roles, name, expected):
    request = RequestFactory().get("/somewhere/")
    request.user = person(name) if name else AnonymousUser()
    view = require_role(*roles, refusal="只有某角色可以访问。")(page)
    try:
        status = view(request).status_code
    except PermissionDenied as refused:
        status = 403
        assert str(refused) == "只有某角色可以访问。"
    assert status == expected


def test_require_role_names_the_roles_when_no_refusal_is_given(world):
    request = RequestFactory().get("/somewhere/")
    request.user = world["nobody"]
    with pytest.raises(PermissionDenied, match="只有财政局审核人或管理员可以访问此页。"):
        require_role(REVIEWER, ADMINISTRATOR)(page)(request)


def test_who_is_told_of_a_step(demo_report, world):
    inactive = User.objects.create_user("gone", password="x", is_active=False)
    Membership.objects.create(user=inactive, organisation=demo_report.department, role=ACCOUNTANT)
    assert [u.username for u in accountants_of(demo_report)] == ["kuaiji"]
    assert [u.username for u in reviewers_of(demo_report)] == ["shenhe"]
