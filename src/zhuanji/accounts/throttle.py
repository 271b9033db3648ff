"""Atomic counters for throttling: the login back-off and simple rate limits.

Every decision is taken from the value an *atomic* increment returned, never from a value read earlier, so
a burst of parallel requests cannot all slip under a limit: each one gets a different count.

Two stores, chosen from the default cache (`store()`):

- **Redis** (production, `REDIS_URL`), or an in-process locmem / memcached cache: `cache.add` (SET NX) and
  `cache.incr` (INCRBY), atomic on the server (locmem takes a lock).
- **The database** otherwise — the embedded default, whose `DatabaseCache.incr` is a get-then-set that
  lets parallel requests through (48 passed a limit of 30). The `ThrottleCounter` table is written with
  `UPDATE … SET value = value + 1` under the row lock (PostgreSQL) or the write lock every transaction
  takes first (SQLite, `transaction_mode=IMMEDIATE`), and created under its unique key, so it is exact on
  both; it costs one small write per attempt. Production should run with Redis.

Call these outside the caller's transaction where a count must survive the caller's error (a failed login
raises after counting): inside one, the database store's writes roll back with it.
"""

from __future__ import annotations

import contextlib
import math
import time
from dataclasses import dataclass

from django.core.cache import DEFAULT_CACHE_ALIAS, cache, caches
from django.db import IntegrityError, transaction
from django.db.models import F

PREFIX = "throttle:"
# Caches whose add/incr are atomic; any other (the database cache, files, dummy) uses the table.
ATOMIC_CACHES = (
    "django.core.cache.backends.redis.RedisCache",
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.memcached.PyMemcacheCache",
    "django.core.cache.backends.memcached.PyLibMCCache",
)


def _now() -> float:
    return time.time()


class CacheStore:
    """Counters in an atomic cache (Redis in production)."""

    def incr(self, key: str, ttl: int) -> int:
        for _ in range(5):
            if cache.add(key, 1, timeout=ttl):
                return 1
            try:
                value = cache.incr(key)
            except ValueError:  # expired between add() and incr(): start again
                continue
            cache.touch(key, ttl)  # remembered `ttl` seconds after the latest hit
            return value
        raise RuntimeError(f"throttle counter {key} could not be incremented")

    def decr(self, key: str) -> None:
        with contextlib.suppress(ValueError):  # already gone
            cache.decr(key)

    def add(self, key: str, value: int, ttl: int) -> bool:
        return cache.add(key, value, timeout=ttl)

    def get(self, key: str) -> int | None:
        return cache.get(key)

    def delete(self, *keys: str) -> None:
        cache.delete_many(keys)


class DatabaseStore:
    """Counters in the `ThrottleCounter` table, for deployments without an atomic cache."""

    @staticmethod
    def _model():
        from .models import ThrottleCounter

        return ThrottleCounter

    def incr(self, key: str, ttl: int) -> int:
        model = self._model()
        for _ in range(5):
            now = _now()
            expires = now + ttl
            with transaction.atomic():
                live = model.objects.filter(key=key, expires_at__gt=now)
                if live.update(value=F("value") + 1, expires_at=expires):
                    # Our UPDATE holds the row until commit: the value read is the one we made.
                    return model.objects.values_list("value", flat=True).get(key=key)
                if model.objects.filter(key=key, expires_at__lte=now).update(value=1, expires_at=expires):
                    return 1
                try:
                    with transaction.atomic():
                        model.objects.create(key=key, value=1, expires_at=expires)
                    return 1
                except IntegrityError:  # someone created it first: increment theirs
                    continue
        raise RuntimeError(f"throttle counter {key} could not be incremented")

    def decr(self, key: str) -> None:
        self._model().objects.filter(key=key, value__gt=0).update(value=F("value") - 1)

    def add(self, key: str, value: int, ttl: int) -> bool:
        model = self._model()
        now = _now()
        with transaction.atomic():
            model.objects.filter(key=key, expires_at__lte=now).delete()
            try:
                with transaction.atomic():
                    model.objects.create(key=key, value=value, expires_at=now + ttl)
            except IntegrityError:
                return False
        return True

    def get(self, key: str) -> int | None:
        return (self._model().objects.filter(key=key, expires_at__gt=_now())
                .values_list("value", flat=True).first())

    def delete(self, *keys: str) -> None:
        self._model().objects.filter(key__in=keys).delete()


def store() -> CacheStore | DatabaseStore:
    backend = caches[DEFAULT_CACHE_ALIAS].__class__
    path = f"{backend.__module__}.{backend.__qualname__}"
    return CacheStore() if path in ATOMIC_CACHES else DatabaseStore()


def purge_expired() -> int:
    """Delete the table's expired counters (the cache expires its own)."""
    from .models import ThrottleCounter

    return ThrottleCounter.objects.filter(expires_at__lte=_now()).delete()[0]


# ---- rate limits ---------------------------------------------------------------------------------

def hit(name: str, key: str, *, limit: int, window: int) -> bool:
    """Count one request of `name` for `key` in the current fixed window; False once more than `limit` came."""
    bucket = int(_now() // window)
    return store().incr(f"{PREFIX}rate:{name}:{key}:{bucket}", window + 5) <= limit


def once(name: str, key: str, *, seconds: int) -> bool:
    """True for the first call of `name` for `key` in `seconds` (e.g. one SMS code a minute), else False."""
    return store().add(f"{PREFIX}once:{name}:{key}", int(_now()) + seconds, seconds)


# ---- progressive back-off ------------------------------------------------------------------------

@dataclass(frozen=True)
class Backoff:
    """`free` failures pass; from then on each attempt waits `first` seconds after the one before,
    doubling per further failure up to `cap`; failures are forgotten `memory` seconds after the latest."""

    free: int
    first: int
    cap: int
    memory: int

    def wait(self, count: int) -> int:
        """The wait after the `count`-th failure in a row (0 while still free)."""
        if count < self.free:
            return 0
        return min(self.first * 2 ** (count - self.free), self.cap)


@dataclass
class Entry:
    """One admitted attempt on one key, to be settled as a failure (kept) or not (`release`/`reset`)."""

    key: str
    gated: bool


def _count_key(key: str) -> str:
    return f"{PREFIX}bo:{key}:n"


def _gate_key(key: str) -> str:
    return f"{PREFIX}bo:{key}:gate"


def waiting(keys) -> int:
    """Seconds until every one of `keys` admits an attempt again (0: none is closed)."""
    db = store()
    now = _now()
    longest = 0
    for key in keys:
        until = db.get(_gate_key(key))
        if until:
            longest = max(longest, math.ceil(until - now))
    return max(longest, 0)


def enter(key: str, policy: Backoff) -> Entry | int:
    """Admit one attempt on `key` (an `Entry`) or refuse it (the seconds to wait).

    Each attempt is counted first (atomically); the first `free` - 1 go straight through, every later one
    must also take the key's gate — an atomic add that only one attempt wins and that stays closed for the
    back-off after that attempt. So a parallel burst gets `free` - 1 attempts plus one, never more.
    """
    db = store()
    count = db.incr(_count_key(key), policy.memory)
    if count < policy.free:
        return Entry(key, gated=False)
    wait = policy.wait(count)
    if db.add(_gate_key(key), int(_now()) + wait, wait):
        return Entry(key, gated=True)
    db.decr(_count_key(key))  # refused attempts do not count: a stranger's retries do not lengthen the wait
    return max(waiting([key]), 1)


def release(entry: Entry) -> None:
    """The attempt was not a failure (it succeeded, or another key refused it): take back its count and gate."""
    db = store()
    db.decr(_count_key(entry.key))
    if entry.gated:
        db.delete(_gate_key(entry.key))


def reset(key: str) -> None:
    """Forget every failure on `key` (a successful login, a verified SMS code)."""
    store().delete(_count_key(key), _gate_key(key))


def failures(key: str) -> int:
    return store().get(_count_key(key)) or 0
