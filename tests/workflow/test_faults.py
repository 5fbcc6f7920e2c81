"""Faults in production conditions (PostgreSQL; a real Celery worker on Redis): a database connection dropped in the
middle of a publication, and a worker killed while it renders. CI runs these in its PostgreSQL pass."""
import os
import signal
import subprocess
import sys
import time
from io import StringIO
from pathlib import Path

import psycopg
import pytest
import redis
from django.conf import settings
from django.core.management import call_command
from django.db import OperationalError, connection

from apps.jobs.models import Job
from apps.portal.services import figures, publication
from apps.portal.services.publication import publication_start
from apps.reports.models import PublishedDocument, PublishedFigures, Report, ReportEvent
from apps.workflow import services as workflow
from tests.helpers import approve, use_broker, user

ROOT = Path(__file__).resolve().parents[2]
BROKER = os.environ.get("TEST_CELERY_BROKER_URL", "redis://127.0.0.1:6379/15")
pytestmark = pytest.mark.skipif("postgresql" not in settings.DATABASES["default"]["ENGINE"],
                                reason="faults are exercised on PostgreSQL (CI runs the suite on it too)")


@pytest.fixture
def approved(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo", stdout=StringIO())
    report = Report.objects.get(department__code="410882-zwfw", fiscal_year=2021)
    return approve(workflow.report_submit(report=report, by=user("kuaiji")))


def published_files(media):
    return sorted(p.name for p in (media / "published").rglob("*") if p.is_file())


def publish_events(report):
    return ReportEvent.objects.filter(report=report, action=ReportEvent.Action.PUBLISH).count()


def test_connection_dropped_in_the_middle_of_publication(approved, settings, monkeypatch):
    """The server ends the session (as a failover or a network cut would) after the files were written."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    real_store = figures.figures_store

    def dropped(report):
        params = connection.get_connection_params()
        with psycopg.connect(dbname=params["dbname"], host=params.get("host"), port=params.get("port"),
                             user=params.get("user"), autocommit=True) as other:
            other.execute("SELECT pg_terminate_backend(%s)", [pid])
        return real_store(report)

    monkeypatch.setattr(publication, "figures_store", dropped)
    with pytest.raises(OperationalError):
        publication.report_publish(report=approved, by=user("shenhe"))
    connection.close()
    approved.refresh_from_db()
    assert approved.state == Report.State.APPROVED and approved.published_at is None
    assert publish_events(approved) == 0
    assert not PublishedDocument.objects.exists() and not PublishedFigures.objects.exists()
    assert published_files(Path(settings.MEDIA_ROOT)) == []


@pytest.fixture
def broker():
    try:
        client = redis.Redis.from_url(BROKER)
        client.ping()
    except redis.RedisError:
        pytest.skip(f"no Redis at {BROKER}") if not os.environ.get("CI") else pytest.fail(f"CI needs Redis at {BROKER}")
    client.flushdb()
    yield BROKER
    client.flushdb()


@pytest.fixture
def worker(broker, settings, approved):
    """A Celery worker (one process at a time) on the test database and media folder, jobs sent through Redis."""
    settings.CELERY_BROKER_URL = broker
    use_broker(broker)
    database = connection.settings_dict
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="config.settings.test", CELERY_BROKER_URL=broker,
               DJANGO_MEDIA_ROOT=str(settings.MEDIA_ROOT),
               DATABASE_URL=f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}")
    log = Path(settings.MEDIA_ROOT).parent / "worker.log"
    with open(log, "wb") as out:
        process = subprocess.Popen([sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=prefork",
                                    "--concurrency=1", "--loglevel=INFO", "--without-mingle", "--without-gossip"],
                                   cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_for(lambda: b"ready." in log.read_bytes(), 60, lambda: log.read_text())
        yield log
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
        use_broker(None)


def wait_for(condition, seconds, explain=lambda: ""):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"waited {seconds} s in vain\n{explain()}")


def test_worker_killed_while_rendering_is_retried_and_publishes_once(approved, worker, settings):
    job = publication_start(approved, by=user("shenhe"))
    assert job.state == Job.State.QUEUED  # handed to the worker, not run here

    def rendering():
        job.refresh_from_db()
        return job.state == Job.State.RUNNING and job.progress_text.startswith("正在生成")

    wait_for(rendering, 60, lambda: worker.read_text())
    killed = int(job.worker.rsplit(":", 1)[1])
    os.kill(killed, signal.SIGKILL)  # the process rendering the PDF dies (as under the OOM killer)

    wait_for(lambda: Job.objects.get(pk=job.pk).finished, 90, lambda: worker.read_text())
    job.refresh_from_db()
    approved.refresh_from_db()
    assert (job.state, job.attempts) == (Job.State.SUCCEEDED, 2), job.error
    assert int(job.worker.rsplit(":", 1)[1]) != killed
    assert approved.state == Report.State.PUBLISHED and publish_events(approved) == 1
    assert PublishedDocument.objects.filter(report=approved).count() == 3
    assert published_files(Path(settings.MEDIA_ROOT)) == [
        "410882-zwfw-2021-r1.html", "410882-zwfw-2021-r1.pdf", "410882-zwfw-2021-r1.xlsx"]
    assert "WorkerLostError" in worker.read_text() or "signal 9" in worker.read_text()
