"""audit 0002–0004: the entries already written get their ID numbers masked (keeping the keyed hash), are chained
in id order, and the tables become append-only."""

import pytest
from django.db import DatabaseError, connection, transaction

from tests.migrating import migrate, migrate_to_latest
from zhuanji.audit import immutability
from zhuanji.audit.archive import verify_database
from zhuanji.audit.masking import mask_id_number, subject_hash
from zhuanji.audit.models import AuditEntry

BEFORE = [("audit", "0001_initial")]
ID = "650102198805209772"


@pytest.mark.django_db(transaction=True)
def test_existing_entries_are_masked_chained_and_then_protected():
    old = migrate(BEFORE)
    try:
        assert not immutability.installed(connection)
        Entry = old.get_model("audit", "AuditEntry")
        Entry.objects.create(actor_label=f"石磊({ID})", action="login", object_repr=f"石磊({ID})",
                             after={"identifier": ID}, ip="10.1.2.3")
        Entry.objects.create(actor_label="系统", action="ticket_submit", object_repr="GD0001",
                             after={"identifier": mask_id_number(ID), "n": 1.0}, before={"old": [ID]})
        Entry.objects.create(actor_label="系统", action="orgs.load_province", object_repr="xinjiang")
    finally:
        migrate_to_latest()

    first, second, third = AuditEntry.objects.order_by("id")
    assert ID not in str(AuditEntry.objects.values_list("actor_label", "object_repr", "before", "after"))
    assert first.after == {"identifier": mask_id_number(ID)} and mask_id_number(ID) in first.actor_label
    assert first.subject_hash == subject_hash(ID) and second.subject_hash == subject_hash(ID)
    assert third.subject_hash == ""
    assert (first.prev_hash, second.prev_hash, third.prev_hash) == ("", first.hash, second.hash)
    assert verify_database().ok
    assert immutability.installed(connection) == immutability._expected_triggers(connection.vendor)
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=first.pk).update(action="x")
