"""Reachable from the menus: every left-menu item and 业务矩阵 tile a persona is shown answers 200 for that persona.

A menu entry is declared with a permission codename while its view may check something narrower (an
organisation kind, a unit); this catches entries shown to roles whose view then refuses them.
"""

import pytest
from django.urls import reverse

from tests.conftest import PERSONAS
from zhuanji.orgs.acting import acting_of
from zhuanji.portal.menus import menu_for, tiles_for

SIGNED_IN = [p for p in PERSONAS if p != "anonymous"]


def _menu_urls(user) -> dict[str, str]:
    perms = acting_of(user).perms
    urls = {f"菜单 {section['label']} › {item['label']}": item["url"]
            for section in menu_for(perms) for item in section["items"]}
    for group, tiles in tiles_for(perms).items():
        for tile in tiles:
            urls[f"业务矩阵 {group} › {tile['label']}"] = tile["url"]
            urls.update({f"业务矩阵 {tile['label']} › {child['label']}": child["url"] for child in tile["children"]})
    return urls


# The platform kind is granted every codename, orgs.manage_unit included, so its admin is shown 我的单位信息 and
# 推荐单位, whose views (rightly) refuse a non-unit. The fix belongs in orgs/permissions.py.
@pytest.mark.parametrize("persona", SIGNED_IN)
def test_every_menu_item_and_tile_answers_200(persona, world, login):
    user = getattr(world, persona)
    client = login(user)
    urls = _menu_urls(user)
    assert urls, f"{persona} sees no menu at all"
    broken = {}
    for label, url in urls.items():
        # A menu entry may hand over to another module's page (hours' 我的证书 → 电子证书); where it lands counts.
        response = client.get(url, follow=True)
        landed = response.redirect_chain[-1][0] if response.redirect_chain else url
        if response.status_code != 200 or landed.startswith(reverse("accounts:login")):
            broken[label] = f"{url} → {landed} {response.status_code}"
    assert not broken, f"{persona}: {broken}"


@pytest.mark.parametrize(("persona", "expected"), [
    ("person", {"个人中心", "专业课学时认定", "电子证书"}),
    ("unit_admin", {"审核办理", "专业课学时认定", "我的管理"}),
])
def test_menu_sections_of_the_main_roles(persona, expected, world):
    user = getattr(world, persona)
    sections = {s["label"] for s in menu_for(acting_of(user).perms)}
    assert expected <= sections


def test_unit_admin_sees_the_unit_pages_and_the_inbox(world):
    user = world.unit_admin
    items = {i["label"] for s in menu_for(acting_of(user).perms) for i in s["items"]}
    assert {"我的用户", "我的单位信息", "推荐单位", "单位审核", "我的待办"} <= items


@pytest.mark.parametrize("persona", ["unit_admin", "competent_staff", "committee_admin", "platform_admin"])
def test_staff_reach_password_change_from_the_frame(persona, world, login):
    client = login(getattr(world, persona))
    url = reverse("accounts:password_change")
    assert f'href="{url}"' in client.get(reverse("portal:my_home")).content.decode()
    assert client.get(url).status_code == 200
