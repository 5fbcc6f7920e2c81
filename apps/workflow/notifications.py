"""E-mail on submit, return, approve and publish (called only after the transaction commits).

Mail is a courtesy: the step is done and recorded whether or not the mail server answers; a failure is logged."""
import logging
import smtplib

from django.conf import settings
from django.core.mail import send_mail

from apps.access.permissions import accountants_of, reviewers_of
from apps.reports.models import Report, ReportEvent

Action = ReportEvent.Action
log = logging.getLogger(__name__)


def _emails(users) -> list[str]:
    return sorted(set(users.exclude(email="").values_list("email", flat=True)))


def notify(report: Report, action: str, by, comment: str = "") -> int:
    accountants = _emails(accountants_of(report))
    reviewers = _emails(reviewers_of(report))
    recipients = {Action.SUBMIT: reviewers, Action.RETURN: accountants, Action.APPROVE: accountants,
                  Action.PUBLISH: accountants + reviewers}.get(action, [])
    if not recipients:
        return 0
    verb = Action(action).label
    body = f"{report}已{verb}（操作人：{by}）。"
    if comment:
        body += f"\n\n意见：{comment}"
    try:
        return send_mail(f"[部门决算] {report} 已{verb}", body, settings.DEFAULT_FROM_EMAIL, recipients)
    except (smtplib.SMTPException, OSError):
        log.exception("notification of %s (%s) not sent to %s", report, action, recipients)
        return 0
