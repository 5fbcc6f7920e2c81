"""The bureau's administrator manages a department's draft: its edition of the public document and the number of
支出类 its 公开01表/04表 print (how it prints, never what it stores: every edition arranges the same figures), or
deletes it. A report that left draft is never changed or deleted here."""
from django.contrib.admin.models import DELETION, LogEntry
from django.db import transaction
from django.utils import timezone

from apps.reports.editions import edition
from apps.reports.layouts import SummaryClasses
from apps.reports.models import Report
from apps.reports.services.events import Action, ensure_draft, record, record_changes


@transaction.atomic
def draft_settings_change(*, report: Report, edition_key: str, summary_classes: str, by) -> Report:
    """The draft prints in `edition_key` with `summary_classes` 类 from now on; each change recorded old → new."""
    Report.objects.select_for_update().filter(pk=report.pk).first()
    ensure_draft(report)
    new = edition(edition_key)  # EditionError for a key that is no edition (the form offers only shipped ones)
    changes = []
    if new is not report.template:
        changes.append(("公开模板版式", report.template.name, new.name))
    if summary_classes != report.summary_classes:
        changes.append(("公开01表/04表支出类数", SummaryClasses(report.summary_classes).label,
                        SummaryClasses(summary_classes).label))
    if changes:
        Report.objects.filter(pk=report.pk).update(edition=edition_key, summary_classes=summary_classes)
        report.edition, report.summary_classes = edition_key, summary_classes
        record_changes(report=report, by=by, changes=changes)
    return report


@transaction.atomic
def draft_delete(*, report: Report, by) -> str:
    """Delete a draft with everything it holds, its trail too. What was deleted stays recorded: in the admin's log
    (who, when, which draft, how long its trail was) and, for a correction, in the trail of the revision it
    corrected. Returns the line recorded."""
    Report.objects.select_for_update().filter(pk=report.pk).first()
    ensure_draft(report)
    events = report.events.count()
    line = (f"删除草稿 {report}（{report.address} 第{report.revision}版，"
            f"操作记录 {events} 条，最后修改 {timezone.localtime(report.updated_at):%Y-%m-%d %H:%M}）")
    previous = Report.objects.filter(department=report.department, fiscal_year=report.fiscal_year,
                                     revision=report.revision - 1).first()
    if previous is not None:
        record(report=previous, by=by, action=Action.EDIT, target=f"删除第{report.revision}版更正草稿", old=line)
    LogEntry.objects.log_actions(user_id=by.pk, queryset=[report], action_flag=DELETION, change_message=line,
                                 single_object=True)
    report.events.all().delete()  # the trail is the report's own (ReportEvent.report protects it from slips)
    report.delete()
    return line
