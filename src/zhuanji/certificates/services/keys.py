"""平台管理 › 签名密钥: rotating and revoking an issuing organisation's signing key, each audited.

- rotate: the active key is retired (it goes on verifying what it signed) and a new one, under the CA, signs
  from now on;
- revoke (a key that leaked): it verifies nothing any more — every certificate it signed reads
  证书数据校验未通过 until reissued — and, if it was the active key, the organisation gets a new one.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from zhuanji.audit.services import record
from zhuanji.orgs.access import require_perm

from .. import keys
from ..models import IssuerKey

PERM = "certificates.manage_keys"


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请填写原因"})
    if len(reason) > 200:
        raise ValidationError({"reason": "原因不能超过200字"})
    return reason


def issuer_key_rotate(*, actor, organisation, reason: str) -> IssuerKey:
    """Retire the organisation's active key (if any) and make a new one active."""
    require_perm(actor, PERM)
    reason = _reason(reason)
    with transaction.atomic():
        old = (IssuerKey.objects.select_for_update()
               .filter(organisation=organisation, status=IssuerKey.Status.ACTIVE).first())
        if old is not None:
            old.status, old.retired_at = IssuerKey.Status.RETIRED, timezone.now()
            old.save(update_fields=["status", "retired_at"])
        new = keys.key_create(organisation)
        record(actor=actor, action="certificates.key_rotate", obj=new, org=organisation,
               before={"key_id": old.key_id if old else ""},
               after={"key_id": new.key_id, "fingerprint": new.fingerprint, "reason": reason})
    return new


def issuer_key_revoke(*, actor, key: IssuerKey, reason: str) -> IssuerKey:
    """Revoke a key; an active one is replaced at once, so the organisation goes on issuing."""
    require_perm(actor, PERM)
    reason = _reason(reason)
    with transaction.atomic():
        key = IssuerKey.objects.select_for_update().get(pk=key.pk)
        if key.status == IssuerKey.Status.REVOKED:
            raise ValidationError("该密钥已吊销", code="already_revoked")
        was_active = key.status == IssuerKey.Status.ACTIVE
        before = {"status": key.status}
        key.status, key.revoked_at, key.revoke_reason = IssuerKey.Status.REVOKED, timezone.now(), reason
        key.save(update_fields=["status", "revoked_at", "revoke_reason"])
        replacement = keys.key_create(key.organisation) if was_active else None
        record(actor=actor, action="certificates.key_revoke", obj=key, org=key.organisation, before=before,
               after={"status": "revoked", "reason": reason,
                      "replacement": replacement.key_id if replacement else ""})
    return key
