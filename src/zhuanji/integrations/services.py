"""Managing API clients (平台管理 › 接口客户端): create, edit, revoke, rotate; every change audited.

`client_create` and `client_rotate` return the token with the client: the only moment it exists in clear.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from zhuanji.audit.services import record, snapshot
from zhuanji.orgs.access import require_perm
from zhuanji.orgs.models import Organisation

from . import idempotency
from .models import ApiClient
from .scopes import declared_scopes
from .tokens import new_token, token_hash

PERM = "platform.manage_api_clients"
FIELDS = ("org", "name", "scopes", "is_active")


def _clean(*, org: Organisation, name: str, scopes, exclude_pk=None) -> tuple[str, list[str]]:
    name = (name or "").strip()
    errors = {}
    if not name:
        errors["name"] = ["请填写客户端名称"]
    elif ApiClient.objects.filter(org=org, name=name).exclude(pk=exclude_pk).exists():
        errors["name"] = ["该单位已有同名的接口客户端"]
    if not org.is_active:
        errors["org"] = ["该单位已停用"]
    known = declared_scopes()
    unknown = sorted(set(scopes) - set(known))
    if unknown:
        errors["scopes"] = [f"未知的权限范围：{'、'.join(unknown)}"]
    elif not scopes:
        errors["scopes"] = ["请至少选择一项权限范围"]
    if errors:
        raise ValidationError(errors)
    return name, [code for code in known if code in set(scopes)]  # declared order, no repeats


def _issue(client: ApiClient) -> str:
    """Give `client` a new token (the old one stops working); the token, to be shown once."""
    for _ in range(3):
        token, client.token_prefix = new_token()
        client.token_hash = token_hash(token)
        client.token_issued_at = timezone.now()
        try:
            with transaction.atomic():
                client.save()
        except IntegrityError:
            if ApiClient.objects.filter(token_prefix=client.token_prefix).exists():
                continue  # the 48-bit prefix of another client: draw again
            raise ValidationError({"name": ["该单位已有同名的接口客户端"]}) from None
        return token
    raise RuntimeError("could not draw a unique token prefix")


@transaction.atomic
def client_create(*, actor, org: Organisation, name: str, scopes) -> tuple[ApiClient, str]:
    require_perm(actor, PERM)
    name, scopes = _clean(org=org, name=name, scopes=scopes)
    user = getattr(actor, "user", actor)
    client = ApiClient(org=org, name=name, scopes=scopes, created_by=user)
    token = _issue(client)
    record(actor=actor, action="integrations.client_create", obj=client, org=org,
           after={**snapshot(client, FIELDS), "token_prefix": client.token_prefix})
    return client, token


@transaction.atomic
def client_update(*, actor, client: ApiClient, name: str, scopes) -> ApiClient:
    require_perm(actor, PERM)
    client = ApiClient.objects.select_for_update().select_related("org").get(pk=client.pk)
    before = snapshot(client, FIELDS)
    client.name, client.scopes = _clean(org=client.org, name=name, scopes=scopes, exclude_pk=client.pk)
    client.save(update_fields=["name", "scopes"])
    record(actor=actor, action="integrations.client_update", obj=client, org=client.org, before=before,
           after=snapshot(client, FIELDS))
    return client


@transaction.atomic
def client_revoke(*, actor, client: ApiClient) -> ApiClient:
    """Disable the client: its token is refused from now on, for good (rotating issues a new one)."""
    require_perm(actor, PERM)
    client = ApiClient.objects.select_for_update().select_related("org").get(pk=client.pk)
    if not client.is_active:
        raise ValidationError("该接口客户端已吊销", code="revoked")
    client.is_active, client.revoked_at = False, timezone.now()
    client.save(update_fields=["is_active", "revoked_at"])
    record(actor=actor, action="integrations.client_revoke", obj=client, org=client.org,
           before={"is_active": True}, after={"is_active": False, "token_prefix": client.token_prefix})
    return client


@transaction.atomic
def client_rotate(*, actor, client: ApiClient) -> tuple[ApiClient, str]:
    """A new token for the client (the old one is refused at once); a revoked client is enabled again with it."""
    require_perm(actor, PERM)
    client = ApiClient.objects.select_for_update().select_related("org").get(pk=client.pk)
    if not client.org.is_active:
        raise ValidationError("该客户端所属单位已停用", code="org_inactive")
    before = {"is_active": client.is_active, "token_prefix": client.token_prefix}
    client.is_active, client.revoked_at = True, None
    token = _issue(client)
    record(actor=actor, action="integrations.client_rotate", obj=client, org=client.org, before=before,
           after={"is_active": True, "token_prefix": client.token_prefix})
    return client, token


def idempotency_expire() -> int:
    """The periodic job's work: forget idempotency keys past their retention."""
    return idempotency.expire()
