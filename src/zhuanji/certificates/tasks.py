"""Background work of the certificates app, run by the Celery worker."""

from zhuanji.celery import app


@app.task
def bulk_issue(job_id: int) -> None:
    from .services.bulk import bulk_job_run

    bulk_job_run(job_id=job_id)


@app.task
def certificate_pdf(certificate_id: int) -> None:
    """Render and sign one certificate's PDF (queued when its issuing commits; asked again if it never came)."""
    from .services.pdfs import certificate_pdf_generate

    certificate_pdf_generate(certificate_id=certificate_id)
