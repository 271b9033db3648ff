"""accounts.throttle: counters that parallel requests cannot slip past, on Redis, locmem and the database table
(issue 10 §7: 48 requests passed a limit of 30 on the database cache)."""

import threading
import uuid

import pytest
from django.core.cache import caches
from django.db import connections

from tests.races import at_once
from zhuanji.accounts import throttle
from zhuanji.accounts.models import ThrottleCounter

REDIS = "redis://127.0.0.1:6379/15"


def _redis_up() -> bool:
    try:
        import redis

        return redis.Redis.from_url(REDIS, socket_connect_timeout=0.3).ping()
    except Exception:
        return False


def parallel(call, n: int) -> list:
    """`call()` from n threads released together (no database involved)."""
    barrier = threading.Barrier(n)
    results = [None] * n

    def run(i):
        barrier.wait()
        results[i] = call()
        connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.fixture(params=["locmem", pytest.param("redis", marks=pytest.mark.skipif(not _redis_up(),
                                                                                 reason="no Redis here"))])
def atomic_cache(request, settings):
    backend = {"locmem": "django.core.cache.backends.locmem.LocMemCache",
               "redis": "django.core.cache.backends.redis.RedisCache"}[request.param]
    settings.CACHES = {"default": {"BACKEND": backend, "LOCATION": REDIS if request.param == "redis" else "t",
                                   "KEY_PREFIX": uuid.uuid4().hex}}
    assert isinstance(throttle.store(), throttle.CacheStore)
    yield request.param
    caches["default"].clear() if request.param == "locmem" else None


def test_the_database_cache_counts_on_the_table(db):
    assert isinstance(throttle.store(), throttle.DatabaseStore)


def test_48_parallel_requests_meet_a_limit_of_30_on_an_atomic_cache(atomic_cache):
    allowed = parallel(lambda: throttle.hit("test", "ip", limit=30, window=60), 48)
    assert allowed.count(True) == 30


def test_a_parallel_burst_gets_no_more_attempts_than_the_back_off_allows(atomic_cache):
    policy = throttle.Backoff(free=5, first=60, cap=1800, memory=3600)
    results = parallel(lambda: throttle.enter("burst", policy), 20)
    assert sum(isinstance(r, throttle.Entry) for r in results) == 5
    assert all(r >= 1 for r in results if isinstance(r, int))


@pytest.mark.django_db(transaction=True)
def test_48_parallel_requests_meet_a_limit_of_30_on_the_database():
    allowed = at_once([lambda: throttle.hit("test", "ip", limit=30, window=60)] * 48)
    assert allowed.count(True) == 30
    assert ThrottleCounter.objects.get().value == 48


@pytest.mark.django_db(transaction=True)
def test_a_parallel_burst_on_the_database_gets_no_more_than_the_back_off_allows():
    policy = throttle.Backoff(free=5, first=60, cap=1800, memory=3600)
    results = at_once([lambda: throttle.enter("burst", policy)] * 20)
    assert sum(isinstance(r, throttle.Entry) for r in results) == 5


def test_database_counters_expire_and_are_purged(db, monkeypatch):
    now = [1_800_000_000.0]
    monkeypatch.setattr(throttle, "_now", lambda: now[0])
    assert [throttle.hit("t", "k", limit=2, window=60) for _ in range(3)] == [True, True, False]
    assert throttle.once("t", "k", seconds=60) and not throttle.once("t", "k", seconds=60)
    now[0] += 120
    assert throttle.hit("t", "k", limit=2, window=60) and throttle.once("t", "k", seconds=60)
    now[0] += 120
    assert throttle.purge_expired() == 3 and not ThrottleCounter.objects.exists()


def test_back_off_gate_and_release(db, monkeypatch):
    now = [1_800_000_000.0]
    monkeypatch.setattr(throttle, "_now", lambda: now[0])
    policy = throttle.Backoff(free=2, first=10, cap=40, memory=3600)
    first = throttle.enter("k", policy)
    assert isinstance(first, throttle.Entry) and not first.gated
    second = throttle.enter("k", policy)
    assert second.gated and throttle.enter("k", policy) == 10 and throttle.waiting(["k"]) == 10
    now[0] += 11
    third = throttle.enter("k", policy)
    assert third.gated and throttle.waiting(["k"]) == 20  # doubled
    throttle.release(third)  # not a failure after all: its count and gate go
    assert throttle.failures("k") == 2 and throttle.waiting(["k"]) == 0
    throttle.reset("k")
    assert throttle.failures("k") == 0


@pytest.mark.django_db(transaction=True)
def test_the_certificate_lookup_limit_holds_under_48_parallel_requests(settings):
    """The report: 48 parallel lookups from one address all passed a limit of 30 on the database cache."""
    from django.test import RequestFactory

    from zhuanji.certificates.ratelimit import verify_allowed

    settings.CERTIFICATE_VERIFY_PER_MINUTE = 30
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.9")
    assert at_once([lambda: verify_allowed(request)] * 48).count(True) == 30
