from django.db import migrations

from zhuanji.attachments.migrating import copy_to_private, move_to_attachment


def forwards(apps, schema_editor):
    Certificate = apps.get_model("certificates", "Certificate")
    for pk, pdf, photo in Certificate.objects.values_list("pk", "pdf", "photo").order_by("pk"):
        Certificate.objects.filter(pk=pk).update(pdf=copy_to_private(pdf, "certificates/pdf") or pdf,
                                                 photo=copy_to_private(photo, "certificates/photos") or photo)
    CertificateRequest = apps.get_model("certificates", "CertificateRequest")
    for request in CertificateRequest.objects.order_by("pk"):
        for seq, evidence in enumerate(request.evidence.order_by("pk"), 1):
            move_to_attachment(apps, owner=("certificates", "certificaterequest", request.pk), slot="evidence",
                               seq=seq, name=evidence.file.name, original_name=evidence.original_name,
                               uploader_id=request.holder_id)
        if request.new_photo:
            move_to_attachment(apps, owner=("certificates", "certificaterequest", request.pk), slot="new_photo",
                               seq=1, name=request.new_photo.name, uploader_id=request.holder_id)


class Migration(migrations.Migration):

    dependencies = [
        ("attachments", "0001_initial"),
        ("certificates", "0002_certificaterequest_requestevidence_and_more"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
