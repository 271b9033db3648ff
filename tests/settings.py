"""Test settings: the platform's own, plus test-only apps (e.g. the review engine's demo document type)."""

import os

# Demo values stand in for the secrets production must be given; the test servers talk plain HTTP.
os.environ["ZHUANJI_ENV"] = "test"
os.environ["HTTPS"] = "False"

from zhuanji.settings import *  # noqa: E402, F403
from zhuanji.settings import INSTALLED_APPS  # noqa: E402

INSTALLED_APPS = [*INSTALLED_APPS, "tests.reviews.docapp"]
# flush between transactional tests may empty the append-only audit tables (zhuanji.audit.immutability).
AUDIT_ALLOW_FLUSH = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", "django.contrib.auth.hashers.Argon2PasswordHasher"]
# Each test makes its own certificate key store: a cheap scrypt cost (production's is 2**15).
CERTIFICATE_KEY_SCRYPT_N = 2**10
# Tasks run in the test's own thread; tests/certificates/test_worker.py starts a real worker instead.
CELERY_TASK_ALWAYS_EAGER = True
# The SMS log keeps texts with their secrets redacted; tests read the delivered clear text (tests/sms.py).
SMS_BACKEND = "tests.sms.OutboxBackend"

if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    # A file, not shared-cache memory: the browser tests' live-server thread and the test thread then
    # wait on SQLite's file lock (busy timeout) instead of failing with "database table is locked".
    # One file per run (pid), so two runs on one machine never share a test database.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")}  # noqa: F405
