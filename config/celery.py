"""The Celery application that runs background jobs in production (`celery -A config worker`).

Settings come from Django's (`CELERY_*`); without `CELERY_BROKER_URL` no worker is needed: jobs run at once in the
process that starts them (apps/jobs/services.py)."""
import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.prod")

app = Celery("juesuan")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
