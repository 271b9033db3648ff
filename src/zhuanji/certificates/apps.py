import sys
from pathlib import Path

from django.apps import AppConfig
from django.conf import settings

# Commands that run before the key store exists, or never touch it: production start-up does not check it there
# (`check --deploy` reports a bad store as the system check certificates.E001 instead).
KEYLESS_COMMANDS = frozenset({"certificate_keys", "check", "migrate", "makemigrations", "showmigrations",
                              "sqlmigrate", "collectstatic", "createcachetable", "compilemessages", "help", "version"})


def _command() -> str:
    """The management command this process runs ("" for gunicorn, a Celery worker and the like)."""
    argv = sys.argv or [""]
    program = Path(argv[0]).name
    if len(argv) > 1 and (program in ("manage.py", "django-admin") or argv[0].endswith("django/__main__.py")):
        return argv[1]
    return ""


class CertificatesConfig(AppConfig):
    name = "zhuanji.certificates"
    label = "certificates"
    verbose_name = "电子证书"

    def ready(self):
        from . import checks, routes  # noqa: F401  (the deploy check; the 补办 and 更正 review routes)

        # Production refuses to start without its key store, or with a passphrase that does not open it, rather
        # than create a new root or read every genuine certificate as forged (`keys.check_store`).
        if settings.CERTIFICATE_KEY_STARTUP_CHECK and _command() not in KEYLESS_COMMANDS:
            from .keys import check_store

            check_store()
