"""Who gets what on every URL of the hours app (STYLE.md #10); a URL without a row fails here."""

import pytest
from django.urls import reverse

from zhuanji.hours import urls as hours_urls
from zhuanji.hours.services import application_create, application_submit

from ..conftest import PERSONAS
from .conftest import TODAY, add_item

REVIEWERS = ("unit_admin", "other_unit_admin", "competent_staff", "hr_department_staff", "hr_bureau_staff")
APPLICANTS = ("person", "other_person")


def _row(default, **statuses):
    """Statuses per persona: `default` for any logged-in persona not named; anonymous is sent to log in."""
    return {p: statuses.get(p, 302 if p == "anonymous" else default) for p in PERSONAS}


def _applicant_only(owner_status, other_status):
    return _row(403, person=owner_status, other_person=other_status)


def _reviewer_only(status=200):
    return _row(403, **{r: status for r in REVIEWERS})


# url name → (object the URL takes, statuses on GET)
MATRIX = {
    "list": (None, _applicant_only(200, 200)),
    "new": (None, _applicant_only(200, 200)),
    "certificates": (None, _applicant_only(302, 302)),
    "edit": ("draft", _applicant_only(200, 404)),
    "submit": ("draft", _applicant_only(405, 405)),
    "delete": ("draft", _applicant_only(405, 405)),
    "item_new": ("draft_category", _applicant_only(200, 404)),
    "item_edit": ("item", _applicant_only(200, 404)),
    "item_delete": ("item", _applicant_only(405, 405)),
    "item_evidence": ("item", _applicant_only(200, 404)),
    "evidence_new": ("item", _applicant_only(405, 405)),
    "evidence_edit": ("evidence", _applicant_only(200, 404)),
    "evidence_delete": ("evidence", _applicant_only(405, 405)),
    "evidence_file": ("submitted_evidence", _row(404, person=200, unit_admin=200)),
    "detail": ("submitted", _row(404, person=200, unit_admin=200)),
    "unit_review": (None, _reviewer_only()),
    "recognizer_review": (None, _reviewer_only()),
}


def test_every_url_has_a_row():
    names = {p.name for p in hours_urls.urlpatterns}
    assert names == set(MATRIX), f"rows missing for {names - set(MATRIX)}, stale rows {set(MATRIX) - names}"


@pytest.fixture
def objects(hw, draft):
    item = add_item(draft, hours=30)
    submitted = application_create(actor=hw.person, area=hw.region, work_unit=hw.unit,
                                   qualification=hw.catalog.associate, today=TODAY)
    submitted_item = add_item(submitted, hours=60)
    application_submit(actor=hw.person, application=submitted)
    return {
        "draft": [draft.pk], "draft_category": [draft.pk, "study"], "item": [item.pk],
        "evidence": [item.evidence.get().pk], "submitted": [submitted.pk],
        "submitted_evidence": [submitted_item.evidence.get().pk],
    }


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_access_matrix(name, hw, objects, login):
    target, statuses = MATRIX[name]
    url = reverse(f"hours:{name}", args=objects[target] if target else [])
    seen = {}
    for persona in PERSONAS:
        client = login(None if persona == "anonymous" else getattr(hw, persona))
        seen[persona] = client.get(url).status_code
    assert seen == statuses
