from zhuanji.common.periodic import periodic

from .throttle import purge_expired


@periodic("accounts.purge_throttle")
def purge_throttle() -> int:
    """Expired login back-off and rate-limit counters leave the table (Redis expires its own)."""
    return purge_expired()
