"""Access matrix (STYLE #10): every accounts URL × every persona; a URL without a row fails."""

import pytest

from tests.access import access_matrix_test, assert_every_url_has_a_row, get, post, row
from zhuanji.accounts import urls

from .conftest import png_upload

PUBLIC = row(200, anonymous=200)
PLATFORM_ONLY = row(403, platform_admin=200)


def _ticket(ticket):
    return [ticket.pk]


# The objects fixture is the recovery ticket.
MATRIX = {
    "login": get(row(302, anonymous=200)),
    "logout": post(row(302)),
    "keepalive": post(row(204, anonymous=401)),
    "register": get(PUBLIC),
    "register_person": get(PUBLIC),
    "register_unit": get(PUBLIC),
    "recover": get(PUBLIC),
    "recover_sms": get(PUBLIC),
    "recover_code": get(PUBLIC),
    "recover_reset": get(row(302)),  # no verified code yet
    "ticket_new": get(PUBLIC),
    "ticket_status": get(PUBLIC, data=lambda ticket: {"number": ticket.number}),
    "profile": get(row(403, person=200, other_person=200)),
    "photo": get(row(403, person=200, other_person=404)),
    "password_change": get(row(200)),
    "ticket_list": get(PLATFORM_ONLY),
    "ticket_detail": get(row(404, platform_admin=200), args=_ticket),
    "ticket_photo": get(row(404, platform_admin=200), args=_ticket),
    "ticket_approve": post(row(404, platform_admin=302), args=_ticket),
    "ticket_reject": post(row(404, platform_admin=200), args=_ticket),
    "sms_list": get(PLATFORM_ONLY),
}


def test_every_accounts_url_has_a_row():
    assert_every_url_has_a_row(urls, MATRIX)


@pytest.fixture
def objects(world, ticket):
    world.person.person.photo.save("p.png", png_upload(), save=True)  # so that 照片 has one to show
    return ticket


test_access_matrix = access_matrix_test(urls, MATRIX)


@pytest.mark.parametrize("name", ["logout", "keepalive", "ticket_approve", "ticket_reject"])
def test_state_changes_refuse_get(name, world, login, objects):
    url = MATRIX[name].url(f"accounts:{name}", objects)
    assert login(world.platform_admin).get(url).status_code == 405
