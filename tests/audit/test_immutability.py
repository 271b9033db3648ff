"""Issue 10 §10: the database itself refuses to change or remove audit rows, the application's role included."""

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from zhuanji.audit import immutability
from zhuanji.audit.immutability import archive_mode
from zhuanji.audit.models import AuditArchive, AuditEntry
from zhuanji.audit.services import SYSTEM, record

pytestmark = pytest.mark.django_db


def refused(action) -> bool:
    try:
        with transaction.atomic():
            action()
    except DatabaseError as exc:
        return "append-only" in str(exc)
    return False


def test_the_migration_installed_the_triggers():
    assert immutability.installed(connection) == immutability._expected_triggers(connection.vendor)


def test_entries_cannot_be_updated_or_deleted(world):
    entry = record(actor=world.person, action="login", obj=world.person)
    rows = AuditEntry.objects.filter(pk=entry.pk)
    assert refused(lambda: rows.update(action="logout"))
    assert refused(lambda: rows.delete())
    assert refused(lambda: AuditEntry.objects.all().delete())
    assert refused(lambda: entry.delete())
    entry.actor_label = "别人"
    assert refused(lambda: entry.save())

    def raw(sql):
        with connection.cursor() as cursor:
            cursor.execute(sql)

    assert refused(lambda: raw("UPDATE audit_auditentry SET action = 'x'"))
    assert refused(lambda: raw("DELETE FROM audit_auditentry"))
    if connection.vendor == "postgresql":
        raw("SET CONSTRAINTS ALL IMMEDIATE")  # else the entry's pending foreign-key checks refuse TRUNCATE first
        assert refused(lambda: raw("TRUNCATE audit_auditentry"))
    assert AuditEntry.objects.filter(pk=entry.pk, action="login").exists()


def test_archive_records_cannot_be_changed_either():
    archive = AuditArchive.objects.create(cutoff="2026-01-01T00:00:00Z", file_name="a.jsonl.gz", file_sha256="0",
                                          count=1, first_id=1, last_id=1, last_hash="0")
    assert refused(lambda: AuditArchive.objects.filter(pk=archive.pk).update(last_hash="1"))
    assert refused(lambda: AuditArchive.objects.filter(pk=archive.pk).delete())


def test_archive_mode_allows_deleting_but_never_updating(world):
    entry = record(actor=SYSTEM, action="x.one")
    with transaction.atomic(), archive_mode():
        assert refused(lambda: AuditEntry.objects.filter(pk=entry.pk).update(action="x.two"))
        assert AuditEntry.objects.filter(pk=entry.pk).delete()[0] == 1
    # The switch ends with its block: the next deletion is refused again.
    other = record(actor=SYSTEM, action="x.three")
    assert refused(lambda: AuditEntry.objects.filter(pk=other.pk).delete())


@pytest.mark.django_db(transaction=True)
def test_archive_mode_needs_a_transaction():
    with pytest.raises(RuntimeError), archive_mode():
        pass


def test_flush_cannot_empty_the_audit_log_outside_the_tests(settings, world):
    record(actor=SYSTEM, action="x.one")
    settings.AUDIT_ALLOW_FLUSH = False
    with pytest.raises(CommandError), transaction.atomic():
        call_command("flush", interactive=False, verbosity=0)
    assert AuditEntry.objects.exists()
