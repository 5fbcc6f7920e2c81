"""Twenty people acting on the same report at the same moment produce exactly one transition (PostgreSQL:
SQLite has no row locks, so the race is only real there; CI runs the suite on both)."""
import threading
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from apps.accounts.models import User
from apps.reports.models import Report, ReportEvent
from apps.workflow import services as workflow

pytestmark = pytest.mark.skipif("postgresql" not in settings.DATABASES["default"]["ENGINE"],
                                reason="row locking is exercised on PostgreSQL")


def race(action, by, report_id, people=20):
    barrier = threading.Barrier(people)
    outcomes = []

    def act():
        try:
            barrier.wait(timeout=30)
            action(report=Report.objects.get(pk=report_id), by=by)
            outcomes.append("done")
        except workflow.TransitionRefused:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=act) for _ in range(people)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


@pytest.fixture
def demo_in_transactional_db(transactional_db):
    call_command("load_demo", stdout=StringIO())
    return Report.objects.get(department__code="410882-zwfw", fiscal_year=2021)


def test_twenty_simultaneous_submissions_make_one_transition(demo_in_transactional_db):
    report = demo_in_transactional_db
    outcomes = race(workflow.report_submit, User.objects.get(username="kuaiji"), report.pk)
    assert sorted(outcomes) == ["done"] + ["refused"] * 19
    assert Report.objects.get(pk=report.pk).state == Report.State.SUBMITTED
    assert ReportEvent.objects.filter(report=report, action=ReportEvent.Action.SUBMIT).count() == 1


def test_twenty_simultaneous_approvals_make_one_transition(demo_in_transactional_db):
    report = workflow.report_submit(report=demo_in_transactional_db, by=User.objects.get(username="kuaiji"))
    reviewer = User.objects.get(username="shenhe")
    for explanation in report.warning_explanations.all():  # the demo explains the seed's own warnings
        workflow.explanation_judge(explanation=explanation, verdict="accepted", by=reviewer)
    outcomes = race(workflow.report_approve, reviewer, report.pk)
    assert sorted(outcomes) == ["done"] + ["refused"] * 19
    assert Report.objects.get(pk=report.pk).state == Report.State.APPROVED
    assert ReportEvent.objects.filter(report=report, action=ReportEvent.Action.APPROVE).count() == 1
