"""The second demo report (上海市示例局 2024, in the 上海 2024 edition), loaded from a file in the exchange format
through the same import as an accountant's file: the rules check it, and the trail records it."""
import yaml
from django.db import transaction

from apps.accounts.models import Organisation
from apps.documents.interchange.document import export_document
from apps.documents.interchange.importing import document_import
from apps.reports.models import Report
from apps.reports.services.catalogues import load_year
from apps.reports.services.demo import SHANGHAI_DEMO_FILE, SHANGHAI_DEPARTMENT_CODE, SHANGHAI_YEAR
from apps.reports.services.reports import report_create


class DemoRefused(Exception):
    """The demo file does not import (a fault of the shipped file, found by the tests)."""


@transaction.atomic
def load_shanghai_demo(*, by) -> Report:
    """Create (or reset, while it is a draft) the 上海 demo report; the organisations and users exist already
    (`load_demo_report`). Idempotent."""
    load_year(SHANGHAI_YEAR)
    data = yaml.safe_load(SHANGHAI_DEMO_FILE.read_text(encoding="utf-8"))
    department = Organisation.objects.get(code=SHANGHAI_DEPARTMENT_CODE)
    report = Report.objects.filter(department=department, fiscal_year=SHANGHAI_YEAR).order_by("-revision").first()
    if report is None:
        report = report_create(department=department, fiscal_year=SHANGHAI_YEAR, unit=data["unit"], by=by)
    elif report.state != Report.State.DRAFT:
        return report  # a report that left draft is never rewritten
    data = export_document(report) | data  # what the file leaves out stays as the new report has it (the glossary)
    outcome = document_import(report=report, data=data, confirm=True, by=by, source=f"演示数据 {SHANGHAI_DEMO_FILE.name}")
    if outcome.errors or outcome.rule_errors:
        raise DemoRefused("；".join([str(p) for p in outcome.errors] + [f.message for f in outcome.rule_errors]))
    return report
