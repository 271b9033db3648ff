"""Access matrix (STYLE #10): every integrations URL × every persona; a URL without a row fails."""

from types import SimpleNamespace

import pytest

from tests.access import access_matrix_test, assert_every_url_has_a_row, get, post, row
from zhuanji.integrations import urls
from zhuanji.integrations.services import client_create

PLATFORM_ONLY = row(403, platform_admin=200)


def _client(objects):
    return [objects.client.pk]


MATRIX = {
    "client_list": get(PLATFORM_ONLY),
    "client_create": get(PLATFORM_ONLY),
    "client_edit": get(row(404, platform_admin=200), args=_client),
    "client_revoke": post(row(404, platform_admin=302), args=_client),
    # The new token is shown in the POST's own response.
    "client_rotate": post(row(404, platform_admin=200), args=_client),
}


def test_every_integrations_url_has_a_row():
    assert_every_url_has_a_row(urls, MATRIX)


@pytest.fixture
def objects(world):
    client, _ = client_create(actor=world.platform_admin, org=world.ce_base, name="学习平台", scopes=["catalog.read"])
    return SimpleNamespace(client=client)


test_access_matrix = access_matrix_test(urls, MATRIX)


@pytest.mark.parametrize("name", sorted(n for n, visit in MATRIX.items() if visit.method == "post"))
def test_state_changes_refuse_get(name, world, login, objects):
    url = MATRIX[name].url(f"integrations:{name}", objects)
    assert login(world.platform_admin).get(url).status_code == 405
