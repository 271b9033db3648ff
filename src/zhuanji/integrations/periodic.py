from zhuanji.common.periodic import periodic

from .services import idempotency_expire


@periodic("integrations.expire_idempotency")
def expire_idempotency() -> int:
    """Idempotency keys older than their retention (24 h) are forgotten."""
    return idempotency_expire()
