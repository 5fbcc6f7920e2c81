from django.apps import AppConfig


class PerformanceConfig(AppConfig):
    name = "apps.performance"
    label = "performance"
    verbose_name = "绩效自评"
