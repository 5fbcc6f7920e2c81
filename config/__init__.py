"""The project's configuration. The Celery application (config/celery.py) is imported where jobs are sent or run
(apps/jobs/tasks.py; `celery -A config worker` finds `config.celery`), not here: every process, each management
command and each export among them, would import Celery for nothing (about 0.1–0.2 s)."""
