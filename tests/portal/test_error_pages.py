"""Error pages speak Chinese inside the platform frame, not Django's bare English "403 Forbidden"."""

from django.template.loader import render_to_string
from django.urls import reverse


def test_403_explains_in_chinese(world, login):
    response = login(world.person).get(reverse("portal:manage_notices"))
    assert response.status_code == 403
    body = response.content.decode()
    assert "无权访问" in body and "您没有通知公告管理权限" in body and "返回首页" in body


def test_403_shows_the_views_reason(world, login):
    response = login(world.other_unit_admin).get(reverse("orgs:unit_info"))
    assert response.status_code == 200
    response = login(world.competent_staff).get(reverse("orgs:unit_info"))
    assert response.status_code == 403
    assert "您没有单位信息维护权限" in response.content.decode()


def test_404_in_chinese_without_djangos_english(world, login):
    response = login(world.person).get(reverse("portal:notice_detail", args=[999999]))
    assert response.status_code == 404
    body = response.content.decode()
    assert "页面不存在" in body and "matches the given query" not in body


def test_500_renders_without_a_request():
    body = render_to_string("500.html")
    assert "系统繁忙" in body and "返回首页" in body
