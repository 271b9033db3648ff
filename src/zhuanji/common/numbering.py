"""Document and account numbers: `YHBH00000001`, `DWBH00000001`, `SQ20231026000504`, `RSSQ00511378`.

Numbers come from a row per scheme locked for the increment, so two app servers never hand out
the same number; the caller must already be inside the transaction that stores the number.
"""

from django.db import transaction
from django.utils import timezone

from .models import Counter


def next_value(key: str) -> int:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_value() must run inside the transaction that uses the number")
    counter, _ = Counter.objects.get_or_create(key=key)
    counter = Counter.objects.select_for_update().get(pk=counter.pk)
    counter.value += 1
    counter.save(update_fields=["value"])
    return counter.value


def next_number(prefix: str, *, width: int = 8, daily: bool = False) -> str:
    """`prefix` + (yyyymmdd when `daily`) + a zero-padded sequence of `width` digits."""
    if daily:
        prefix = prefix + timezone.localdate().strftime("%Y%m%d")
    return f"{prefix}{next_value(prefix):0{width}d}"
