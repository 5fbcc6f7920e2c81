"""The actors of the attacks: an accountant of a department in another finance bureau, with a draft of their own."""
import hashlib

import pytest
from django.apps import apps

from apps.accounts.models import Membership, Organisation, Region, User
from apps.reports.models import Report
from apps.reports.services.reports import report_create

DIGESTED_APPS = ("accounts", "reports", "performance")


@pytest.fixture
def attacker(demo_report):
    """An accountant of 示例县交通局 (under another finance bureau) and their 2021 draft, copied from the demo so that
    every table has rows; the demo report (the victim) is published."""
    region = Region.objects.create(code="419999", name="示例县")
    bureau = Organisation.objects.create(code="419999-czj", name="示例县财政局", kind="finance_bureau", region=region)
    department = Organisation.objects.create(code="419999-jtj", name="示例县交通局", kind="department", region=region,
                                             parent=bureau)
    person = User.objects.create_user("gongji", password="attack-attack-1")
    Membership.objects.create(user=person, organisation=department, role=Membership.Role.ACCOUNTANT)
    draft = report_create(department=department, fiscal_year=2021, unit=demo_report.unit, copy_from=demo_report,
                          by=person)
    Report.objects.filter(pk=demo_report.pk).update(state=Report.State.PUBLISHED)
    return person, draft


def rows_digest(*, excluding: Report | None = None) -> str:
    """A digest of every stored row of the product's models (all fields), except the rows of `excluding`'s data."""
    sha = hashlib.sha256()
    for model in sorted((m for name in DIGESTED_APPS for m in apps.get_app_config(name).get_models()),
                        key=lambda m: m._meta.label):
        rows = model.objects.all()
        if excluding is not None:
            if model is Report:
                rows = rows.exclude(pk=excluding.pk)
            elif any(f.name == "report" for f in model._meta.fields):
                rows = rows.exclude(report=excluding)
            elif any(f.name == "sheet" for f in model._meta.fields):
                rows = rows.exclude(sheet__report=excluding)
        for row in rows.order_by("pk").values_list():
            sha.update(repr((model._meta.label, row)).encode())
    return sha.hexdigest()
