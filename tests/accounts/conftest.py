"""Shared helpers for accounts tests: image uploads, a filed ticket, reading codes from the SMS outbox."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from zhuanji.accounts import services
from zhuanji.accounts.models import SmsMessage


def png_upload(name: str = "photo.png", size=(60, 80)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def last_secret(phone: str) -> str:
    """The code or temporary password in the newest message to `phone` (written between 「」)."""
    text = SmsMessage.objects.filter(phone=phone).latest("id").text
    return re.search(r"「([^」]+)」", text).group(1)


@pytest.fixture
def ticket(world):
    return services.ticket_submit(name=world.person.name, identifier=world.person.username, phone="13700000001",
                                  reason="原手机号已停用", id_photo=png_upload())
