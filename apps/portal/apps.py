from django.apps import AppConfig


class PortalConfig(AppConfig):
    """Publication and the public portal: frozen files, public pages, open data."""

    name = "apps.portal"
    label = "portal"
    verbose_name = "公开"
