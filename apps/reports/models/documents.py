import hashlib

from django.conf import settings
from django.db import models

from apps.reports.money import amount_field

from .report import Report


def document_path(instance, filename):
    report = instance.report
    return f"published/{report.department.code}/{report.fiscal_year}/r{report.revision}/{filename}"


class PublishedDocument(models.Model):
    """A file rendered once when a revision is published, kept with its content hash and served as stored."""

    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        XLSX = "xlsx", "Excel 工作簿"
        HTML = "html", "网页正文"

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="documents")
    format = models.CharField("格式", max_length=10, choices=Format.choices)
    file = models.FileField("文件", upload_to=document_path, max_length=300)
    sha256 = models.CharField("SHA-256", max_length=64)
    size = models.PositiveIntegerField("字节数")
    created_at = models.DateTimeField("生成时间", auto_now_add=True)

    class Meta:
        verbose_name = "公开文件"
        verbose_name_plural = "公开文件"
        constraints = [models.UniqueConstraint(fields=["report", "format"], name="publisheddocument_unique_format")]

    def __str__(self):
        return f"{self.report} {self.get_format_display()}"

    @staticmethod
    def digest(content: bytes) -> str:
        return hashlib.sha256(content).hexdigest()


def source_path(instance, filename):
    return f"sources/{instance.report.department.code}/{instance.report.fiscal_year}/{filename}"


class SourceDocument(models.Model):
    """The file a historical report (历史导入) was loaded from, kept as received with its content hash."""

    report = models.OneToOneField(Report, on_delete=models.PROTECT, related_name="source")
    name = models.CharField("文件名", max_length=255)
    file = models.FileField("文件", upload_to=source_path, max_length=300)
    sha256 = models.CharField("SHA-256", max_length=64)
    size = models.PositiveIntegerField("字节数")
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="导入人", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    imported_at = models.DateTimeField("导入时间", auto_now_add=True)

    class Meta:
        verbose_name = "历史导入原始文件"
        verbose_name_plural = "历史导入原始文件"

    def __str__(self):
        return f"{self.report} 原始文件 {self.name}"


class PublishedFigures(models.Model):
    """The main figures of a published revision, stored at publication so that the portal's lists, charts and
    comparisons read one row per report instead of recomputing its tables (amounts in 元)."""

    report = models.OneToOneField(Report, on_delete=models.CASCADE, related_name="figures")
    total = amount_field("收支总计")
    income = amount_field("本年收入合计")
    expenditure = amount_field("本年支出合计")
    basic = amount_field("基本支出")
    project = amount_field("项目支出")
    fiscal_income = amount_field("财政拨款收入")
    three_public = amount_field("“三公”经费支出")
    three_public_budget = amount_field("“三公”经费预算")
    operating_cost = amount_field("机关运行经费")

    class Meta:
        verbose_name = "公开决算主要数字"
        verbose_name_plural = "公开决算主要数字"

    def __str__(self):
        return f"{self.report} 主要数字"


class PublishedLine(models.Model):
    """Every printed figure of a published revision, one row each: what consolidations across departments sum in
    the database, and what the bulk open-data CSV streams (amounts in 元)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="published_lines")
    table = models.CharField("表", max_length=20)
    row_key = models.CharField("行", max_length=64)
    code = models.CharField("科目编码", max_length=7, blank=True)
    label = models.CharField("项目", max_length=200)
    column_key = models.CharField("栏", max_length=32)
    column_label = models.CharField("栏目", max_length=100)
    value = amount_field("金额", null=False, blank=False)

    class Meta:
        verbose_name = "公开报表数字"
        verbose_name_plural = "公开报表数字"
        indexes = [models.Index(fields=["table", "row_key", "column_key"], name="publishedline_cell")]

    def __str__(self):
        return f"{self.report} {self.table} {self.row_key} {self.column_key}"
