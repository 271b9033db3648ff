"""Access matrix (STYLE #10): every portal URL × every persona; a URL without a row fails."""

from functools import partial
from types import SimpleNamespace

import pytest

from tests.access import access_matrix_test, assert_every_url_has_a_row, get, post, row
from tests.conftest import PERSONAS
from zhuanji.portal import urls

from .conftest import NoticeFactory

# The shared personas plus a 地州 notice manager, who must get 404 on 自治区 notices.
_row = partial(row, personas=(*PERSONAS, "hr_bureau_admin"))

PUBLIC = _row(200, anonymous=200)
LOGGED_IN = _row(200)
MANAGE = _row(403, platform_admin=200, hr_bureau_admin=200)
# Non-managers are refused outright; a 地州 manager cannot see a 自治区 notice at all.
MANAGE_OBJECT_GET = _row(403, platform_admin=200, hr_bureau_admin=404)
MANAGE_OBJECT_POST = _row(403, platform_admin=302, hr_bureau_admin=404)

MATRIX = {
    "home": get(PUBLIC),
    "switch_region": post(_row(302)),
    "category": get(PUBLIC, args=lambda o: ["titles"]),
    "notices": get(PUBLIC),
    "policies": get(PUBLIC),
    "help": get(PUBLIC),
    "notice_detail": get(PUBLIC, args=lambda o: [o.notice.pk]),
    "search": get(PUBLIC, data=lambda o: {"q": "通知"}),
    "contacts": get(PUBLIC),
    "certificates": get(PUBLIC),
    "matrix": get(LOGGED_IN),
    "my_home": get(LOGGED_IN),
    "manage_notices": get(MANAGE),
    "notice_create": get(MANAGE),
    "notice_edit": get(MANAGE_OBJECT_GET, args=lambda o: [o.notice.pk]),
    "notice_publish": post(MANAGE_OBJECT_POST, args=lambda o: [o.draft.pk]),
    "notice_unpublish": post(MANAGE_OBJECT_POST, args=lambda o: [o.notice.pk]),
    "notice_delete": post(MANAGE_OBJECT_POST, args=lambda o: [o.draft.pk]),
}


def test_every_portal_url_has_a_row():
    assert_every_url_has_a_row(urls, MATRIX)


@pytest.fixture
def objects(db):
    return SimpleNamespace(notice=NoticeFactory(), draft=NoticeFactory(is_published=False, published_at=None))


test_access_matrix = access_matrix_test(urls, MATRIX)


@pytest.mark.parametrize("name", sorted(n for n, visit in MATRIX.items() if visit.method == "post"))
def test_state_changes_refuse_get(name, world, login, objects):
    assert login(world.platform_admin).get(MATRIX[name].url(f"portal:{name}", objects)).status_code == 405
