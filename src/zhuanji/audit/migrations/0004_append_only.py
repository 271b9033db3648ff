"""The audit tables become append-only in the database: triggers refuse UPDATE and DELETE (and TRUNCATE on
PostgreSQL) but in the archive command's `archive_mode()` (see `zhuanji.audit.immutability`)."""

from django.db import migrations


def install(apps, schema_editor):
    from zhuanji.audit import immutability

    immutability.install(schema_editor.connection)


def uninstall(apps, schema_editor):
    from zhuanji.audit import immutability

    immutability.uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_mask_and_chain_existing")]

    operations = [migrations.RunPython(install, uninstall, elidable=False)]
