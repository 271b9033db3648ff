"""Access matrix: every URL of the review engine × every persona → the status they get (STYLE.md #10)."""

import pytest
from django.urls import reverse

from tests.conftest import PERSONAS
from zhuanji.reviews import urls as review_urls

STAFF = ("unit_admin", "other_unit_admin", "competent_staff", "hr_department_staff", "hr_bureau_staff",
         "title_office_staff", "prefecture_title_office_staff", "committee_admin", "ce_base_admin",
         "platform_admin")


def _row(default, anonymous=302, **overrides):
    """Statuses for every persona: logged-in persons get 403 from role-gated pages unless overridden."""
    row = {p: default for p in PERSONAS}
    row.update(anonymous=anonymous, **overrides)
    return row


# url name → (method, which fixture case's pk it takes or None, {persona: status})
MATRIX = {
    # Platform administration reviews nothing on the engine: it is not a node of any route.
    "inbox": ("get", None, _row(200, person=403, other_person=403, platform_admin=403)),
    "query": ("get", None, _row(200, person=403, other_person=403, platform_admin=403)),
    "batch": ("post", None, _row(302, person=403, other_person=403, platform_admin=403)),
    # The case is at 新疆大学: only its staff see it; everyone else, the platform admin included, gets 404.
    "case": ("get", "at_unit", _row(404, unit_admin=302)),
    "flow": ("get", "at_unit", _row(404, unit_admin=200)),
    "act_form": ("get", "at_unit", _row(404, unit_admin=200)),
    "act": ("post", "at_unit", _row(404, unit_admin=200)),
    # Forwarded by 新疆大学 to 教育厅: both see it (the unit may take it back, 教育厅 is refused with a message);
    # the applicant reaches it too, and is told only the unit may take it back now.
    "withdraw": ("post", "at_competent", _row(404, unit_admin=302, competent_staff=302, person=302)),
}


def test_every_url_has_a_row():
    names = {p.name for p in review_urls.urlpatterns}
    assert names == set(MATRIX), f"URLs without an access-matrix row: {names - set(MATRIX)}"


@pytest.fixture
def cases(make_memo):
    return {"at_unit": make_memo("unit").case, "at_competent": make_memo("recommender").case}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_access(memo_world, cases, login, persona, name):
    method, case_key, expected = MATRIX[name]
    user = None if persona == "anonymous" else getattr(memo_world, persona)
    client = login(user)
    url = reverse(f"reviews:{name}", args=[cases[case_key].pk] if case_key else [])
    response = getattr(client, method)(url)
    assert response.status_code == expected[persona], (name, persona)
