"""Access matrix (STYLE #10): every filings URL × every persona; a URL without a row fails.

The filings belong to the 乌鲁木齐 committee (its admin and clerk are this app's own personas): the shared
`committee_admin` is another committee (自治区 level) and gets 404 on them, as does the 喀什 office; the 乌鲁木齐
职称办 (`prefecture_title_office_staff`) sees the ones submitted to it, the 自治区职称办 does not.
"""

from functools import partial
from types import SimpleNamespace

import pytest

from tests.access import access_matrix_test, assert_every_url_has_a_row, get, post, row
from tests.conftest import PERSONAS
from zhuanji.attachments.models import Attachment
from zhuanji.filings import services, urls
from zhuanji.filings.models import FilingKind
from zhuanji.reviews.services import case_act

from .conftest import make_ready

_row = partial(row, personas=(*PERSONAS, "urumqi_committee_admin", "urumqi_committee_clerk", "kashgar_office_staff"))

COMMITTEES = dict(committee_admin=200, urumqi_committee_admin=200, urumqi_committee_clerk=200)
# A committee's page: for any committee (each its own), refused to everyone else.
COMMITTEE_PAGE = _row(403, **COMMITTEES)
OFFICES = dict(title_office_staff=200, prefecture_title_office_staff=200, kashgar_office_staff=200)
OFFICE_PAGE = _row(403, **OFFICES)


def own_filing(own: int, other_committee: int = 404, others: int = 403):
    """A page of one of the 乌鲁木齐 committee's filings: `own` for its members, 404 for another committee."""
    return _row(others, committee_admin=other_committee, urumqi_committee_admin=own, urumqi_committee_clerk=own)


MATRIX = {
    "home": get(COMMITTEE_PAGE),
    "list": get(COMMITTEE_PAGE, data=lambda o: {"title": "备案", "year": "2026", "state": "draft"}),
    "new": get(COMMITTEE_PAGE),
    "step": get(own_filing(200), args=lambda o: [o.draft.pk, 2]),
    "item_plan": get(own_filing(200), args=lambda o: [o.draft.pk, o.item.pk]),
    "plan_all": get(own_filing(200), args=lambda o: [o.draft.pk]),
    # No file sent: the step comes back with the form's error.
    "attachment_upload": post(own_filing(200), args=lambda o: [o.draft.pk], data=lambda o: {"slot": "notice"}),
    "attachment_delete": post(own_filing(302), args=lambda o: [o.draft.pk, o.attachment.pk]),
    "submit": post(own_filing(302), args=lambda o: [o.draft.pk]),
    "delete": post(own_filing(302), args=lambda o: [o.draft.pk]),
    "cancel": post(own_filing(302), args=lambda o: [o.returned.pk]),
    "windows": get(COMMITTEE_PAGE, data=lambda o: {"year": "2026"}),
    "window_set": get(own_filing(200), args=lambda o: [o.received.pk, o.series.pk]),
    "queue": get(OFFICE_PAGE),
    "query": get(OFFICE_PAGE, data=lambda o: {"title": "备案", "year": "2026", "state": "approved"}),
    # The committee and the office it reached; another committee and the other offices: not there at all.
    "detail": get(_row(404, urumqi_committee_admin=200, urumqi_committee_clerk=200,
                       prefecture_title_office_staff=200), args=lambda o: [o.received.pk]),
}


def test_every_url_has_a_row():
    assert_every_url_has_a_row(urls, MATRIX)


@pytest.fixture
def urumqi_committee_admin(fw):
    return fw.admin.user


@pytest.fixture
def urumqi_committee_clerk(fw):
    return fw.clerk.user


@pytest.fixture
def kashgar_office_staff(fw):
    return fw.kashgar_office_staff.user


@pytest.fixture
def objects(fw):
    draft = make_ready(fw, title="草稿备案")
    returned = make_ready(fw, title="退回的备案", kind=FilingKind.PRIVATE)
    services.filing_submit(actor=fw.admin, filing=returned)
    case_act(case=returned.case, actor=fw.office_staff, decision="return", opinion="请修改")
    received = make_ready(fw, title="已接收的备案", kind=FilingKind.TALENT)
    services.filing_submit(actor=fw.admin, filing=received)
    case_act(case=received.case, actor=fw.office_staff, decision="receive")
    return SimpleNamespace(
        draft=draft, item=draft.items.first(), attachment=Attachment.objects.filter(owner_id=draft.pk).first(),
        returned=returned, received=received, series=fw.catalog.engineering,
    )


test_access_matrix = access_matrix_test(urls, MATRIX)


@pytest.mark.parametrize("name", sorted(n for n, visit in MATRIX.items() if visit.method == "post"))
def test_state_changes_refuse_get(name, fw, login, objects):
    assert login(fw.admin.user).get(MATRIX[name].url(f"filings:{name}", objects)).status_code == 405
