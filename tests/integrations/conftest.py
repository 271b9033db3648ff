import pytest

from zhuanji.integrations.models import ApiClient
from zhuanji.integrations.services import client_create
from zhuanji.integrations.tokens import new_token, token_hash


@pytest.fixture
def make_client(world):
    """`make_client(scopes, org=…, name=…)` → (client, token), made by the platform administrator."""

    def _make(scopes=("catalog.read",), org=None, name="学习平台"):
        return client_create(actor=world.platform_admin, org=org or world.ce_base, name=name, scopes=list(scopes))

    return _make


@pytest.fixture
def test_client_with(world):
    """`test_client_with(scopes)` → (client, token) for scopes no app declares (the test-only API's)."""

    def _make(scopes, name="测试系统"):
        token, prefix = new_token()
        client = ApiClient.objects.create(org=world.ce_base, name=name, scopes=list(scopes), token_prefix=prefix,
                                          token_hash=token_hash(token), created_by=world.platform_admin,
                                          token_issued_at="2026-01-01T00:00:00+08:00")
        return client, token

    return _make


def bearer(token: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}
