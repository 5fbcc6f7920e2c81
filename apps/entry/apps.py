from django.apps import AppConfig


class EntryConfig(AppConfig):
    """The accountant's entry: table grids, text sections, imports, submission."""

    name = "apps.entry"
    label = "entry"
    verbose_name = "填报"
