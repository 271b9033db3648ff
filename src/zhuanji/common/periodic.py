"""Periodic jobs, declared by each app in its `periodic.py` and run from one place.

Production runs `common.tasks.run_periodic` under Celery beat (`CELERY_BEAT_SCHEDULE`); the embedded
default runs the same jobs with `manage.py run_periodic` (`--every N` keeps it running). Every job is
idempotent, so two runs overlapping or a run after a pause do no harm.
"""

from collections.abc import Callable

from django.utils.module_loading import autodiscover_modules

_JOBS: dict[str, Callable[[], int]] = {}


def periodic(name: str):
    """Register `fn() -> int` (how many things it handled) as the periodic job `name`."""

    def decorator(fn):
        if _JOBS.get(name, fn) is not fn:
            raise ValueError(f"periodic job {name!r} is already registered")
        _JOBS[name] = fn
        return fn

    return decorator


def jobs() -> dict[str, Callable[[], int]]:
    autodiscover_modules("periodic")
    return dict(sorted(_JOBS.items()))


def run_all() -> dict[str, int]:
    """Run every job once; what each handled, by name."""
    return {name: job() for name, job in jobs().items()}
