from pathlib import Path

import pytest
import yaml

from apps.reports.services.demo import DEMO_FILE

SHARED_SEED = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "qinyang-2021.yaml"


@pytest.fixture(scope="session")
def seed() -> dict:
    """The structured transcription of the reference document (the shared copy when present)."""
    path = SHARED_SEED if SHARED_SEED.exists() else DEMO_FILE
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test database starts with the demo loaded through the same code as `manage.py load_demo`."""
    from io import StringIO

    from django.core.management import call_command

    with django_db_blocker.unblock():
        call_command("load_demo", stdout=StringIO())


@pytest.fixture
def demo_report(db):
    from apps.reports.models import Report

    return Report.objects.get(department__code="410882-zwfw", fiscal_year=2021, revision=1)


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with no cached public page (the database is rolled back between tests; the cache is not)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def media(settings, tmp_path):
    """Stored files (published documents, uploads kept for jobs) go to a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path
