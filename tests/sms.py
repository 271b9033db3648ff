"""The tests' SMS backend: the platform's database backend (the log row keeps the text with its secrets
redacted), plus the clear text the gateway would have received, kept in memory by log row — so tests read a
code or a temporary password the way its recipient would, and the log itself is still checked for secrets."""

import re

from zhuanji.accounts.models import SmsMessage
from zhuanji.accounts.sms import DatabaseBackend


class OutboxBackend(DatabaseBackend):
    # Log row id → the clear text. A row id reused after a test's rollback is overwritten as it is logged.
    delivered: dict[int, str] = {}

    def send(self, phone: str, text: str) -> None:
        self.delivered[self.log(phone, text).pk] = text


def delivered(message: SmsMessage) -> str:
    """The clear text the gateway received for this log row."""
    return OutboxBackend.delivered[message.pk]


def last_delivered(phone: str | None = None) -> str:
    messages = SmsMessage.objects.all() if phone is None else SmsMessage.objects.filter(phone=phone)
    return delivered(messages.latest("id"))


def last_secret(phone: str | None = None) -> str:
    """The code or temporary password in the newest message (to `phone`), written between 「」."""
    return re.search(r"「([^」]+)」", last_delivered(phone)).group(1)
