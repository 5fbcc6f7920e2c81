"""`reports_visible_to` and the change permission, per role and state."""
import pytest

from apps.access.permissions import can_change_report, reports_visible_to
from apps.accounts.models import Membership, Organisation, Region, User
from apps.reports.models import Report


@pytest.fixture
def other_world(db):
    """A second finance bureau with a department, an accountant and a reviewer of its own."""
    region = Region.objects.create(code="410883", name="孟州市")
    bureau = Organisation.objects.create(code="410883-czj", name="孟州市财政局", kind="finance_bureau", region=region)
    department = Organisation.objects.create(
        code="410883-jyj", name="孟州市教育局", kind="department", region=region, parent=bureau
    )
    accountant = User.objects.create_user("other-accountant", password="x")
    reviewer = User.objects.create_user("other-reviewer", password="x")
    Membership.objects.create(user=accountant, organisation=department, role=Membership.Role.ACCOUNTANT)
    Membership.objects.create(user=reviewer, organisation=bureau, role=Membership.Role.REVIEWER)
    return {"accountant": accountant, "reviewer": reviewer, "department": department}


def user(username):
    return User.objects.get(username=username)


@pytest.mark.parametrize(
    "state, visible_to",
    [
        (Report.State.DRAFT, {"kuaiji", "guanli"}),
        (Report.State.SUBMITTED, {"kuaiji", "shenhe", "guanli"}),
        (Report.State.APPROVED, {"kuaiji", "shenhe", "guanli"}),
        (Report.State.PUBLISHED, {"kuaiji", "shenhe", "guanli", "shkuaiji", "shshenhe", "other-accountant", "other-reviewer",
                                  "anonymous"}),
    ],
)
def test_who_sees_the_demo_report(demo_report, other_world, state, visible_to):
    from django.contrib.auth.models import AnonymousUser

    Report.objects.filter(pk=demo_report.pk).update(state=state)
    demo_report.refresh_from_db()
    people = {u.username: u for u in User.objects.all()} | {"anonymous": AnonymousUser()}
    assert {name for name, person in people.items() if demo_report in reports_visible_to(person)} == visible_to


def test_reviewer_of_a_bureau_sees_only_its_departments(demo_report, other_world):
    other = Report.objects.create(department=other_world["department"], fiscal_year=2021, state=Report.State.SUBMITTED)
    Report.objects.filter(pk=demo_report.pk).update(state=Report.State.SUBMITTED)
    assert list(reports_visible_to(user("shenhe"))) == [demo_report]
    assert list(reports_visible_to(other_world["reviewer"])) == [other]


def test_only_the_departments_accountant_changes_a_draft(demo_report, other_world):
    assert can_change_report(user("kuaiji"), demo_report)
    assert not can_change_report(user("shenhe"), demo_report)
    assert not can_change_report(other_world["accountant"], demo_report)
    Report.objects.filter(pk=demo_report.pk).update(state=Report.State.SUBMITTED)
    demo_report.refresh_from_db()
    assert not can_change_report(user("kuaiji"), demo_report)
    assert not can_change_report(user("guanli"), demo_report)


def test_organisation_tree_kinds_are_enforced(db):
    from django.core.exceptions import ValidationError

    region = Region.objects.get(code="410882")
    bureau = Organisation.objects.get(code="410882-czj")
    unit_under_bureau = Organisation(code="x-unit", name="错误单位", kind="unit", region=region, parent=bureau)
    with pytest.raises(ValidationError) as raised:
        unit_under_bureau.full_clean()
    assert raised.value.message_dict["parent"] == ["预算单位的上级必须是预算部门。"]
    membership = Membership(user=user("shenhe"), organisation=Organisation.objects.get(code="410882-zwfw"),
                            role=Membership.Role.REVIEWER)
    with pytest.raises(ValidationError) as raised:
        membership.full_clean()
    assert "只能授予财政部门" in raised.value.message_dict["organisation"][0]
