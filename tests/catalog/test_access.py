"""Who gets what on every catalog URL (STYLE.md #10); a URL without a row here fails."""

import pytest
from django.urls import reverse

from tests.access import access_matrix_test, assert_every_url_has_a_row, get, post, row
from zhuanji.catalog import urls

MANAGERS_ONLY = row(403, platform_admin=200)

# The objects fixture is the `catalog` one.
MATRIX = {
    "options": get(row(200), data=lambda c: {"series": c.engineering.pk}),
    "series_list": get(MANAGERS_ONLY),
    "specialty_list": get(MANAGERS_ONLY),
    "qualification_list": get(MANAGERS_ONLY),
    "qualification_exam_only": post(row(403, platform_admin=302), args=lambda c: [c.engineer.pk],
                                    data=lambda c: {"exam_only": "1"}),
    "import": get(MANAGERS_ONLY),
    "export": get(MANAGERS_ONLY),
}


def test_every_catalog_url_has_a_row_in_the_matrix():
    assert_every_url_has_a_row(urls, MATRIX)


@pytest.fixture
def objects(catalog):
    return catalog


test_access_matrix = access_matrix_test(urls, MATRIX)


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_anonymous_is_sent_to_log_in(name, objects, client):
    visit = MATRIX[name]
    response = getattr(client, visit.method)(visit.url(f"catalog:{name}", objects), visit.data(objects))
    assert response["Location"].startswith(reverse("accounts:login"))


def test_unknown_qualification_is_404_for_a_manager(world, catalog, login):
    client = login(world.platform_admin)
    response = client.post(reverse("catalog:qualification_exam_only", kwargs={"pk": 999999}), {"exam_only": "1"})
    assert response.status_code == 404


@pytest.mark.parametrize("url_name", ["qualification_exam_only"])
def test_state_changes_refuse_get(world, catalog, login, url_name):
    client = login(world.platform_admin)
    response = client.get(reverse(f"catalog:{url_name}", kwargs={"pk": catalog.engineer.pk}), {"exam_only": "1"})
    assert response.status_code == 405
    catalog.engineer.refresh_from_db()
    assert catalog.engineer.exam_only is False
