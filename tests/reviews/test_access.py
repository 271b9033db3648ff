"""Access matrix: every URL of the review engine × every persona → the status they get (STYLE.md #10)."""

from operator import itemgetter

import pytest

from tests.access import access_matrix_test, assert_every_url_has_a_row, get, post, row
from zhuanji.reviews import urls

# Individuals review nothing; platform administration reviews only its account-recovery tickets (its
# 我的待办 opens, 审核查询 does not).
NOT_REVIEWERS = dict.fromkeys(("person", "other_person"), 403)

# `args` names the case of the objects fixture the URL takes.
MATRIX = {
    "inbox": get(row(200, **NOT_REVIEWERS)),
    "query": get(row(200, **NOT_REVIEWERS, platform_admin=403)),
    "batch": post(row(302, **NOT_REVIEWERS)),
    # The case is at 新疆大学: only its staff and its applicant see it (the applicant may not act on it);
    # everyone else, the platform admin included, gets 404.
    "case": get(row(404, unit_admin=302, person=302), args=itemgetter("at_unit")),
    "flow": get(row(404, unit_admin=200, person=200), args=itemgetter("at_unit")),
    "act_form": get(row(404, unit_admin=200, person=403), args=itemgetter("at_unit")),
    "act": post(row(404, unit_admin=200, person=403), args=itemgetter("at_unit")),
    # Only the owner cancels (memos are not cancellable: refused with a message); only the approving
    # organisation reopens (the case is still at the unit: refused with a message).
    "cancel": post(row(404, unit_admin=302, person=302), args=itemgetter("at_unit")),
    "reopen": post(row(404, unit_admin=302, person=302, competent_staff=302, title_office_staff=302),
                   args=itemgetter("approved")),
    # Forwarded by 新疆大学 to 教育厅: both see it (the unit may take it back, 教育厅 is refused with a message);
    # the applicant reaches it too, and is told only the unit may take it back now.
    "withdraw": post(row(404, unit_admin=302, competent_staff=302, person=302), args=itemgetter("at_competent")),
}


def test_every_url_has_a_row():
    assert_every_url_has_a_row(urls, MATRIX)


@pytest.fixture
def objects(make_memo):
    return {"at_unit": [make_memo("unit").case.pk], "at_competent": [make_memo("recommender").case.pk],
            "approved": [make_memo("approved").case.pk]}


test_access_matrix = access_matrix_test(urls, MATRIX)
