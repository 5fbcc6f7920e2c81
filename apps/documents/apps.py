from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    """The report as a document: the disclosure view model, HTML and PDF, JSON, workbook and CSV."""

    name = "apps.documents"
    label = "documents"
    verbose_name = "决算文档"
