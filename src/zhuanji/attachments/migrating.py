"""Moving the files stored before `zhuanji.attachments` — file fields on the default storage, whose directory
`DEBUG` used to serve under /media/ — into private storage. Used by the data migrations of accounts, hours and
certificates on historical models; a file that is missing is skipped (its row then has none, as before).
"""

import contextlib
import secrets
import uuid

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import transaction

from zhuanji.common.files import detect_kind

from .content import MIME_TYPES, clean_name, reencode_image


def _read_old(name: str) -> bytes | None:
    storage = storages["default"]
    if not name or not storage.exists(name):
        return None
    with storage.open(name, "rb") as fh:
        return fh.read()


def _forget_old(name: str) -> None:
    transaction.on_commit(lambda: storages["default"].delete(name))


def copy_to_private(name: str, folder: str) -> str | None:
    """Copy an old default-storage file to a random private name under `folder`; the old one goes on commit."""
    data = _read_old(name)
    if data is None:
        return None
    extension = name.rpartition(".")[2].lower() if "." in name else "bin"
    token = secrets.token_hex(16)
    stored = storages["private"].save(f"{folder}/{token[:2]}/{token}.{extension}", ContentFile(data))
    _forget_old(name)
    return stored


def move_to_attachment(apps, *, owner: tuple[str, str, int], slot: str, seq: int, name: str,
                       original_name: str = "", uploader_id=None) -> bool:
    """An old file field's file becomes the attachment (`owner` = app label, model name, pk) in `slot`."""
    data = _read_old(name)
    if data is None:
        return False
    kind = detect_kind(ContentFile(data))
    if kind in ("jpg", "png"):
        with contextlib.suppress(ValidationError):  # else kept as it was; still served only as an image
            data = reencode_image(data, kind)
    content_type, _ = apps.get_model("contenttypes", "ContentType").objects.get_or_create(
        app_label=owner[0], model=owner[1])
    token = secrets.token_hex(16)
    stored = storages["private"].save(f"attachments/{token[:2]}/{token}.{kind or 'bin'}", ContentFile(data))
    apps.get_model("attachments", "Attachment").objects.create(
        key=uuid.uuid4(), owner_type=content_type, owner_id=owner[2], slot=slot, seq=seq,
        mime_type=MIME_TYPES.get(kind, "application/octet-stream"), size=len(data), stored_name=stored,
        original_name=clean_name(original_name or name.rpartition("/")[2]), uploader_id=uploader_id)
    _forget_old(name)
    return True
