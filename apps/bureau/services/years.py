"""The bureau's administrator sets up a fiscal year once its catalogues are loaded: the edition their bureau's new
reports take (the choice of the bureau's region for the year, which regions below inherit) and the bureau's due
date. The catalogues and the year's national defaults are not the bureau's to change here."""
import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from apps.accounts.models import Organisation
from apps.reports.editions import edition
from apps.reports.models import EditionChoice, FiscalYear, ReportingDeadline


@transaction.atomic
def year_settings_save(*, year: int, edition_key: str, bureau: Organisation,
                       due_date: datetime.date | None) -> EditionChoice:
    """The edition new reports of the bureau's region take in `year` (reports already created keep theirs) and,
    when given, the bureau's due date for the year."""
    if not FiscalYear.objects.filter(year=year).exists():
        raise ValidationError(f"{year} 年度尚未开放：请先载入或复制该年度的科目目录。", code="not_open")
    edition(edition_key)  # EditionError for a key that is no edition (the form offers only shipped ones)
    choice, _ = EditionChoice.objects.update_or_create(region=bureau.region, fiscal_year=year,
                                                       defaults={"edition": edition_key})
    if due_date is not None:
        ReportingDeadline.objects.update_or_create(finance_bureau=bureau, fiscal_year=year,
                                                   defaults={"due_date": due_date})
    return choice
