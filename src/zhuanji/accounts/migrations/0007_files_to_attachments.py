from django.db import migrations

from zhuanji.attachments.migrating import move_to_attachment


def forwards(apps, schema_editor):
    for person in apps.get_model("accounts", "Person").objects.exclude(photo="").order_by("pk"):
        move_to_attachment(apps, owner=("accounts", "person", person.pk), slot="photo", seq=1, name=person.photo.name,
                           original_name="一寸照", uploader_id=person.user_id)
    for ticket in apps.get_model("accounts", "RecoveryTicket").objects.exclude(id_photo="").order_by("pk"):
        move_to_attachment(apps, owner=("accounts", "recoveryticket", ticket.pk), slot="id_photo", seq=1,
                           name=ticket.id_photo.name, original_name="身份证照片")


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0006_unit_registration"),
        ("attachments", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
