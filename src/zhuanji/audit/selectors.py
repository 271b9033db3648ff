import ipaddress

from django.contrib.auth import get_user_model
from django.db.models import Q

from .masking import is_id_number, subject_hash
from .models import AuditEntry


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def audit_entry_list(*, keyword: str = "", action: str = "", date_from=None, date_to=None):
    qs = AuditEntry.objects.select_related("org")
    if keyword:
        match = Q(actor_label__icontains=keyword) | Q(object_repr__icontains=keyword) | Q(object_id=keyword)
        if _is_ip(keyword):
            match |= Q(ip=keyword)
        if is_id_number(keyword):
            # Stored masked: the whole number finds the entries about it (their keyed hash) and by its holder.
            number = keyword.strip().upper()
            holders = get_user_model().objects.filter(username__in={keyword.strip(), number}).values("pk")
            match |= Q(subject_hash=subject_hash(number)) | Q(actor__in=holders)
        qs = qs.filter(match)
    if action:
        qs = qs.filter(action=action)
    if date_from:
        qs = qs.filter(created_at__date__gte=date_from)
    if date_to:
        qs = qs.filter(created_at__date__lte=date_to)
    return qs
