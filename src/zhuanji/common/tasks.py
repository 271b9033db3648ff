from celery import shared_task

from .periodic import run_all


@shared_task(name="zhuanji.run_periodic")
def run_periodic() -> dict[str, int]:
    """Celery beat's one entry: every app's periodic jobs."""
    return run_all()
