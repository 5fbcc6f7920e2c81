import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse

from apps.accounts.models import Organisation
from apps.reports.models import Report


def job_file_path(instance, filename):
    return f"jobs/{instance.token}/{filename}"


class Job(models.Model):
    """Slow work done in the background (by a worker, or at once without one): what was asked, by whom, how far it
    has got, how many attempts it took, and what came out (result lines, a file, or why it failed)."""

    class Kind(models.TextChoices):
        PUBLISH = "publish", "公开决算"
        BULK_IMPORT = "bulk_import", "批量导入"
        CONSOLIDATED = "consolidated", "汇总表导出"

    class State(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "进行中"
        SUCCEEDED = "succeeded", "已完成"
        FAILED = "failed", "失败"

    token = models.UUIDField("编号", default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField("任务", max_length=20, choices=Kind.choices)
    state = models.CharField("状态", max_length=20, choices=State.choices, default=State.QUEUED)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name="发起人")
    report = models.ForeignKey(Report, on_delete=models.CASCADE, null=True, blank=True, related_name="jobs",
                               verbose_name="决算")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, null=True, blank=True,
                                     related_name="+", verbose_name="单位")
    fiscal_year = models.PositiveSmallIntegerField("年度", null=True, blank=True)
    params = models.JSONField("参数", default=dict, blank=True)
    attempts = models.PositiveSmallIntegerField("已尝试次数", default=0)
    max_attempts = models.PositiveSmallIntegerField("最多尝试次数", default=3)
    progress_done = models.PositiveIntegerField("已完成", default=0)
    progress_total = models.PositiveIntegerField("总数", default=0)
    progress_text = models.CharField("进度说明", max_length=200, blank=True)
    result = models.JSONField("结果", default=dict, blank=True)
    result_file = models.FileField("结果文件", upload_to=job_file_path, max_length=300, blank=True)
    error = models.TextField("错误", max_length=4000, blank=True)
    worker = models.CharField("执行进程", max_length=100, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)

    class Meta:
        verbose_name = "后台任务"
        verbose_name_plural = "后台任务"
        ordering = ["-created_at"]
        db_table = "reports_job"  # the table of the app that held jobs before (migrations: state moved only)
        indexes = [models.Index(fields=["state", "kind"], name="reports_job_state_e38fe6_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}（{self.get_state_display()}）"

    def get_absolute_url(self):
        return reverse("job", args=[self.token])

    @property
    def finished(self) -> bool:
        return self.state in (self.State.SUCCEEDED, self.State.FAILED)

    @property
    def percent(self) -> int:
        if self.state == self.State.SUCCEEDED:
            return 100
        return int(100 * self.progress_done / self.progress_total) if self.progress_total else 0
