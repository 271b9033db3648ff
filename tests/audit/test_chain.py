"""Issue 10 §10: every entry carries the hash of the one before it; `audit_verify` finds the first broken link."""

import datetime
import threading
import time
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.db import close_old_connections, connection, transaction

from zhuanji.audit import chain
from zhuanji.audit.archive import verify_database
from zhuanji.audit.models import AuditEntry, AuditHead
from zhuanji.audit.services import SYSTEM, record

from .conftest import triggers_dropped


def stored(entry) -> dict:
    return AuditEntry.objects.values("id", "hash", *chain.FIELDS).get(pk=entry.pk)


@pytest.mark.django_db
def test_each_entry_carries_the_hash_of_the_one_before(world):
    first = record(actor=world.person, action="login", obj=world.person)
    second = record(actor=world.unit_admin, action="orgs.unit_info_update", obj=world.unit, before={"a": 1},
                    after={"a": 2})
    assert first.prev_hash == "" and second.prev_hash == first.hash
    # What is read back hashes to what was stored: the hash covers the row as the database keeps it.
    assert chain.entry_hash(stored(first)) == first.hash and chain.entry_hash(stored(second)) == second.hash
    head = AuditHead.objects.get()
    assert (head.last_id, head.last_hash) == (second.pk, second.hash)


@pytest.mark.django_db
def test_values_survive_the_round_trip_through_the_database(world):
    # jsonb prints 1.0 and 1e16 as whole numbers and reorders keys; inet canonicalises IPv6.
    entry = record(actor=SYSTEM, action="x.values", ip="2001:DB8:0:0::1",
                   after={"f": 1.0, "g": 0.1, "big": 1e16, "tiny": 1.5e-07, "day": datetime.date(2026, 1, 2),
                          3: "a key that is a number", "nested": {"z": [1, "二", None, True], "a": 2.5}})
    assert stored(entry)["ip"] == "2001:db8::1"
    assert chain.entry_hash(stored(entry)) == entry.hash
    assert verify_database().ok


@pytest.mark.django_db
def test_audit_verify_reports_an_intact_chain(world, capsys):
    for n in range(3):
        record(actor=SYSTEM, action="x.n", after={"n": n})
    call_command("audit_verify")
    assert "audit chain intact: 3 entries" in capsys.readouterr().out


@pytest.mark.django_db
def test_an_edited_field_is_found_at_its_row(world):
    entries = [record(actor=world.person, action="x.n", after={"n": n}) for n in range(3)]
    with triggers_dropped():
        AuditEntry.objects.filter(pk=entries[1].pk).update(after={"n": 99})
    result = verify_database()
    assert not result.ok and result.broken_id == entries[1].pk and "changed" in result.problem
    with pytest.raises(CommandError, match=f"broken at entry #{entries[1].pk}"):
        call_command("audit_verify")


@pytest.mark.django_db
def test_an_edited_organisation_or_time_is_found_too(world):
    entries = [record(actor=world.unit_admin, action="x.n", org=world.unit) for _ in range(2)]
    with triggers_dropped():
        AuditEntry.objects.filter(pk=entries[0].pk).update(org=world.other_unit)
    assert verify_database().broken_id == entries[0].pk
    with triggers_dropped():
        AuditEntry.objects.filter(pk=entries[0].pk).update(org=world.unit)
        AuditEntry.objects.filter(pk=entries[1].pk).update(created_at=entries[1].created_at
                                                          - datetime.timedelta(seconds=1))
    assert verify_database().broken_id == entries[1].pk


@pytest.mark.django_db
def test_a_removed_row_breaks_the_link_of_the_next(world):
    entries = [record(actor=SYSTEM, action="x.n", after={"n": n}) for n in range(3)]
    with triggers_dropped():
        AuditEntry.objects.filter(pk=entries[1].pk).delete()
    result = verify_database()
    assert result.broken_id == entries[2].pk and "prev_hash" in result.problem


@pytest.mark.django_db
def test_rows_removed_from_the_end_are_found_by_the_head(world):
    entries = [record(actor=SYSTEM, action="x.n", after={"n": n}) for n in range(3)]
    with triggers_dropped():
        AuditEntry.objects.filter(pk=entries[2].pk).delete()
    result = verify_database()
    assert not result.ok and "head" in result.problem


@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_take_turns_and_keep_one_chain():
    """Two writers at once: each append reads the head under a lock, so no two entries follow the same one."""
    real_hash = chain.entry_hash

    def slow_hash(row):
        time.sleep(0.005)  # widen the window between reading the head and writing the entry
        return real_hash(row)

    errors = []

    def writer(n):
        try:
            for i in range(8):
                with transaction.atomic():
                    record(actor=SYSTEM, action="x.concurrent", after={"writer": n, "i": i})
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    with mock.patch("zhuanji.audit.services.chain.entry_hash", side_effect=slow_hash):
        threads = [threading.Thread(target=writer, args=(n,)) for n in range(3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert not errors
    assert AuditEntry.objects.count() == 24
    prevs = list(AuditEntry.objects.values_list("prev_hash", flat=True))
    assert len(set(prevs)) == 24  # no fork: each hash is followed once
    assert verify_database().ok


def test_the_shared_canonical_form_is_the_one_every_stored_hash_was_made_with():
    # audit entries, archive lines, certificate content signatures and statements all hash `canonical_json`:
    # it must stay byte-for-byte what they were written with, or every stored chain and signature breaks
    # (the hash below was computed with the code as it was before the helper was shared).
    data = {"b": [1, "二"], "a": {"z": None, "y": 1.5}}
    assert chain.canonical_json(data) == '{"a":{"y":1.5,"z":null},"b":[1,"二"]}'
    assert chain.sha256_hex(chain.canonical_json(data)) == chain.sha256_hex(chain.canonical_json(data).encode())
    row = {"actor_id": 1, "actor_label": "张伟", "org_id": None, "action": "login", "object_type": "", "object_id": 7,
           "object_repr": "", "subject_hash": "", "before": {}, "after": {"n": 2.0}, "ip": "10.0.0.1",
           "created_at": datetime.datetime(2025, 1, 2, 3, 4, 5, tzinfo=datetime.UTC), "prev_hash": ""}
    assert chain.entry_hash(row) == "3cf81e0840c2c17a940b64f187a4c7f80e71d47a69b632d503dd102785d7031e"
