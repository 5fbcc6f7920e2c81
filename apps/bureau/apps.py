from django.apps import AppConfig


class BureauConfig(AppConfig):
    """The finance bureau's year: dashboard, progress, consolidation, bulk import."""

    name = "apps.bureau"
    label = "bureau"
    verbose_name = "财政局"
