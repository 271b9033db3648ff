"""Access matrix (STYLE #10): every orgs URL × every persona; a URL without a row fails."""

from types import SimpleNamespace

import pytest
from django.urls import get_resolver, reverse

from tests.conftest import PERSONAS
from tests.factories import staff_of
from zhuanji.orgs.models import Membership, Recommendation, Role

ADMINS = {"unit_admin", "other_unit_admin", "committee_admin", "ce_base_admin", "platform_admin"}
UNIT_ADMINS = {"unit_admin", "other_unit_admin"}


def _expect(default, anonymous=302, **overrides):
    codes = {p: default for p in PERSONAS}
    codes["anonymous"] = anonymous
    codes.update(overrides)
    return codes


def _only(personas, code, default):
    return _expect(default, **{p: code for p in personas})


# url name → (method, url builder taking the fixture objects, expected status per persona)
MATRIX = {
    "switch": ("get", lambda o: reverse("orgs:switch"), _expect(200)),
    "unit_search": ("get", lambda o: reverse("orgs:unit_search") + "?keyword=新疆", _expect(200)),
    "org_list": ("get", lambda o: reverse("orgs:org_list"), _only({"platform_admin"}, 200, 403)),
    "org_create": ("get", lambda o: reverse("orgs:org_create"), _only({"platform_admin"}, 200, 403)),
    "org_edit": ("get", lambda o: reverse("orgs:org_edit", args=[o.world.unit.pk]),
                 _only({"platform_admin"}, 200, 404)),
    "org_toggle": ("post", lambda o: reverse("orgs:org_toggle", args=[o.world.ce_base.pk]),
                   _only({"platform_admin"}, 302, 404)),
    "users": ("get", lambda o: reverse("orgs:users"), _only(ADMINS, 200, 403)),
    "user_create": ("get", lambda o: reverse("orgs:user_create"),
                    _only(ADMINS - {"platform_admin"}, 200, 403) | {"platform_admin": 302}),
    "user_edit": ("get", lambda o: reverse("orgs:user_edit", args=[o.clerk.pk]),
                  _only({"unit_admin", "platform_admin"}, 200, 404)),
    "user_toggle": ("post", lambda o: reverse("orgs:user_toggle", args=[o.clerk.pk]),
                    _only({"unit_admin", "platform_admin"}, 302, 404)),
    "user_reset_password": ("post", lambda o: reverse("orgs:user_reset_password", args=[o.clerk.pk]),
                            _only({"unit_admin", "platform_admin"}, 302, 404)),
    "unit_info": ("get", lambda o: reverse("orgs:unit_info"), _only(UNIT_ADMINS, 200, 403)),
    "unit_info_edit": ("get", lambda o: reverse("orgs:unit_info_edit"), _only(UNIT_ADMINS, 200, 403)),
    "unit_rename": ("get", lambda o: reverse("orgs:unit_rename"), _only(UNIT_ADMINS, 200, 403)),
    "unit_recommenders": ("get", lambda o: reverse("orgs:unit_recommenders"), _only(UNIT_ADMINS, 200, 403)),
    "unit_recommender_remove": ("post", lambda o: reverse("orgs:unit_recommender_remove", args=[o.link.pk]),
                                _only({"unit_admin"}, 302, 403) | {"other_unit_admin": 404}),
}


def _objects(world):
    """The objects the object URLs point at: a clerk of world.unit and one of its 推荐单位 links."""
    clerk_user = staff_of(world.unit, Role.CLERK, name="经办人")
    return SimpleNamespace(
        world=world,
        clerk=Membership.objects.get(user=clerk_user),
        link=Recommendation.objects.create(unit=world.unit, recommender=world.competent),
    )


def test_every_orgs_url_has_a_row():
    names = {p.name for p in get_resolver().url_patterns if getattr(p, "namespace", None) == "orgs"
             for p in p.url_patterns}
    assert names == set(MATRIX), f"rows missing for {names - set(MATRIX)}; stale rows {set(MATRIX) - names}"


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_access_matrix(name, world, login):
    method, build, expected = MATRIX[name]
    url = build(_objects(world))
    got = {}
    for persona in PERSONAS:
        client = login(None if persona == "anonymous" else getattr(world, persona))
        got[persona] = getattr(client, method)(url).status_code
    assert got == expected


@pytest.mark.parametrize("name", sorted(n for n, row in MATRIX.items() if row[0] == "post"))
def test_state_changes_refuse_get(name, world, login):
    _, build, _ = MATRIX[name]
    url = build(_objects(world))
    assert login(world.platform_admin).get(url).status_code in (403, 405)
    assert login(world.unit_admin).get(url).status_code == 405
