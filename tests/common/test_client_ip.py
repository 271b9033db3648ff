"""Issue 10 §2: the client's IP comes from TRUSTED_PROXY_COUNT proxies, never from an unchecked X-Forwarded-For."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from tests.factories import PASSWORD
from zhuanji.audit.models import AuditEntry
from zhuanji.common.net import client_ip, parse_ip


@pytest.mark.parametrize(("value", "expected"), [
    ("10.1.2.3", "10.1.2.3"),
    (" 10.1.2.3 ", "10.1.2.3"),
    ("1.2.3.4:5678", "1.2.3.4"),
    ("2001:db8::1", "2001:db8::1"),
    ("[2001:db8::1]:443", "2001:db8::1"),
    ("2001:DB8:0:0::1", "2001:db8::1"),
    ("fe80::1%eth0", "fe80::1"),
    ("::ffff:10.0.0.1", "10.0.0.1"),
    ("unknown", None),
    ("", None),
    (None, None),
    ("1.2.3.4:http", None),
    ("999.1.1.1", None),
    ("_hidden", None),
    ("1.2.3.4, 5.6.7.8", None),
    ("x" * 500, None),
])
def test_parse_ip(value, expected):
    assert parse_ip(value) == expected


def request_from(remote, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_trusted_proxies_x_forwarded_for_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request_from("203.0.113.7", "1.1.1.1")) == "203.0.113.7"
    assert client_ip(request_from("unknown")) is None


def test_trusted_proxies_are_counted_from_the_right(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # The client forged the first entry; our load balancer (10.0.0.2) appended what it saw.
    assert client_ip(request_from("10.0.0.2", "6.6.6.6, 198.51.100.4")) == "198.51.100.4"
    assert client_ip(request_from("10.0.0.2", "198.51.100.4:61000")) == "198.51.100.4"
    assert client_ip(request_from("10.0.0.2", "unknown")) is None
    assert client_ip(request_from("10.0.0.2")) == "10.0.0.2"  # came straight in, past no proxy
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request_from("10.0.0.3", "6.6.6.6, 198.51.100.4, 10.0.0.2")) == "198.51.100.4"
    assert client_ip(request_from("10.0.0.3", "198.51.100.4")) == "198.51.100.4"


def post_login(client, user, **extra):
    return client.post(reverse("accounts:login"), {"identifier": user.username, "password": PASSWORD,
                                                   "captcha_0": "test", "captcha_1": "PASSED"}, **extra)


def test_a_forged_header_does_not_reach_the_audit_log(client, world):
    response = post_login(client, world.person, REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert response.status_code == 302
    assert AuditEntry.objects.get(action="login").ip == "203.0.113.9"


@pytest.mark.parametrize(("forwarded", "stored"), [("unknown", None), ("1.2.3.4:5678", "1.2.3.4"),
                                                    ("<script>", None)])
def test_a_load_balancer_s_odd_values_never_break_login(client, world, settings, forwarded, stored):
    settings.TRUSTED_PROXY_COUNT = 1
    response = post_login(client, world.person, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)
    assert response.status_code == 302
    assert AuditEntry.objects.get(action="login").ip == stored
    client.logout()
    client.post(reverse("accounts:login"), {"identifier": world.person.username, "password": "Wrong#123",
                                            "captcha_0": "test", "captcha_1": "PASSED"},
                REMOTE_ADDR="not-an-ip", HTTP_X_FORWARDED_FOR=forwarded)
    assert AuditEntry.objects.filter(action="login_failed").get().ip == stored
