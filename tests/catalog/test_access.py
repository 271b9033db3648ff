"""Who gets what on every catalog URL (STYLE.md #10); a URL without a row here fails."""

import pytest
from django.urls import reverse

from tests.conftest import PERSONAS
from zhuanji.catalog.urls import urlpatterns

pytestmark = pytest.mark.django_db

MANAGERS = {"platform_admin"}

# url name → (method, kwargs(catalog), query(catalog), status for managers, status for other signed-in users)
MATRIX = {
    "options": ("get", None, lambda c: {"series": c.engineering.pk}, 200, 200),
    "series_list": ("get", None, None, 200, 403),
    "specialty_list": ("get", None, None, 200, 403),
    "qualification_list": ("get", None, None, 200, 403),
    "qualification_exam_only": ("post", lambda c: {"pk": c.engineer.pk}, lambda c: {"exam_only": "1"}, 302, 403),
    "import": ("get", None, None, 200, 403),
    "export": ("get", None, None, 200, 403),
}


def test_every_catalog_url_has_a_row_in_the_matrix():
    assert {p.name for p in urlpatterns} == set(MATRIX)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("url_name", sorted(MATRIX))
def test_access_matrix(world, catalog, login, persona, url_name):
    method, kwargs, data, manager_status, other_status = MATRIX[url_name]
    client = login(None if persona == "anonymous" else getattr(world, persona))
    url = reverse(f"catalog:{url_name}", kwargs=kwargs(catalog) if kwargs else None)
    response = getattr(client, method)(url, data(catalog) if data else {})
    signed_in_status = manager_status if persona in MANAGERS else other_status
    expected = 302 if persona == "anonymous" else signed_in_status
    assert response.status_code == expected
    if persona == "anonymous":
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
