"""Pluggable SMS sending: `settings.SMS_BACKEND` names a class with `send(phone, text)`.

Secrets (codes, temporary passwords) are written between 「」 so the 短信记录 page can hide them.
"""

import re

from django.conf import settings
from django.db import transaction
from django.utils.module_loading import import_string

from .models import SmsMessage

_SECRET = re.compile(r"「[^」]*」")


class BaseBackend:
    """A gateway adapter; subclasses deliver the text and keep the log row."""

    def send(self, phone: str, text: str) -> None:
        raise NotImplementedError

    def log(self, phone: str, text: str) -> SmsMessage:
        backend = f"{type(self).__module__}.{type(self).__name__}"
        return SmsMessage.objects.create(phone=phone, text=text, backend=backend)


class DatabaseBackend(BaseBackend):
    """The embedded default: messages are only stored, so development and tests read them back."""

    def send(self, phone: str, text: str) -> None:
        self.log(phone, text)


def get_backend(path: str | None = None) -> BaseBackend:
    return import_string(path or settings.SMS_BACKEND)()


def send_sms(phone: str, text: str) -> None:
    """Send now: only for a caller that must know it went (a login code the user waits for)."""
    get_backend().send(phone, text)


def send_sms_after_commit(phone: str, text: str) -> None:
    """Send once the caller's transaction commits, from the worker: a gateway is never called while rows
    are locked, and a rolled-back change sends nothing."""
    from .tasks import send_sms_task  # the task module imports this one

    transaction.on_commit(lambda: send_sms_task.delay(phone, text))


def secret(value: str) -> str:
    return f"「{value}」"


def redact(text: str) -> str:
    return _SECRET.sub("「******」", text)
