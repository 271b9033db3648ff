"""Who gets what on every URL of the hours app (STYLE.md #10); a URL without a row fails here."""

from operator import itemgetter

import pytest

from tests.access import access_matrix_test, assert_every_url_has_a_row, get, row
from zhuanji.hours import urls
from zhuanji.hours.services import application_create, application_submit

from .conftest import TODAY, add_item


def _applicant_only(owner_status, other_status):
    return row(403, person=owner_status, other_person=other_status)




# Every URL on GET; the state-changing ones answer 405. `args` names the objects-fixture entry the URL takes.
MATRIX = {
    "list": get(_applicant_only(200, 200)),
    "new": get(_applicant_only(200, 200)),
    "certificates": get(_applicant_only(302, 302)),
    "edit": get(_applicant_only(200, 404), args=itemgetter("draft")),
    "submit": get(_applicant_only(405, 405), args=itemgetter("draft")),
    "delete": get(_applicant_only(405, 405), args=itemgetter("draft")),
    "item_new": get(_applicant_only(200, 404), args=itemgetter("draft_category")),
    "item_edit": get(_applicant_only(200, 404), args=itemgetter("item")),
    "item_delete": get(_applicant_only(405, 405), args=itemgetter("item")),
    "item_evidence": get(_applicant_only(200, 404), args=itemgetter("item")),
    "evidence_new": get(_applicant_only(405, 405), args=itemgetter("item")),
    "evidence_edit": get(_applicant_only(200, 404), args=itemgetter("evidence")),
    "evidence_delete": get(_applicant_only(405, 405), args=itemgetter("evidence")),
    "detail": get(row(404, person=200, unit_admin=200), args=itemgetter("submitted")),
    # 单位审核 is the units', 认定审核 the 认定单位s'.
    "unit_review": get(row(403, unit_admin=200, other_unit_admin=200)),
    "recognizer_review": get(row(403, competent_staff=200, hr_department_staff=200, hr_bureau_staff=200)),
    # The yearly ledger: every person their own account; a unit's admin its people's (another unit's: 404).
    "account": get(_applicant_only(200, 200)),
    "unit_accounts": get(row(403, unit_admin=200, other_unit_admin=200)),
    "unit_account_detail": get(row(403, unit_admin=200, other_unit_admin=404), args=itemgetter("unit_person")),
}


def test_every_url_has_a_row():
    assert_every_url_has_a_row(urls, MATRIX)


@pytest.fixture
def objects(hw, draft):
    item = add_item(draft, hours=30)
    submitted = application_create(actor=hw.person, area=hw.region, work_unit=hw.unit,
                                   qualification=hw.catalog.associate, today=TODAY)
    add_item(submitted, hours=60)
    application_submit(actor=hw.person, application=submitted)
    return {
        "draft": [draft.pk], "draft_category": [draft.pk, "study"], "item": [item.pk],
        "evidence": [item.evidence.get().pk], "submitted": [submitted.pk],
        "unit_person": [hw.person.pk],
    }


test_access_matrix = access_matrix_test(urls, MATRIX)
