"""Per-IP, per-minute counters for the public certificate lookup, atomic (accounts.throttle: Redis in production,
an exactly-counted table on the embedded default, whose database cache would let parallel requests through)."""

from django.conf import settings

from zhuanji.accounts.throttle import hit
from zhuanji.common.net import client_ip


def verify_allowed(request) -> bool:
    """Count one certificate lookup for the client's IP; False once the minute's allowance is spent."""
    return hit("certverify", client_ip(request) or "unknown", limit=settings.CERTIFICATE_VERIFY_PER_MINUTE,
               window=60)
