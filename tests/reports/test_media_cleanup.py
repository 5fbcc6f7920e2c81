"""`manage.py cleanup_media`: files nothing refers to are removed after their grace period, nothing else."""
import os
import time
from datetime import timedelta
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from apps.jobs.models import Job
from tests.helpers import publish, user


def put(media, name, days_old):
    path = media / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"x")
    stamp = time.time() - days_old * 86400
    os.utime(path, (stamp, stamp))
    return name


def test_cleanup_removes_only_what_nothing_needs(demo_report, media):
    publish(demo_report)
    for stored in (media / "published").rglob("*.*"):
        os.utime(stored, (time.time() - 90 * 86400,) * 2)  # published long ago: kept because referenced
    running = Job.objects.create(kind=Job.Kind.BULK_IMPORT, created_by=user("guanli"), state=Job.State.RUNNING,
                                 params={"uploads": [{"name": "a.zip", "path": "imports/bulk/f1/001.upload"}]})
    old_job = Job.objects.create(kind=Job.Kind.CONSOLIDATED, created_by=user("guanli"), state=Job.State.SUCCEEDED,
                                 finished_at=timezone.now() - timedelta(days=40), result_file="jobs/t/old.xlsx")
    removable = [put(media, "published/410882-zwfw/2021/r2/uncommitted.pdf", 1),
                 put(media, "imports/abandoned-preview", 2),
                 put(media, "imports/bulk/f0/001.upload", 2),
                 put(media, "jobs/t/old.xlsx", 40)]
    kept = [put(media, "imports/bulk/f1/001.upload", 2),  # its job is still running
            put(media, "published/410882-zwfw/2021/r3/publishing-now.pdf", 0),  # within the grace period
            put(media, "imports/fresh-preview", 0)]
    out = StringIO()
    call_command("cleanup_media", "--dry-run", stdout=out)
    assert all((media / name).exists() for name in removable) and "共 4 个文件可删除" in out.getvalue()
    call_command("cleanup_media", stdout=out)
    assert [name for name in removable if (media / name).exists()] == []
    assert all((media / name).exists() for name in kept)
    assert len(list((media / "published/410882-zwfw/2021/r1").iterdir())) == 3  # PDF, workbook, page body
    old_job.refresh_from_db()
    running.refresh_from_db()
    assert not old_job.result_file and running.params["uploads"]
