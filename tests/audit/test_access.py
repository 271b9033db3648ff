"""Access matrix (STYLE #10): every audit URL × every persona; a URL without a row fails."""

import pytest
from django.urls import reverse

from tests.access import access_matrix_test, assert_every_url_has_a_row, get, row
from zhuanji.audit import urls
from zhuanji.audit.services import record

PLATFORM_ONLY = row(403, platform_admin=200)

MATRIX = {
    "list": get(PLATFORM_ONLY),
    "detail": get(PLATFORM_ONLY, args=lambda entry: [entry.pk]),
}


def test_every_audit_url_has_a_row():
    assert_every_url_has_a_row(urls, MATRIX)


@pytest.fixture
def objects(world):
    return record(actor=world.unit_admin, action="orgs.update", obj=world.unit)


test_access_matrix = access_matrix_test(urls, MATRIX)


def test_missing_entry_is_404_for_the_platform(world, login):
    assert login(world.platform_admin).get(reverse("audit:detail", args=[999999])).status_code == 404
