from django.apps import AppConfig


class ReviewConfig(AppConfig):
    """The finance bureau reviewer's pages: the queue, a report under review, comments, the audit trail."""

    name = "apps.review"
    label = "review"
    verbose_name = "审核"
