"""Idempotency keys on token POSTs, through the test-only API of api_urls.py (its operations have side effects)."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client, RequestFactory
from django.utils import timezone

from zhuanji.audit.models import AuditEntry
from zhuanji.common.models import Counter
from zhuanji.common.periodic import jobs
from zhuanji.integrations.idempotency import fingerprint
from zhuanji.integrations.models import IdempotentRequest

from . import api_urls
from .conftest import bearer

NUMBERS = "/api/v1/test/numbers"


@pytest.fixture(autouse=True)
def _test_api(settings):
    settings.ROOT_URLCONF = "tests.integrations.api_urls"


@pytest.fixture
def writer(db, test_client_with):
    return test_client_with(["tests.write"])


def post(client, token, body, key=None, url=NUMBERS):
    extra = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    return client.post(url, body, content_type="application/json", **bearer(token), **extra)


def counter(prefix="T") -> int:
    row = Counter.objects.filter(key=prefix).first()
    return row.value if row else 0


@pytest.mark.django_db
def test_a_post_without_a_key_is_400_and_does_nothing(client, writer):
    _, token = writer
    response = post(client, token, {"prefix": "T"})
    assert response.status_code == 400 and "Idempotency-Key" in response.json()["detail"]
    assert counter() == 0


@pytest.mark.django_db
def test_a_reused_key_applies_once_and_answers_the_same(client, writer):
    _, token = writer
    first = post(client, token, {"prefix": "T"}, key="order-1")
    assert first.status_code == 200 and first.json() == {"number": "T00000001"}
    # The same content, its keys in another order, is the same request.
    again = client.post(NUMBERS, '{ "prefix" : "T" }', content_type="application/json",
                        HTTP_IDEMPOTENCY_KEY="order-1", **bearer(token))
    assert (again.status_code, again.content, again["Content-Type"]) == (200, first.content, first["Content-Type"])
    assert counter() == 1
    assert post(client, token, {"prefix": "T"}, key="order-2").json() == {"number": "T00000002"}
    assert IdempotentRequest.objects.count() == 2


@pytest.mark.django_db
def test_the_same_key_with_another_body_is_refused(client, writer):
    _, token = writer
    post(client, token, {"prefix": "T"}, key="order-1")
    response = post(client, token, {"prefix": "U"}, key="order-1")
    assert response.status_code == 422 and "内容不同" in response.json()["detail"]
    assert (counter("T"), counter("U")) == (1, 0)
    assert post(client, token, {"prefix": "T"}, key="order-1", url=NUMBERS + "/broken").status_code == 422


@pytest.mark.django_db
def test_keys_are_per_client(client, writer, test_client_with):
    _, token = writer
    _, other = test_client_with(["tests.write"], name="另一系统")
    assert post(client, token, {"prefix": "T"}, key="k").json() == {"number": "T00000001"}
    assert post(client, other, {"prefix": "T"}, key="k").json() == {"number": "T00000002"}


@pytest.mark.django_db
def test_a_failed_operation_is_undone_and_its_key_left_free(writer):
    _, token = writer
    client = Client(raise_request_exception=False)
    assert post(client, token, {"prefix": "T"}, key="k", url=NUMBERS + "/broken").status_code == 500
    assert counter() == 0 and not IdempotentRequest.objects.exists()
    assert AuditEntry.objects.get(action="integrations.api_call").after["status"] == 500
    assert post(client, token, {"prefix": "T"}, key="k", url=NUMBERS + "/broken").status_code == 500


@pytest.mark.django_db
def test_a_key_another_request_holds_is_409_and_a_stored_one_replays(client, writer):
    """What the loser of a race finds once its insert hits the unique constraint (the IntegrityError mapped)."""
    api_client, token = writer
    digest = fingerprint(RequestFactory().post(NUMBERS, {"prefix": "T"}, content_type="application/json"))
    row = IdempotentRequest.objects.create(client=api_client, key="k", fingerprint=digest)
    response = post(client, token, {"prefix": "T"}, key="k")
    assert response.status_code == 409 and "正在处理" in response.json()["detail"]
    row.status, row.content_type, row.body = 201, "application/json; charset=utf-8", '{"number": "stored"}'
    row.save()
    response = post(client, token, {"prefix": "T"}, key="k")
    assert (response.status_code, response.json()) == (201, {"number": "stored"})
    assert counter() == 0


@pytest.mark.django_db
def test_keys_expire_after_a_day_and_the_periodic_job_removes_them(client, writer):
    _, token = writer
    post(client, token, {"prefix": "T"}, key="old")
    IdempotentRequest.objects.update(created_at=timezone.now() - timedelta(hours=25))
    # Expired, not yet removed: the key is free again.
    assert post(client, token, {"prefix": "T"}, key="old").json() == {"number": "T00000002"}
    post(client, token, {"prefix": "T"}, key="new")
    IdempotentRequest.objects.filter(key="old").update(created_at=timezone.now() - timedelta(hours=25))
    assert jobs()["integrations.expire_idempotency"]() == 1
    assert list(IdempotentRequest.objects.values_list("key", flat=True)) == ["new"]


@pytest.mark.django_db
def test_a_session_post_keeps_csrf_and_needs_no_key(world):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(world.unit_admin)
    refused = browser.post(NUMBERS, {"prefix": "T"}, content_type="application/json")
    assert refused.status_code == 403 and refused.json() == {"detail": "CSRF check Failed"}
    secret = _get_new_csrf_string()
    browser.cookies["csrftoken"] = secret
    accepted = browser.post(NUMBERS, {"prefix": "T"}, content_type="application/json", HTTP_X_CSRFTOKEN=secret)
    assert accepted.status_code == 200 and counter() == 1
    assert not IdempotentRequest.objects.exists()
    assert not AuditEntry.objects.filter(action="integrations.api_call").exists()
    assert Client().post(NUMBERS, {"prefix": "T"}, content_type="application/json").status_code == 401


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_requests_with_one_key_run_the_operation_once(writer):
    """The second waits on the first's transaction (the row lock on PostgreSQL, the write lock on SQLite), then
    finds the first's row through the unique constraint and answers with its response."""
    _, token = writer
    api_urls.ENTERED.clear()
    api_urls.GATE.clear()
    responses = {}

    def call(name):
        try:
            responses[name] = post(Client(), token, {"prefix": "T"}, key="same", url=NUMBERS + "/slow")
        finally:
            connection.close()

    first = threading.Thread(target=call, args=("first",))
    first.start()
    assert api_urls.ENTERED.wait(timeout=10)
    api_urls.ENTERED.clear()
    second = threading.Thread(target=call, args=("second",))
    second.start()
    second.join(timeout=0.5)  # it cannot finish while the first holds the key
    assert "second" not in responses
    api_urls.GATE.set()
    first.join(timeout=20)
    second.join(timeout=20)
    assert responses["first"].status_code == responses["second"].status_code == 200
    assert responses["first"].content == responses["second"].content == b'{"number": "T00000001"}'
    assert counter() == 1 and IdempotentRequest.objects.count() == 1
    assert not api_urls.ENTERED.is_set()  # the second never entered the operation
