from django.apps import AppConfig


class JobsConfig(AppConfig):
    """Background jobs: the Job record, attempts and retries; the owning apps register their handlers."""

    name = "apps.jobs"
    label = "jobs"
    verbose_name = "后台任务"
