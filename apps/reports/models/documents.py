import hashlib

from django.db import models

from .report import Report


def document_path(instance, filename):
    report = instance.report
    return f"published/{report.department.code}/{report.fiscal_year}/r{report.revision}/{filename}"


class PublishedDocument(models.Model):
    """A file rendered once when a revision is published, kept with its content hash and served as stored."""

    class Format(models.TextChoices):
        PDF = "pdf", "PDF"

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
