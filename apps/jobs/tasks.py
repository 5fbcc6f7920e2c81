"""Celery's side of the background jobs: one task that makes one attempt at a job (apps/jobs/services.py).

The message is acknowledged only after the attempt (acks_late), and given back to the broker when the process
running it dies (reject_on_worker_lost), so a job interrupted by a killed worker is delivered again."""
from apps.jobs.services import job_run
from config.celery import app


@app.task(name="juesuan.run_job", acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def run_job(job_id: int) -> None:
    job_run(job_id)
