from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "apps.reports"
    label = "reports"
    verbose_name = "部门决算"

    def ready(self):
        from apps.reports import checks  # noqa: F401  (registers the system checks)
