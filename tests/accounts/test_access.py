"""Access matrix (STYLE #10): every accounts URL × every persona; a URL without a row fails."""

from functools import partial
from types import SimpleNamespace

import pytest

from tests.access import access_matrix_test, assert_every_url_has_a_row, get, post, row
from tests.conftest import PERSONAS
from zhuanji.accounts import urls
from zhuanji.accounts.services.recovery import objection_token

from .test_unit_registration import register_unit

# The shared personas plus the platform's own reviewer, who decides tickets without being an administrator.
_row = partial(row, personas=(*PERSONAS, "platform_reviewer"))

PUBLIC = _row(200, anonymous=200)
PLATFORM_ONLY = _row(403, platform_admin=200, platform_reviewer=200)
# A ticket's pages open only for the organisation its case is at (the engine's scope rule): 404 elsewhere.
TICKET_GET = _row(404, platform_admin=200, platform_reviewer=200)


def _ticket(objects):
    return [objects.ticket.pk]


def _registration(objects):
    return [objects.registration.pk]


# The objects fixture: the recovery ticket, pending at the platform, and a unit's registration, pending at the
# 乌鲁木齐市人社局 (only its reviewer sees it; the 人社厅 and the platform are other offices).
MATRIX = {
    "login": get(_row(302, anonymous=200)),
    "logout": post(_row(302)),
    "keepalive": post(_row(204, anonymous=401)),
    "register": get(PUBLIC),
    "register_person": get(PUBLIC),
    "register_unit": get(PUBLIC),
    "recover": get(PUBLIC),
    "recover_sms": get(PUBLIC),
    "recover_code": get(PUBLIC),
    "recover_reset": get(_row(302)),  # no verified code yet
    "ticket_new": get(PUBLIC),
    "ticket_status": get(PUBLIC, data=lambda objects: {"number": objects.ticket.number}),
    # The holder's objection: the signed link is the key (opening it changes nothing; see test_recovery).
    "ticket_object": get(PUBLIC, args=lambda objects: [objection_token(objects.ticket)]),
    "profile": get(_row(403, person=200, other_person=200)),
    "password_change": get(_row(200)),
    "ticket_list": get(PLATFORM_ONLY),
    "ticket_detail": get(TICKET_GET, args=_ticket),
    "ticket_approve": post(_row(404, platform_admin=302, platform_reviewer=302), args=_ticket),
    # Without a reason the form comes back.
    "ticket_reject": post(_row(404, platform_admin=200, platform_reviewer=200), args=_ticket),
    "sms_list": get(PLATFORM_ONLY),
    "unit_registration_detail": get(_row(404, hr_bureau_staff=200), args=_registration),
}


def test_every_accounts_url_has_a_row():
    assert_every_url_has_a_row(urls, MATRIX)


@pytest.fixture
def objects(world, ticket):
    org, _ = register_unit(world)
    return SimpleNamespace(ticket=ticket, registration=org.registration)


test_access_matrix = access_matrix_test(urls, MATRIX)


@pytest.mark.parametrize("name", ["logout", "keepalive", "ticket_approve", "ticket_reject"])
def test_state_changes_refuse_get(name, world, login, objects):
    url = MATRIX[name].url(f"accounts:{name}", objects)
    assert login(world.platform_admin).get(url).status_code == 405
