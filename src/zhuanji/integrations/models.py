"""Systems that call the JSON API with a token (接口客户端), and the responses kept for their idempotency keys."""

from django.conf import settings
from django.db import models


class ApiClient(models.Model):
    """One calling system of an organisation. Its token is shown once; only its SHA-256 is kept.

    A token reads `zj_<prefix>_<secret>`: the prefix (public, unique) finds the row, the hash of the whole token
    must match. Revoking (吊销) disables the client for good; rotating (重置令牌) issues a new token and enables it.
    """

    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="api_clients",
                            verbose_name="所属单位")
    name = models.CharField("客户端名称", max_length=100)
    # Scope codes (`catalog.read`) out of those the apps declare in their api.py (`SCOPES`).
    scopes = models.JSONField("权限范围", default=list, blank=True)
    is_active = models.BooleanField("启用", default=True)
    token_prefix = models.CharField("令牌前缀", max_length=16, unique=True)
    token_hash = models.CharField(max_length=64)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name="创建人")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    token_issued_at = models.DateTimeField("令牌签发时间")
    revoked_at = models.DateTimeField("吊销时间", null=True, blank=True)
    last_used_at = models.DateTimeField("最近调用时间", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["org", "name"], name="integrations_client_unique_name")]

    def __str__(self) -> str:
        return self.name


class IdempotentRequest(models.Model):
    """The first response to a client's POST with one `Idempotency-Key`; a repeat gets it back unchanged.

    The unique (client, key) makes one of two concurrent requests win: the other waits for it (PostgreSQL) or for
    the database lock (SQLite), then finds this row. `status` stays empty only inside the winner's transaction.
    """

    client = models.ForeignKey(ApiClient, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    # SHA-256 of the method, path, query and body: the same key with another request is refused.
    fingerprint = models.CharField(max_length=64)
    status = models.PositiveSmallIntegerField(null=True, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    body = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["client", "key"], name="integrations_idempotency_unique_key")]

    def __str__(self) -> str:
        return f"{self.client_id}:{self.key}"
