"""`Idempotency-Key` on a client's POST: the first response is kept, a repeat gets it back, the operation runs once.

`claim()` runs inside the transaction `PlatformAPI` opens around the call, after authentication: inserting the
(client, key) row is what makes one of two concurrent requests win; the loser waits for the winner's transaction
and then gets its stored response. A response of 429 or 5xx is not kept (the transaction is rolled back, so the
client may retry with the same key).
"""

import hashlib
import json
from contextlib import suppress
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.utils import timezone
from ninja.errors import HttpError

from .models import ApiClient, IdempotentRequest

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 255
# How long a key is remembered; `integrations.expire_idempotency` removes older ones.
RETENTION = timedelta(hours=24)
REPLAYED_HEADER = "Idempotent-Replayed"


def request_key(request) -> str:
    key = request.headers.get(HEADER, "").strip()
    if not key:
        raise HttpError(400, f"使用访问令牌的 POST 请求须带 {HEADER} 请求头（每个业务请求一个唯一值，重试时沿用）")
    if len(key) > MAX_KEY_LENGTH:
        raise HttpError(400, f"{HEADER} 不能超过{MAX_KEY_LENGTH}个字符")
    return key


def fingerprint(request) -> str:
    """What makes two requests "the same": method, path, query string and body (JSON compared by content)."""
    digest = hashlib.sha256()
    for part in (request.method, request.path, request.META.get("QUERY_STRING", "")):
        digest.update(part.encode() + b"\n")
    if request.content_type == "multipart/form-data":
        for name, values in sorted(request.POST.lists()):
            digest.update(json.dumps([name, values], ensure_ascii=False).encode())
        for name, files in sorted(request.FILES.lists()):
            for upload in files:
                digest.update(json.dumps([name, upload.name, upload.size], ensure_ascii=False).encode())
                for chunk in upload.chunks():
                    digest.update(chunk)
                upload.seek(0)
    else:
        body = request.body
        if request.content_type == "application/json":
            with suppress(ValueError):
                body = json.dumps(json.loads(body), sort_keys=True, ensure_ascii=False).encode()
        digest.update(body)
    return digest.hexdigest()


def stored_response(row: IdempotentRequest) -> HttpResponse:
    response = HttpResponse(row.body, status=row.status, content_type=row.content_type or None)
    response[REPLAYED_HEADER] = "true"
    return response


def claim(client: ApiClient, key: str, digest: str) -> IdempotentRequest | HttpResponse:
    """The new row this request now holds, or the response to give back instead of running the operation."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("claim() must run inside the transaction of the call it protects")
    try:
        with transaction.atomic():
            return IdempotentRequest.objects.create(client=client, key=key, fingerprint=digest)
    except IntegrityError:
        pass
    row = IdempotentRequest.objects.get(client=client, key=key)
    if row.created_at < timezone.now() - RETENTION:
        # Expired but not yet removed by the periodic job: the key is free again.
        row.delete()
        return claim(client, key, digest)
    if row.fingerprint != digest:
        raise HttpError(422, f"该 {HEADER} 已用于另一个内容不同的请求，请为新请求使用新的键")
    if row.status is None:
        raise HttpError(409, f"使用该 {HEADER} 的请求正在处理中，请稍后重试")
    return stored_response(row)


def keep(row: IdempotentRequest, response) -> bool:
    """Store `response` as the key's answer; False when the call must be undone instead (429, 5xx)."""
    if response.status_code == 429 or response.status_code >= 500:
        return False
    if response.streaming:
        # A stream cannot be stored to be sent again: the key is forgotten, what the operation did stays.
        row.delete()
        return True
    row.status = response.status_code
    row.content_type = response.get("Content-Type", "")
    row.body = response.content.decode(response.charset or "utf-8", errors="replace")
    row.save(update_fields=["status", "content_type", "body"])
    return True


def expire(now=None) -> int:
    """Forget keys older than RETENTION; how many."""
    cutoff = (now or timezone.now()) - RETENTION
    deleted, _ = IdempotentRequest.objects.filter(created_at__lt=cutoff).delete()
    return deleted
