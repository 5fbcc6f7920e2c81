"""The bureau's administrator sets up a fiscal year once its catalogues are loaded: the edition and class count new
reports take (for every bureau: the catalogues are national) and their own bureau's due date."""
import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from apps.accounts.models import Organisation
from apps.reports.editions import edition
from apps.reports.models import FiscalYear, ReportingDeadline


@transaction.atomic
def year_settings_save(*, year: int, edition_key: str, summary_classes: str, bureau: Organisation,
                       due_date: datetime.date | None) -> FiscalYear:
    """The year's defaults for new reports (reports already created keep theirs) and, when given, the bureau's due
    date for the year."""
    settings = FiscalYear.objects.select_for_update().filter(year=year).first()
    if settings is None:
        raise ValidationError(f"{year} 年度尚未开放：请先载入或复制该年度的科目目录。", code="not_open")
    edition(edition_key)  # EditionError for a key that is no edition (the form offers only shipped ones)
    settings.edition, settings.summary_classes = edition_key, summary_classes
    settings.save(update_fields=["edition", "summary_classes"])
    if due_date is not None:
        ReportingDeadline.objects.update_or_create(finance_bureau=bureau, fiscal_year=year,
                                                   defaults={"due_date": due_date})
    return settings
