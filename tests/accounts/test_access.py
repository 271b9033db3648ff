"""Access matrix (STYLE #10): every accounts URL × every persona; a URL without a row fails."""

import pytest
from django.urls import get_resolver, reverse

from tests.conftest import PERSONAS

from .conftest import png_upload

PERSONS = {"person", "other_person"}


def _expect(default, anonymous=302, **overrides):
    codes = {p: default for p in PERSONAS}
    codes["anonymous"] = anonymous
    codes.update(overrides)
    return codes


def _only(personas, code, default, anonymous=302):
    return _expect(default, anonymous, **{p: code for p in personas})


def _url(name):
    return lambda ticket: reverse(f"accounts:{name}")


def _ticket_url(name):
    return lambda ticket: reverse(f"accounts:{name}", args=[ticket.pk])


PUBLIC = _expect(200, anonymous=200)
# url name → (method, url builder taking the ticket, expected status per persona)
MATRIX = {
    "login": ("get", _url("login"), _expect(302, anonymous=200)),
    "logout": ("post", _url("logout"), _expect(302)),
    "keepalive": ("post", _url("keepalive"), _expect(204, anonymous=401)),
    "register": ("get", _url("register"), PUBLIC),
    "register_person": ("get", _url("register_person"), PUBLIC),
    "register_unit": ("get", _url("register_unit"), PUBLIC),
    "recover": ("get", _url("recover"), PUBLIC),
    "recover_sms": ("get", _url("recover_sms"), PUBLIC),
    "recover_code": ("get", _url("recover_code"), PUBLIC),
    "recover_reset": ("get", _url("recover_reset"), _expect(302, anonymous=302)),  # no verified code yet
    "ticket_new": ("get", _url("ticket_new"), PUBLIC),
    "ticket_status": ("get", lambda t: reverse("accounts:ticket_status") + f"?number={t.number}", PUBLIC),
    "profile": ("get", _url("profile"), _only(PERSONS, 200, 403)),
    "photo": ("get", _url("photo"), _only({"person"}, 200, 403) | {"other_person": 404}),
    "password_change": ("get", _url("password_change"), _expect(200)),
    "ticket_list": ("get", _url("ticket_list"), _only({"platform_admin"}, 200, 403)),
    "ticket_detail": ("get", _ticket_url("ticket_detail"), _only({"platform_admin"}, 200, 404)),
    "ticket_photo": ("get", _ticket_url("ticket_photo"), _only({"platform_admin"}, 200, 404)),
    "ticket_approve": ("post", _ticket_url("ticket_approve"), _only({"platform_admin"}, 302, 404)),
    "ticket_reject": ("post", _ticket_url("ticket_reject"), _only({"platform_admin"}, 200, 404)),
    "sms_list": ("get", _url("sms_list"), _only({"platform_admin"}, 200, 403)),
}


def test_every_accounts_url_has_a_row():
    names = {p.name for p in get_resolver().url_patterns if getattr(p, "namespace", None) == "accounts"
             for p in p.url_patterns}
    assert names == set(MATRIX), f"rows missing for {names - set(MATRIX)}; stale rows {set(MATRIX) - names}"


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_access_matrix(name, world, login, ticket):
    person = world.person.person
    person.photo.save("p.png", png_upload(), save=True)
    method, build, expected = MATRIX[name]
    url = build(ticket)
    got = {}
    for persona in PERSONAS:
        client = login(None if persona == "anonymous" else getattr(world, persona))
        got[persona] = getattr(client, method)(url).status_code
    assert got == expected


@pytest.mark.parametrize("name", ["logout", "keepalive", "ticket_approve", "ticket_reject"])
def test_state_changes_refuse_get(name, world, login, ticket):
    url = MATRIX[name][1](ticket)
    assert login(world.platform_admin).get(url).status_code == 405
