"""Writing and reading messages. Messages are written inside the caller's transaction, so a rolled-back
change leaves none; an SMS leaves the database and is sent only after commit, by a task."""

from django.db import transaction
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from zhuanji.accounts.sms import send_sms_after_commit

from .models import Notification


def notify(*, recipients, title: str, body: str = "", url: str = "", case=None, sms: bool = False) -> int:
    """One message to each recipient (each user once), and an SMS to their phone when `sms`."""
    users = {user.pk: user for user in recipients if user is not None and user.is_active}
    if not users:
        return 0
    # Only a path on this site (not "//host" nor "/\\host", which browsers read as another host).
    url = url if url.startswith("/") and url_has_allowed_host_and_scheme(url, allowed_hosts=None) else ""
    Notification.objects.bulk_create(
        Notification(recipient_id=pk, title=title[:100], body=body[:500], url=url[:200], case=case) for pk in users)
    if sms:
        for user in users.values():
            if user.phone:
                send_sms_after_commit(user.phone, f"{title}。{body}" if body else title)
    return len(users)


@transaction.atomic
def notification_read(*, user, notification: Notification) -> Notification:
    """Mark the user's own message read (a receipt, not a business change: not audited)."""
    if notification.recipient_id != user.pk:
        raise PermissionError("not the recipient")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notification_read_all(*, user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())
