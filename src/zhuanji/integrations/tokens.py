"""Access tokens: `zj_<prefix>_<secret>`, stored as the prefix (to find the client) and a SHA-256 of the whole."""

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.utils import timezone

from .models import ApiClient

TOKEN_START = "zj_"
# How often `last_used_at` is written at most: a client calling many times a second costs one update a minute.
LAST_USED_PRECISION = timedelta(minutes=1)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> tuple[str, str]:
    """(token, prefix): 48 random bits of public prefix, 32 random bytes of secret."""
    prefix = secrets.token_hex(6)
    return f"{TOKEN_START}{prefix}_{secrets.token_urlsafe(32)}", prefix


def client_for_token(token: str) -> ApiClient | None:
    """The enabled client of an enabled organisation whose token this is; None for anything else."""
    if not token.startswith(TOKEN_START):
        return None
    prefix, _, secret = token[len(TOKEN_START):].partition("_")  # the prefix is hex, the secret may hold "_"
    if not prefix or not secret:
        return None
    client = ApiClient.objects.select_related("org").filter(token_prefix=prefix).first()
    if client is None or not hmac.compare_digest(client.token_hash, token_hash(token)):
        return None
    if not client.is_active or not client.org.is_active:
        return None
    return client


def touch(client: ApiClient) -> None:
    """Note the call in `last_used_at` (at most once a minute per client)."""
    now = timezone.now()
    if client.last_used_at is None or now - client.last_used_at >= LAST_USED_PRECISION:
        ApiClient.objects.filter(pk=client.pk).update(last_used_at=now)
        client.last_used_at = now
