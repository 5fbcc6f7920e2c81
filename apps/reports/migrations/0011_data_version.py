"""`Report.data_version`: moved by every recorded change, in the change's transaction. The cached rule summaries
are keyed on it instead of the last event's id (some writes recorded no event, so those summaries went stale):
the summaries kept so far are dropped (a cache, recomputed on the next dashboard)."""
from django.db import migrations, models


def drop_cached_summaries(apps, schema_editor):
    apps.get_model("reports", "ReportCheckSummary").objects.all().delete()


class Migration(migrations.Migration):

    dependencies = [
        ("reports", "0010_job_moved_to_jobs"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="reportchecksummary",
            name="last_event_id",
        ),
        migrations.AddField(
            model_name="report",
            name="data_version",
            field=models.PositiveIntegerField(default=0, editable=False, help_text="每次改动（每条操作记录）加一，与改动在同一事务中；据此判断缓存的审核结果是否过期", verbose_name="数据版本"),
        ),
        migrations.AddField(
            model_name="reportchecksummary",
            name="data_version",
            field=models.PositiveIntegerField(default=0, verbose_name="对应的数据版本"),
        ),
        migrations.RunPython(drop_cached_summaries, migrations.RunPython.noop),
    ]
