from django.apps import AppConfig


class AccessConfig(AppConfig):
    """Who may see, change and act on what: the one place views ask."""

    name = "apps.access"
    label = "access"
    verbose_name = "权限"
