"""Pluggable SMS sending: `settings.SMS_BACKEND` names a class with `send(phone, text)`.

Secrets (codes, temporary passwords) are written between 「」 (`secret()`): the gateway receives the clear
text, the 短信记录 log row only the text with every secret replaced (`redact()`), so nobody reading the
log or the database learns a code or a temporary password.
"""

import logging
import re

from django.conf import settings
from django.db import transaction
from django.utils.module_loading import import_string

from .models import SmsMessage

_SECRET = re.compile(r"「[^」]*」")
logger = logging.getLogger(__name__)


class BaseBackend:
    """A gateway adapter; subclasses deliver the text and keep the log row."""

    def send(self, phone: str, text: str) -> None:
        raise NotImplementedError

    def log(self, phone: str, text: str) -> SmsMessage:
        """The log row of a message sent: its secrets redacted."""
        backend = f"{type(self).__module__}.{type(self).__name__}"
        return SmsMessage.objects.create(phone=phone, text=redact(text), backend=backend)


class DatabaseBackend(BaseBackend):
    """The embedded default: messages are only logged (secrets redacted), nothing is delivered. Under DEBUG
    (`make run`) the full text is also printed to the console, so 找回密码 can be tried without a gateway."""

    def send(self, phone: str, text: str) -> None:
        self.log(phone, text)
        if settings.DEBUG:
            logger.warning("SMS (not sent, DEBUG) to %s: %s", phone, text)


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
