"""Check the audit log's hash chain (and, with --archive, archive files); exit 1 at the first broken link."""

from pathlib import Path

from django.conf import settings
from django.core.files.storage import storages
from django.core.management.base import BaseCommand, CommandError

from zhuanji.audit.archive import verify_archive, verify_database
from zhuanji.audit.models import AuditArchive


class Command(BaseCommand):
    help = "Verify the audit log's hash chain: reports the first entry whose hash or link does not match."

    def add_arguments(self, parser):
        parser.add_argument("--archive", action="append", default=[], metavar="NAME",
                            help="also verify an archive file (a name in AUDIT_ARCHIVE_STORAGE or a local path)")

    def handle(self, *args, **options):
        failures = []
        for name in options["archive"]:
            result, known = self._archive(name)
            if result.ok and known is not None and known.last_hash != result.last_hash:
                result.problem = "its last hash is not the one recorded when it was archived"
            self._report(f"{name}: {result}", result.ok, failures)
        result = verify_database()
        self._report(f"database: {result}", result.ok, failures)
        if failures:
            raise CommandError("\n".join(failures))

    def _report(self, message: str, ok: bool, failures: list) -> None:
        if ok:
            self.stdout.write(message)
        else:
            failures.append(message)

    def _archive(self, name):
        path = Path(name)
        known = AuditArchive.objects.filter(file_name=name).first()
        if path.is_file():
            with path.open("rb") as fh:
                return verify_archive(fh), known
        with storages[settings.AUDIT_ARCHIVE_STORAGE].open(name, "rb") as fh:
            return verify_archive(fh), known
