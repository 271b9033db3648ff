"""Django set-up shared by the benchmark scripts: bench-only defaults, then `django.setup()`.

Everything lands under var/bench/ (SQLite file, media, signing keys), never in the developer's var/,
unless the caller's environment says otherwise. Signing keys are kept per database: the key files
point at organisation ids, which differ between the SQLite and the PostgreSQL bench databases.
"""

import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

BENCH_VAR = Path(os.environ.get("ZHUANJI_VAR_DIR", ROOT / "var" / "bench"))
BENCH_VAR.mkdir(parents=True, exist_ok=True)
# Bench accounts all share this password (hashed once by the generator).
PASSWORD = "Bench@2026"


def _database_tag() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        return "sqlite"
    return "pg-" + re.sub(r"[^A-Za-z0-9_]+", "_", url.rsplit("/", 1)[-1].split("?", 1)[0])


def setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhuanji.settings")
    os.environ.setdefault("ZHUANJI_VAR_DIR", str(BENCH_VAR))
    # Production-like request handling: no DEBUG (templates, error pages, query log off by default); but the
    # bench-only secrets below and plain HTTP to the in-process test client make it a development set-up.
    os.environ.setdefault("ZHUANJI_ENV", "development")
    os.environ.setdefault("HTTPS", "False")
    os.environ.setdefault("DEBUG", "False")
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key")
    os.environ.setdefault("CERTIFICATE_KEY_PASSPHRASE", "bench-only-passphrase")
    os.environ.setdefault("CERTIFICATE_KEY_DIR", str(BENCH_VAR / f"keys-{_database_tag()}"))
    # The login benchmark answers the captcha with the test-mode word; verification must not hit the rate limit.
    os.environ.setdefault("CAPTCHA_TEST_MODE", "True")
    os.environ.setdefault("CERTIFICATE_VERIFY_PER_MINUTE", str(10**9))
    os.environ.setdefault("LOG_LEVEL", "ERROR")

    import django

    django.setup()
