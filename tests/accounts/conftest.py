"""Shared helpers for accounts tests: image uploads, a filed ticket, the platform's reviewer, reading codes from
the SMS outbox."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.factories import staff_of
from tests.sms import last_secret as sms_last_secret
from zhuanji.accounts import services, throttle
from zhuanji.orgs.models import Role


def png_upload(name: str = "photo.png", size=(60, 80)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def last_secret(phone: str) -> str:
    """The code or temporary password in the newest message to `phone` (written between 「」), as delivered:
    the SMS log itself keeps it redacted."""
    return sms_last_secret(phone)


NEW_PHONE = "13700000001"


def ticket_of(world, phone: str = NEW_PHONE):
    """A ticket filed for `world.person`, asking for the account on `phone` (a new one: two reviewers decide)."""
    return services.ticket_submit(name=world.person.name, identifier=world.person.username, phone=phone,
                                  reason="原手机号已停用", id_photo=png_upload())


@pytest.fixture
def ticket(world):
    return ticket_of(world)


@pytest.fixture
def platform_reviewer(world):
    """The platform's reviewer: decides tickets as a member holding 工单审核, not as a superuser."""
    return staff_of(world.platform, Role.REVIEWER, name="平台审核员")


@pytest.fixture
def clock(monkeypatch):
    """The throttle's clock, moved forward by `clock.advance(seconds)`."""

    class Clock:
        now = 1_800_000_000.0

        def advance(self, seconds):
            self.now += seconds

    c = Clock()
    monkeypatch.setattr(throttle, "_now", lambda: c.now)
    return c
