"""Existing entries: ID numbers masked (the one each is about kept as a keyed hash) and chained in id order.

Masking is one-way, so the reverse leaves the rows as they are. The hash is computed with the running code's
canonical form (`zhuanji.audit.chain`), the same `audit_verify` checks.
"""

from django.db import migrations

BATCH = 500


def mask_and_chain(apps, schema_editor):
    from zhuanji.audit import chain
    from zhuanji.audit.masking import first_id_number, mask_id_numbers, mask_id_numbers_in, subject_hash

    AuditEntry = apps.get_model("audit", "AuditEntry")
    AuditHead = apps.get_model("audit", "AuditHead")
    db = schema_editor.connection.alias
    fields = ["actor_label", "object_repr", "before", "after", "subject_hash", "prev_hash", "hash"]
    prev, last_id, batch = "", None, []
    for entry in AuditEntry.objects.using(db).order_by("id").iterator(chunk_size=BATCH):
        before, after = chain.jsonable(entry.before or {}), chain.jsonable(entry.after or {})
        number = first_id_number(entry.object_repr) or first_id_number(before) or first_id_number(after)
        entry.subject_hash = subject_hash(number) if number else ""
        entry.actor_label = mask_id_numbers(entry.actor_label)
        entry.object_repr = mask_id_numbers(entry.object_repr)
        entry.before, entry.after = mask_id_numbers_in(before), mask_id_numbers_in(after)
        entry.prev_hash = prev
        entry.hash = chain.entry_hash({name: getattr(entry, name) for name in chain.FIELDS})
        prev, last_id = entry.hash, entry.pk
        batch.append(entry)
        if len(batch) >= BATCH:
            AuditEntry.objects.using(db).bulk_update(batch, fields)
            batch = []
    if batch:
        AuditEntry.objects.using(db).bulk_update(batch, fields)
    AuditHead.objects.using(db).update_or_create(pk=1, defaults={"last_id": last_id, "last_hash": prev})


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_chain_subject_archive")]

    operations = [migrations.RunPython(mask_and_chain, migrations.RunPython.noop, elidable=False)]
