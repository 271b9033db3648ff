"""Test settings: the platform's own, plus test-only apps (e.g. the review engine's demo document type)."""

import os

from zhuanji.settings import *  # noqa: F403
from zhuanji.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "tests.reviews.docapp"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", "django.contrib.auth.hashers.Argon2PasswordHasher"]
# Tasks run in the test's own thread; tests/certificates/test_worker.py starts a real worker instead.
CELERY_TASK_ALWAYS_EAGER = True

if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    # A file, not shared-cache memory: the browser tests' live-server thread and the test thread then
    # wait on SQLite's file lock (busy timeout) instead of failing with "database table is locked".
    # One file per run (pid), so two runs on one machine never share a test database.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")}  # noqa: F405
