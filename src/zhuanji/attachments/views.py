"""The one download view of every uploaded file: permission-checked by its owner's declared visibility."""

from django.contrib.auth.decorators import login_required

from zhuanji.audit.services import record

from .content import download_name
from .responses import private_file_response
from .selectors import attachment_get_for_viewer, attachment_open


@login_required
def download(request, key):
    attachment = attachment_get_for_viewer(actor=request.acting, key=key)
    # Every view of a file is audited (ID photos, evidence): which owner's, which slot (issue 10 §10).
    owner = f"{attachment.owner_type.app_label}.{attachment.owner_type.model}"
    record(actor=request.acting, action="attachments.download", obj=attachment, subject=attachment.owner,
           object_repr=f"{owner} {attachment.slot} {attachment.original_name}",
           after={"owner": owner, "owner_id": attachment.owner_id, "slot": attachment.slot,
                  "name": attachment.original_name})
    return private_file_response(attachment_open(attachment), mime_type=attachment.mime_type,
                                 filename=download_name(attachment.original_name, attachment.kind))
