"""Access matrix (STYLE #10): every portal URL × every persona; a URL without a row fails."""

from types import SimpleNamespace

import pytest
from django.urls import get_resolver, reverse

from tests.conftest import PERSONAS

from .conftest import NoticeFactory

# The shared personas plus a 地州 notice manager, who must get 404 on 自治区 notices; the platform
# administrator goes last so that a deleting POST does not hide the object from the others.
ACTORS = (*[p for p in PERSONAS if p != "platform_admin"], "hr_bureau_admin", "platform_admin")
MANAGERS = {"platform_admin", "hr_bureau_admin"}


def _expect(default, anonymous=302, **overrides):
    codes = {p: default for p in ACTORS}
    codes["anonymous"] = anonymous
    codes.update(overrides)
    return codes


PUBLIC = _expect(200, anonymous=200)
LOGGED_IN = _expect(200)
MANAGE = _expect(403, platform_admin=200, hr_bureau_admin=200)
# Non-managers are refused outright; a 地州 manager cannot see a 自治区 notice at all.
MANAGE_OBJECT_GET = _expect(403, platform_admin=200, hr_bureau_admin=404)
MANAGE_OBJECT_POST = _expect(403, platform_admin=302, hr_bureau_admin=404)

# url name → (method, url builder taking the fixture objects, expected status per persona)
MATRIX = {
    "home": ("get", lambda o: reverse("portal:home"), PUBLIC),
    "switch_region": ("post", lambda o: reverse("portal:switch_region"), _expect(302, anonymous=302)),
    "category": ("get", lambda o: reverse("portal:category", args=["titles"]), PUBLIC),
    "notices": ("get", lambda o: reverse("portal:notices"), PUBLIC),
    "policies": ("get", lambda o: reverse("portal:policies"), PUBLIC),
    "help": ("get", lambda o: reverse("portal:help"), PUBLIC),
    "notice_detail": ("get", lambda o: reverse("portal:notice_detail", args=[o.notice.pk]), PUBLIC),
    "search": ("get", lambda o: reverse("portal:search") + "?q=通知", PUBLIC),
    "contacts": ("get", lambda o: reverse("portal:contacts"), PUBLIC),
    "certificates": ("get", lambda o: reverse("portal:certificates"), PUBLIC),
    "matrix": ("get", lambda o: reverse("portal:matrix"), LOGGED_IN),
    "my_home": ("get", lambda o: reverse("portal:my_home"), LOGGED_IN),
    "manage_notices": ("get", lambda o: reverse("portal:manage_notices"), MANAGE),
    "notice_create": ("get", lambda o: reverse("portal:notice_create"), MANAGE),
    "notice_edit": ("get", lambda o: reverse("portal:notice_edit", args=[o.notice.pk]), MANAGE_OBJECT_GET),
    "notice_publish": ("post", lambda o: reverse("portal:notice_publish", args=[o.draft.pk]), MANAGE_OBJECT_POST),
    "notice_unpublish": ("post", lambda o: reverse("portal:notice_unpublish", args=[o.notice.pk]),
                         MANAGE_OBJECT_POST),
    "notice_delete": ("post", lambda o: reverse("portal:notice_delete", args=[o.draft.pk]), MANAGE_OBJECT_POST),
}

STATE_CHANGING = {"switch_region", "notice_publish", "notice_unpublish", "notice_delete"}


def _actors(world, hr_bureau_admin):
    return {**{p: getattr(world, p) for p in PERSONAS if p != "anonymous"}, "anonymous": None,
            "hr_bureau_admin": hr_bureau_admin}


def test_every_portal_url_has_a_row():
    names = {p.name for p in get_resolver().url_patterns if getattr(p, "namespace", None) == "portal"
             for p in p.url_patterns}
    assert names == set(MATRIX), f"rows missing for {names - set(MATRIX)}; stale rows {set(MATRIX) - names}"


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_access_matrix(name, world, login, hr_bureau_admin):
    method, build, expected = MATRIX[name]
    objects = SimpleNamespace(notice=NoticeFactory(), draft=NoticeFactory(is_published=False, published_at=None))
    url = build(objects)
    actors = _actors(world, hr_bureau_admin)
    got = {}
    for persona in ACTORS:
        client = login(actors[persona])
        got[persona] = getattr(client, method)(url).status_code
    assert got == expected


@pytest.mark.parametrize("name", sorted(STATE_CHANGING))
def test_state_changes_refuse_get(name, world, login):
    objects = SimpleNamespace(notice=NoticeFactory(), draft=NoticeFactory(is_published=False, published_at=None))
    url = MATRIX[name][1](objects)
    assert login(world.platform_admin).get(url).status_code == 405
