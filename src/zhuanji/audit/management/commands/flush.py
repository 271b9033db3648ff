"""`flush`, which may not empty the append-only audit log unless the settings allow it (AUDIT_ALLOW_FLUSH: the
test settings, between transactional tests; AUDIT_ALLOW_FLUSH=1 outside production): the audit tables are then
emptied in `archive_mode()`, the switch the append-only triggers honour."""

from django.conf import settings
from django.core.management import CommandError
from django.core.management.commands import flush
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from zhuanji.audit import immutability
from zhuanji.audit.immutability import archive_mode


class Command(flush.Command):
    def handle(self, **options):
        database = options.get("database", DEFAULT_DB_ALIAS)
        if not getattr(settings, "AUDIT_ALLOW_FLUSH", False):
            if immutability.installed(connections[database]):
                raise CommandError("flush would empty the audit log, which is append-only; outside production "
                                   "set AUDIT_ALLOW_FLUSH=1 to flush a development database")
            return super().handle(**options)
        with transaction.atomic(using=database), archive_mode(database):
            return super().handle(**options)
