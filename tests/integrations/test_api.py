"""Token calls on the platform's own endpoints: 401 / 403 / 200, the audit row naming the client, the schema."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from zhuanji.audit.models import AuditEntry
from zhuanji.integrations.models import ApiClient
from zhuanji.integrations.services import client_revoke, client_rotate

from .conftest import bearer

pytestmark = pytest.mark.django_db

SERIES = "/api/v1/catalog/series"
VERIFY = "/api/v1/certificates/verify"


@pytest.fixture(autouse=True)
def _fresh_rate_limit(db):
    cache.clear()


def calls():
    return AuditEntry.objects.filter(action="integrations.api_call").order_by("pk")


def test_public_endpoint_still_answers_without_a_token_and_audits_nothing(client, world):
    assert client.get(SERIES).status_code == 200
    assert not calls().exists()


@pytest.mark.parametrize("header", ["Bearer nonsense", "Bearer zj_abcdef012345_wrong", "Bearer ", "bearer zj__"])
def test_an_unknown_token_is_refused_even_where_no_token_is_needed(client, world, make_client, header):
    make_client()
    response = client.get(SERIES, HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    assert response.json() == {"detail": "访问令牌无效或已吊销"}
    assert not calls().exists()


def test_a_token_endpoint_without_a_token_is_401(client, world):
    response = client.post(VERIFY, {"number": "ZC1", "name": "张伟"}, content_type="application/json")
    assert response.status_code == 401
    assert "访问令牌" in response.json()["detail"] and response["WWW-Authenticate"] == "Bearer"


def test_with_the_scope_the_call_answers_and_is_audited_with_the_client(client, world, make_client):
    api_client, token = make_client(scopes=["catalog.read"])
    response = client.get(SERIES, **bearer(token))
    assert response.status_code == 200
    entry = calls().get()
    assert entry.actor is None and entry.actor_label == "系统"
    assert entry.org == world.ce_base
    assert (entry.object_type, entry.object_id, entry.object_repr) == ("integrations.apiclient", str(api_client.pk),
                                                                       "学习平台")
    assert entry.after == {"client": "学习平台", "method": "GET", "path": SERIES, "status": 200}
    api_client.refresh_from_db()
    assert timezone.now() - api_client.last_used_at < timedelta(minutes=1)


def test_without_the_scope_the_call_is_403_and_audited(client, world, make_client):
    _, token = make_client(scopes=["certificates.verify"])
    response = client.get(SERIES, **bearer(token))
    assert response.status_code == 403
    assert response.json() == {"detail": "该客户端没有“读取职称目录”（catalog.read）权限范围"}
    assert calls().get().after["status"] == 403


def test_a_revoked_token_is_401_and_a_rotated_one_replaces_the_old(client, world, make_client):
    api_client, token = make_client()
    client_revoke(actor=world.platform_admin, client=api_client)
    assert client.get(SERIES, **bearer(token)).status_code == 401
    _, new = client_rotate(actor=world.platform_admin, client=api_client)
    assert client.get(SERIES, **bearer(token)).status_code == 401
    assert client.get(SERIES, **bearer(new)).status_code == 200


def test_a_client_of_a_disabled_organisation_is_refused(client, world, make_client):
    _, token = make_client()
    world.ce_base.is_active = False
    world.ce_base.save()
    assert client.get(SERIES, **bearer(token)).status_code == 401


def test_last_used_is_written_at_most_once_a_minute(client, world, make_client):
    api_client, token = make_client()
    client.get(SERIES, **bearer(token))
    first = ApiClient.objects.get(pk=api_client.pk).last_used_at
    client.get(SERIES, **bearer(token))
    assert ApiClient.objects.get(pk=api_client.pk).last_used_at == first


def test_post_verify_keeps_the_name_out_of_the_url_and_needs_an_idempotency_key(client, world, make_client):
    _, token = make_client(scopes=["certificates.verify"])
    body = {"number": "ZC2099000001", "name": "张伟"}
    missing = client.post(VERIFY, body, content_type="application/json", **bearer(token))
    assert missing.status_code == 400
    assert missing.json()["detail"].startswith("使用访问令牌的 POST 请求须带 Idempotency-Key 请求头")

    first = client.post(VERIFY, body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="k-1", **bearer(token))
    assert first.status_code == 200 and first.json()["result"] == "not_found"
    again = client.post(VERIFY, body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="k-1", **bearer(token))
    assert (again.status_code, again.content) == (first.status_code, first.content)
    assert again["Idempotent-Replayed"] == "true"
    other = client.post(VERIFY, {**body, "name": "李四"}, content_type="application/json",
                        HTTP_IDEMPOTENCY_KEY="k-1", **bearer(token))
    assert other.status_code == 422
    assert [e.after["status"] for e in calls()] == [400, 200, 200, 422]
    assert [e.after.get("replayed", False) for e in calls()] == [False, False, True, False]
    assert all(e.after["path"] == VERIFY and "张伟" not in str(e.after) for e in calls())


def test_the_schema_builds_and_documents_the_bearer_auth_and_scopes(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    token = schema["components"]["securitySchemes"]["ClientToken"]
    assert token["type"] == "http" and token["scheme"] == "bearer" and "Idempotency-Key" in token["description"]
    verify = schema["paths"][VERIFY]
    assert verify["get"]["security"] == [{"ClientToken": ["certificates.verify"]}, {}]
    assert verify["post"]["security"] == [{"ClientToken": ["certificates.verify"]}]
    assert any(p["name"] == "Idempotency-Key" and p["in"] == "header" for p in verify["post"]["parameters"])
    assert not any(p["name"] == "Idempotency-Key" for p in verify["get"]["parameters"])
    assert schema["paths"][SERIES]["get"]["security"] == [{"ClientToken": ["catalog.read"]}, {}]
    assert client.get("/api/v1/docs").status_code == 200
