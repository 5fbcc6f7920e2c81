"""The bureau's administrator changes a draft's edition of the public document (what it prints, never what it
stores: every edition arranges the same figures)."""
from django.db import transaction

from apps.reports.editions import edition
from apps.reports.models import Report
from apps.reports.services.events import Action, ensure_draft, record


@transaction.atomic
def report_edition_change(*, report: Report, edition_key: str, by) -> Report:
    """The draft prints in `edition_key` from now on; recorded old → new. A published revision keeps its edition."""
    ensure_draft(report)
    new = edition(edition_key)  # EditionError for a key that is no edition (the form offers only shipped ones)
    old = report.template
    if new is old:
        return report
    Report.objects.filter(pk=report.pk).update(edition=edition_key)
    report.edition = edition_key
    record(report=report, by=by, action=Action.EDIT, target="公开模板版式", old=old.name, new=new.name)
    return report
