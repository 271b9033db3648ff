import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from zhuanji.audit.models import AuditEntry
from zhuanji.integrations.models import ApiClient
from zhuanji.integrations.services import client_create, client_revoke, client_rotate, client_update
from zhuanji.integrations.tokens import client_for_token, token_hash

pytestmark = pytest.mark.django_db


def test_create_shows_the_token_once_and_keeps_only_its_hash(world):
    client, token = client_create(actor=world.platform_admin, org=world.ce_base, name=" 学习平台 ",
                                  scopes=["certificates.verify", "catalog.read", "catalog.read"])
    assert token.startswith(f"zj_{client.token_prefix}_") and len(token) > 50
    stored = ApiClient.objects.get(pk=client.pk)
    assert stored.name == "学习平台" and stored.scopes == ["catalog.read", "certificates.verify"]
    assert stored.token_hash == token_hash(token) and token not in str(vars(stored))
    assert stored.created_by == world.platform_admin and stored.is_active and stored.last_used_at is None
    entry = AuditEntry.objects.get(action="integrations.client_create")
    assert entry.org == world.ce_base and token not in str(entry.after) and entry.after["name"] == "学习平台"
    assert client_for_token(token) == client


def test_create_checks_names_scopes_and_permission(world, make_client):
    make_client()
    with pytest.raises(ValidationError) as exc:
        client_create(actor=world.platform_admin, org=world.ce_base, name="学习平台", scopes=["nope.read"])
    assert exc.value.message_dict == {"name": ["该单位已有同名的接口客户端"], "scopes": ["未知的权限范围：nope.read"]}
    with pytest.raises(ValidationError, match="请至少选择一项权限范围"):
        client_create(actor=world.platform_admin, org=world.unit, name="学习平台", scopes=[])
    for outsider in (world.ce_base_admin, world.hr_department_staff):
        with pytest.raises(PermissionDenied):
            client_create(actor=outsider, org=world.ce_base, name="自建", scopes=["catalog.read"])


def test_update_revoke_and_rotate_are_audited(world, make_client):
    client, token = make_client()
    client_update(actor=world.platform_admin, client=client, name="学习平台二期", scopes=["certificates.verify"])
    client.refresh_from_db()
    assert (client.name, client.scopes) == ("学习平台二期", ["certificates.verify"])

    client_revoke(actor=world.platform_admin, client=client)
    assert client_for_token(token) is None
    with pytest.raises(ValidationError, match="已吊销"):
        client_revoke(actor=world.platform_admin, client=client)

    old_prefix = client.token_prefix
    client, new = client_rotate(actor=world.platform_admin, client=client)
    assert client.is_active and client.revoked_at is None and client.token_prefix != old_prefix
    assert client_for_token(new) == client and client_for_token(token) is None
    actions = list(AuditEntry.objects.filter(action__startswith="integrations.client_").order_by("pk")
                   .values_list("action", flat=True))
    assert actions == ["integrations.client_create", "integrations.client_update", "integrations.client_revoke",
                       "integrations.client_rotate"]
    rotate = AuditEntry.objects.get(action="integrations.client_rotate")
    assert rotate.before == {"is_active": False, "token_prefix": old_prefix} and new not in str(rotate.after)
    for service in (client_revoke, client_rotate):
        with pytest.raises(PermissionDenied):
            service(actor=world.ce_base_admin, client=client)
