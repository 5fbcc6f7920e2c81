"""The Job model moved from the reports app: the table (reports_job) stays as it is; only Django's state moves, and
the content type (with its permissions) follows."""
import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import apps.jobs.models


def move_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="reports", model="job").update(app_label="jobs")


def move_content_type_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="jobs", model="job").update(app_label="reports")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("accounts", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("reports", "0009_published_page_body"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
                migrations.CreateModel(
                    name='Job',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('token', models.UUIDField(default=uuid.uuid4, editable=False, unique=True, verbose_name='编号')),
                        ('kind', models.CharField(choices=[('publish', '公开决算'), ('bulk_import', '批量导入'), ('consolidated', '汇总表导出')], max_length=20, verbose_name='任务')),
                        ('state', models.CharField(choices=[('queued', '排队中'), ('running', '进行中'), ('succeeded', '已完成'), ('failed', '失败')], default='queued', max_length=20, verbose_name='状态')),
                        ('fiscal_year', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='年度')),
                        ('params', models.JSONField(blank=True, default=dict, verbose_name='参数')),
                        ('attempts', models.PositiveSmallIntegerField(default=0, verbose_name='已尝试次数')),
                        ('max_attempts', models.PositiveSmallIntegerField(default=3, verbose_name='最多尝试次数')),
                        ('progress_done', models.PositiveIntegerField(default=0, verbose_name='已完成')),
                        ('progress_total', models.PositiveIntegerField(default=0, verbose_name='总数')),
                        ('progress_text', models.CharField(blank=True, max_length=200, verbose_name='进度说明')),
                        ('result', models.JSONField(blank=True, default=dict, verbose_name='结果')),
                        ('result_file', models.FileField(blank=True, max_length=300, upload_to=apps.jobs.models.job_file_path, verbose_name='结果文件')),
                        ('error', models.TextField(blank=True, max_length=4000, verbose_name='错误')),
                        ('worker', models.CharField(blank=True, max_length=100, verbose_name='执行进程')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='创建时间')),
                        ('started_at', models.DateTimeField(blank=True, null=True, verbose_name='开始时间')),
                        ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='结束时间')),
                        ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='发起人')),
                        ('organisation', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='accounts.organisation', verbose_name='单位')),
                        ('report', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='jobs', to='reports.report', verbose_name='决算')),
                    ],
                    options={
                        'verbose_name': '后台任务',
                        'verbose_name_plural': '后台任务',
                        'ordering': ['-created_at'],
                        'db_table': 'reports_job',
                        'indexes': [models.Index(fields=['state', 'kind'], name='reports_job_state_e38fe6_idx')],
                    },
                ),
        ]),
        migrations.RunPython(move_content_type, move_content_type_back),
    ]
