"""Background work of the certificates app (Celery; in-process when no broker is configured)."""

from zhuanji.celery import app


@app.task
def bulk_issue(job_id: int) -> None:
    from .services.bulk import bulk_job_run

    bulk_job_run(job_id=job_id)
