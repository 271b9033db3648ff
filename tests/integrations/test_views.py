import pytest
from django.urls import reverse

from zhuanji.integrations.models import ApiClient
from zhuanji.integrations.tokens import client_for_token

pytestmark = pytest.mark.django_db


def test_create_shows_the_token_once_uncached(world, login):
    client = login(world.platform_admin)
    form = client.get(reverse("integrations:client_create")).content.decode()
    assert "所属单位" in form and "读取职称目录（catalog.read）" in form and "证书核验（certificates.verify）" in form
    assert f'<option value="{world.unit.pk}">' not in form  # units are not offered (the tree's many leaves)
    response = client.post(reverse("integrations:client_create"),
                           {"org": world.ce_base.pk, "name": "学习平台", "scopes": ["catalog.read"]})
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    token = response.context["token"]
    assert client_for_token(token).name == "学习平台" and token in response.content.decode()
    listing = client.get(reverse("integrations:client_list")).content.decode()
    assert token not in listing and "学习平台" in listing and "未调用" in listing and "读取职称目录" in listing


def test_create_form_reports_errors_in_chinese(world, login):
    response = login(world.platform_admin).post(reverse("integrations:client_create"), {"org": world.ce_base.pk})
    text = response.content.decode()
    assert response.status_code == 200 and "请填写客户端名称" in text and "请至少选择一项权限范围" in text
    assert not ApiClient.objects.exists()


def test_list_shows_last_use_and_asks_before_revoking(world, login, make_client, client):
    api_client, token = make_client()
    client.get("/api/v1/catalog/series", HTTP_AUTHORIZATION=f"Bearer {token}")
    api_client.refresh_from_db()
    text = login(world.platform_admin).get(reverse("integrations:client_list")).content.decode()
    assert api_client.last_used_at.astimezone().strftime("%Y-%m-%d %H:%M") in text
    assert 'data-confirm="确定吊销“学习平台”？' in text and "确定为“学习平台”重置令牌？" in text


def test_revoke_then_rotate_from_the_list(world, login, make_client):
    api_client, token = make_client()
    client = login(world.platform_admin)
    response = client.post(reverse("integrations:client_revoke", args=[api_client.pk]), follow=True)
    assert "已吊销“学习平台”" in response.content.decode() and client_for_token(token) is None
    row = "确定为“学习平台”重置令牌"  # the row's own button ("已吊销" alone is also the filter's option)
    revoked = client.get(reverse("integrations:client_list"), {"status": "revoked"}).content.decode()
    assert row in revoked and '<span class="text-danger">已吊销</span>' in revoked
    assert row not in client.get(reverse("integrations:client_list"), {"status": "active"}).content.decode()
    response = client.post(reverse("integrations:client_rotate", args=[api_client.pk]))
    assert response["Cache-Control"] == "no-store" and client_for_token(response.context["token"]) == api_client


def test_edit_changes_name_and_scopes(world, login, make_client):
    api_client, _ = make_client()
    response = login(world.platform_admin).post(reverse("integrations:client_edit", args=[api_client.pk]),
                                                {"name": "学习平台", "scopes": ["catalog.read", "certificates.verify"]})
    assert response.status_code == 302
    api_client.refresh_from_db()
    assert api_client.scopes == ["catalog.read", "certificates.verify"]


def test_list_queries_do_not_grow_with_rows(world, login, make_client, django_assert_max_num_queries):
    client = login(world.platform_admin)
    make_client()
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("integrations:client_list"))
    for n in range(5):
        make_client(name=f"系统{n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("integrations:client_list"))
