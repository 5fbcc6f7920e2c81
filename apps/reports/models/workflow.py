"""The review workflow's records: the append-only trail of events, reviewers' comments and deadlines."""
from django.conf import settings
from django.db import models

from apps.accounts.models import Organisation

from .report import Report


class ReportEvent(models.Model):
    """One entry of a report's audit trail: a transition, or a change of data (who, when, what, old → new).

    Rows are only ever created (`apps.reports.services.events`: `record`, `record_changes`), each moving the report's
    `data_version`; nothing updates or deletes them.
    """

    class Action(models.TextChoices):
        CREATE = "create", "新建"
        EDIT = "edit", "修改数据"
        SUBMIT = "submit", "提交"
        RETURN = "return", "退回"
        APPROVE = "approve", "审核通过"
        PUBLISH = "publish", "公开"
        CORRECT = "correct", "发起更正"
        COMMENT = "comment", "批注"
        JUDGE = "judge", "审核警告说明"

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    action = models.CharField("操作", max_length=20, choices=Action.choices)
    from_state = models.CharField("原状态", max_length=20, choices=Report.State.choices, blank=True)
    to_state = models.CharField("新状态", max_length=20, choices=Report.State.choices, blank=True)
    target = models.CharField("对象", max_length=300, blank=True)
    old_value = models.TextField("原值", max_length=20000, blank=True)
    new_value = models.TextField("新值", max_length=20000, blank=True)
    comment = models.TextField("意见", max_length=5000, blank=True)

    class Meta:
        verbose_name = "操作记录"
        verbose_name_plural = "操作记录"
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.get_action_display()} {self.target}"


class ReviewComment(models.Model):
    """A reviewer's comment on a table, a row or a cell; the accountant sees it on the entry pages."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    table = models.CharField("表", max_length=20)
    row_key = models.CharField("行", max_length=64, blank=True)
    column_key = models.CharField("栏", max_length=32, blank=True)
    where = models.CharField("位置", max_length=300)
    text = models.TextField("批注", max_length=2000)
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "审核批注"
        verbose_name_plural = "审核批注"
        ordering = ["created_at"]

    def __str__(self):
        return f"{self.where}：{self.text[:30]}"


class ReportingDeadline(models.Model):
    """The date by which the departments under a finance bureau submit a fiscal year's report."""

    finance_bureau = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="deadlines",
                                       limit_choices_to={"kind": Organisation.Kind.FINANCE_BUREAU})
    fiscal_year = models.PositiveSmallIntegerField("年度")
    due_date = models.DateField("报送截止日期")

    class Meta:
        verbose_name = "报送截止日期"
        verbose_name_plural = "报送截止日期"
        constraints = [models.UniqueConstraint(fields=["finance_bureau", "fiscal_year"], name="deadline_unique_year")]

    def __str__(self):
        return f"{self.finance_bureau} {self.fiscal_year}年度 {self.due_date}"


class ReportCheckSummary(models.Model):
    """The rule engine's result on a report, kept until the report's data changes: a summary computed at another
    `Report.data_version` than the report's is recomputed. The bureau's dashboard reads these."""

    report = models.OneToOneField(Report, on_delete=models.CASCADE, related_name="check_summary")
    data_version = models.PositiveIntegerField("对应的数据版本", default=0)
    errors = models.PositiveIntegerField("错误", default=0)
    warnings = models.PositiveIntegerField("警告", default=0)
    accepted = models.PositiveIntegerField("已认可说明的警告", default=0)
    infos = models.PositiveIntegerField("提示", default=0)
    codes = models.JSONField("规则编号（错误与警告）", default=list)
    checked_at = models.DateTimeField("审核时间", auto_now=True)

    class Meta:
        verbose_name = "审核结果摘要"
        verbose_name_plural = "审核结果摘要"

    @property
    def unresolved(self) -> int:
        """The warnings still to be dealt with: those whose explanation the reviewer has not accepted."""
        return max(self.warnings - self.accepted, 0)

    def __str__(self):
        return f"{self.report} 错误 {self.errors} 警告 {self.warnings}"
