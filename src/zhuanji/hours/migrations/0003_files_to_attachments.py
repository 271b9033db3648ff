from django.db import migrations

from zhuanji.attachments.migrating import move_to_attachment


def forwards(apps, schema_editor):
    Evidence = apps.get_model("hours", "Evidence")
    for evidence in Evidence.objects.select_related("item__application").order_by("pk"):
        move_to_attachment(apps, owner=("hours", "item", evidence.item_id), slot="evidence", seq=evidence.seq,
                           name=evidence.file.name, original_name=evidence.original_name,
                           uploader_id=evidence.item.application.applicant_id)


class Migration(migrations.Migration):

    dependencies = [
        ("attachments", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("hours", "0002_hours_ledger"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
