"""Move audit entries older than AUDIT_RETENTION_DAYS to a gzip archive file, then delete them (audited)."""

from django.core.management.base import BaseCommand, CommandError

from zhuanji.audit.archive import ArchiveError, archive_old_entries, plan, retention_days


class Command(BaseCommand):
    help = ("Archive audit entries older than AUDIT_RETENTION_DAYS (at least 184) to AUDIT_ARCHIVE_STORAGE as "
            "gzip'd JSON lines with their chain hashes, then delete them from the database.")

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="say what would be archived, change nothing")

    def handle(self, *args, **options):
        days = retention_days()
        if options["dry_run"]:
            todo = plan()
            if todo.last_id is None:
                self.stdout.write(f"nothing older than {days} days to archive")
            else:
                self.stdout.write(f"would archive {todo.count} entries (up to #{todo.last_id}) "
                                  f"older than {todo.cutoff:%Y-%m-%d %H:%M}")
            return
        try:
            archive = archive_old_entries()
        except ArchiveError as exc:
            raise CommandError(str(exc)) from exc
        if archive is None:
            self.stdout.write(f"nothing older than {days} days to archive")
        else:
            self.stdout.write(f"archived {archive.count} entries (#{archive.first_id}–#{archive.last_id}) to "
                              f"{archive.file_name} (sha256 {archive.file_sha256})")
