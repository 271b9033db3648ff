"""Background work of the certificates app, run by the Celery worker."""

from zhuanji.celery import app


@app.task
def bulk_issue(job_id: int) -> None:
    from .services.bulk import bulk_job_run

    bulk_job_run(job_id=job_id)
