"""Reading a document's files: its slots, one file's bytes, and the one permission check of every download."""

from django.contrib.contenttypes.models import ContentType
from django.core.files import File
from django.db.models import Model
from django.http import Http404

from zhuanji.orgs.acting import acting_of

from .models import Attachment
from .registry import owner_type_of
from .storage import private_storage


def attachment_list(owner: Model, slot: str | None = None):
    """The owner's files (in `slot`), in order."""
    qs = Attachment.objects.filter(owner_type=ContentType.objects.get_for_model(owner), owner_id=owner.pk)
    return qs.filter(slot=slot) if slot is not None else qs


def attachment_first(owner: Model, slot: str) -> Attachment | None:
    return attachment_list(owner, slot).first()


def attachment_open(attachment: Attachment) -> File:
    return private_storage().open(attachment.stored_name, "rb")


def attachment_read(attachment: Attachment) -> bytes:
    with attachment_open(attachment) as fh:
        return fh.read()


def attachment_get_for_viewer(*, actor, key) -> Attachment:
    """The file, when its owner's declared visibility lets the acting user see the owner; else 404.

    An owner type nobody declared (`registry`), a missing owner or an invisible one are the same 404.
    """
    attachment = Attachment.objects.select_related("owner_type").filter(key=key).first()
    if attachment is None:
        raise Http404
    model = attachment.owner_type.model_class()
    owner_type = owner_type_of(model) if model is not None else None
    owner = model._default_manager.filter(pk=attachment.owner_id).first() if owner_type is not None else None
    if owner is None or not owner_type.visible(acting_of(actor), owner):
        raise Http404
    return attachment
