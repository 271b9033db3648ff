"""Per-IP, per-minute counters in the shared cache (DB by default, Redis in production)."""

import time

from django.conf import settings
from django.core.cache import cache

from zhuanji.audit.middleware import client_ip


def verify_allowed(request) -> bool:
    """Count one certificate lookup for the client's IP; False once the minute's allowance is spent."""
    key = f"certverify:{client_ip(request)}:{int(time.time() // 60)}"
    if cache.add(key, 1, timeout=90):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=90)
        count = 1
    return count <= settings.CERTIFICATE_VERIFY_PER_MINUTE
