from django.db import models

from apps.accounts.models import Organisation
from apps.reports.editions import DEFAULT_EDITION, Edition, choices, edition
from apps.reports.layouts import SummaryClasses
from apps.reports.money import Unit


class Report(models.Model):
    """One revision of a department's final accounts (部门决算) for one fiscal year."""

    class State(models.TextChoices):
        DRAFT = "draft", "草稿"
        SUBMITTED = "submitted", "已提交"
        APPROVED = "approved", "已审核"
        PUBLISHED = "published", "已公开"

    class Origin(models.TextChoices):
        ENTERED = "entered", "填报"
        HISTORICAL = "historical", "历史导入"  # a report published before the system, loaded from its file

    department = models.ForeignKey(
        Organisation,
        verbose_name="部门",
        on_delete=models.PROTECT,
        related_name="reports",
        limit_choices_to={"kind": Organisation.Kind.DEPARTMENT},
    )
    fiscal_year = models.PositiveSmallIntegerField("年度")
    revision = models.PositiveSmallIntegerField("修订版次", default=1)
    state = models.CharField("状态", max_length=20, choices=State.choices, default=State.DRAFT)
    origin = models.CharField("来源", max_length=20, choices=Origin.choices, default=Origin.ENTERED,
                              help_text="历史导入：系统启用前已公开的往年决算，按其原始文件录入，数字与原文一致")
    unit = models.CharField("金额单位", max_length=10, choices=Unit.choices, default=Unit.WAN_YUAN)
    edition = models.CharField("公开模板版式", max_length=40, choices=choices, default=DEFAULT_EDITION,
                               help_text="报表的表格、表头、附注与情况说明按此版式；建立时确定，公开后不再改变")
    summary_classes = models.CharField(
        "公开01表/04表支出类数", max_length=2, choices=SummaryClasses.choices, default=SummaryClasses.ALL_26
    )
    correction_note = models.TextField("更正说明", max_length=5000, blank=True,
                                       help_text="第 2 版起必填：公开时向社会说明更正了什么")
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    approved_at = models.DateTimeField("审核通过时间", null=True, blank=True)
    published_at = models.DateTimeField("公开时间", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    data_version = models.PositiveIntegerField(
        "数据版本", default=0, editable=False,
        help_text="每次改动（每条操作记录）加一，与改动在同一事务中；据此判断缓存的审核结果是否过期")

    class Meta:
        verbose_name = "部门决算"
        verbose_name_plural = "部门决算"
        ordering = ["-fiscal_year", "department__code", "-revision"]
        constraints = [
            models.UniqueConstraint(
                fields=["department", "fiscal_year", "revision"], name="report_unique_department_year_revision"
            ),
            models.CheckConstraint(condition=models.Q(revision__gte=1), name="report_revision_positive"),
            models.CheckConstraint(
                condition=models.Q(fiscal_year__gte=2000, fiscal_year__lte=2100), name="report_fiscal_year_range"
            ),
        ]

    def __str__(self):
        """The revision as pages and messages name it: 沁阳市政务服务和大数据管理局 2021年度部门决算（第2版）."""
        suffix = f"（第{self.revision}版）" if self.revision > 1 else ""
        return f"{self.department.name} {self.fiscal_year}年度部门决算{suffix}"

    @property
    def historical(self) -> bool:
        return self.origin == self.Origin.HISTORICAL

    @property
    def address(self) -> str:
        """How commands and URLs name the report: <department-code>/<year>."""
        return f"{self.department.code}/{self.fiscal_year}"

    @property
    def title(self) -> str:
        """The document's title: 沁阳市政务服务和大数据管理局2021年度部门决算 (the page and the PDF, the workbook's
        cover, the open-data catalogue)."""
        return f"{self.department.name}{self.fiscal_year}年度部门决算"

    @property
    def template(self) -> Edition:
        """The report's edition of the public document (`editions.py`)."""
        return edition(self.edition)

    @property
    def table_codes(self) -> list[str]:
        """The tables the report's edition prints, in its order."""
        return self.template.codes()

    def table_number(self, code: str) -> str:
        """How the report names a table: 公开07表, or its title where the edition numbers none."""
        return self.template.number(code)

    def table_title(self, code: str) -> str:
        return self.template.title(code)

    def table_navigation(self) -> list[tuple[str, str]]:
        """The tables in the report's order as the entry pages link them: (code, 公开0N表 or title)."""
        return [(code, self.table_number(code)) for code in self.table_codes]

    @property
    def days_to_publish(self) -> int | None:
        """Days between approval and publication (the rules ask for publication within 20 days)."""
        if self.approved_at and self.published_at:
            return (self.published_at.date() - self.approved_at.date()).days
        return None
