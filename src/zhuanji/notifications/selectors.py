from django.shortcuts import get_object_or_404

from .models import Notification


def unread_count(user) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notification_list(*, user, unread_only: bool = False):
    qs = Notification.objects.filter(recipient=user)
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    return qs.order_by("-created_at", "-id")


def notification_get(*, user, pk: int) -> Notification:
    """The user's own message; anyone else's is a 404."""
    return get_object_or_404(Notification, pk=pk, recipient=user)
