"""Adding, replacing and deleting a document's files; the slot rules a document's submission checks.

The owner's own service decides who may change its files (the applicant while the application is with them,
the person themselves …) and calls these inside its transaction; these check the upload rule, store the file
under a random name in private storage, keep the row and the file together (a rollback removes the file, a
deletion removes it once committed) and write the audit entry (`audit_action`, the owner's word for it).
"""

import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db.models import Count, Max, Model, QuerySet

from zhuanji.audit.services import SYSTEM, record
from zhuanji.common.files import UploadRule
from zhuanji.orgs.acting import Acting

from .content import CleanUpload, clean_upload
from .models import Attachment
from .storage import atomic, delete_on_commit, private_storage, track_written


@dataclass(frozen=True)
class SlotRule:
    """A slot a document must fill before it is submitted: `label` is what users read (（二）盖章申报表)."""

    slot: str
    label: str
    min_count: int = 1


def _owner_key(owner: Model) -> dict:
    return {"owner_type": ContentType.objects.get_for_model(owner), "owner_id": owner.pk}


def _uploader(actor):
    if actor is None or actor == SYSTEM:
        return None
    user = actor.user if isinstance(actor, Acting) else actor
    return user if user.is_authenticated else None


def _lock_owner(owner: Model) -> None:
    # Counting and numbering a slot's files is safe while the owner row is locked (the owner services lock it too).
    list(type(owner)._default_manager.select_for_update().filter(pk=owner.pk).values_list("pk", flat=True))


def _clean(upload, rule: UploadRule) -> CleanUpload:
    try:
        return clean_upload(upload, rule)
    except ValidationError as exc:
        raise ValidationError({"upload": exc.error_list}) from exc


def _store(clean: CleanUpload) -> str:
    """Write the file under a random name (a directory level keeps folders small); return the stored name."""
    token = secrets.token_hex(16)
    name = private_storage().save(f"attachments/{token[:2]}/{token}.{clean.kind}", ContentFile(clean.content))
    track_written(name)
    return name


def _check_seq(owner_key: dict, slot: str, seq: int, *, exclude_pk=None) -> None:
    if seq < 1:
        raise ValidationError({"seq": "顺序号至少为1"})
    clash = Attachment.objects.filter(**owner_key, slot=slot, seq=seq)
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise ValidationError({"seq": f"顺序号{seq}已被使用"})


def _summary(attachment: Attachment) -> dict:
    return {"owner": f"{attachment.owner_type.app_label}.{attachment.owner_type.model}:{attachment.owner_id}",
            "slot": attachment.slot, "seq": attachment.seq, "name": attachment.original_name,
            "type": attachment.mime_type, "size": attachment.size}


def attachment_add(*, actor, owner: Model, slot: str, upload, rule: UploadRule, seq: int | None = None,
                   audit_action: str = "attachments.add") -> Attachment:
    """Store `upload` as the owner's next file in `slot` (or as number `seq`).

    Refused with `{"upload": …}` when the file breaks `rule` (type by content, size, `max_count` per slot) and
    `{"seq": …}` when the number is taken. `upload` is an uploaded file or what `clean_upload` returned.
    """
    clean = _clean(upload, rule)  # decoding and re-encoding before any lock is taken
    with atomic():
        _lock_owner(owner)
        key = _owner_key(owner)
        existing = Attachment.objects.filter(**key, slot=slot)
        if rule.max_count is not None and existing.count() >= rule.max_count:
            raise ValidationError({"upload": f"最多只能上传{rule.max_count}个文件"})
        if seq is None:
            seq = (existing.aggregate(last=Max("seq"))["last"] or 0) + 1
        else:
            _check_seq(key, slot, seq)
        attachment = Attachment(**key, slot=slot, seq=seq, mime_type=clean.mime_type, size=clean.size,
                                original_name=clean.original_name, uploader=_uploader(actor))
        attachment.stored_name = _store(clean)
        attachment.save()
        record(actor=actor, action=audit_action, obj=attachment, after=_summary(attachment))
    return attachment


def attachment_replace(*, actor, attachment: Attachment, rule: UploadRule, upload=None, seq: int | None = None,
                       audit_action: str = "attachments.replace") -> Attachment:
    """修改: a new number and/or a new file (checked against `rule`); the old file goes once this commits."""
    clean = _clean(upload, rule) if upload is not None else None
    with atomic():
        _lock_owner(attachment.owner)
        before = _summary(attachment)
        if seq is not None and seq != attachment.seq:
            _check_seq(_owner_key(attachment.owner), attachment.slot, seq, exclude_pk=attachment.pk)
            attachment.seq = seq
        old_name = None
        if clean is not None:
            old_name = attachment.stored_name
            attachment.stored_name = _store(clean)
            attachment.mime_type, attachment.size = clean.mime_type, clean.size
            attachment.original_name, attachment.uploader = clean.original_name, _uploader(actor)
        attachment.save()
        if old_name:
            delete_on_commit([old_name])
        record(actor=actor, action=audit_action, obj=attachment, before=before, after=_summary(attachment))
    return attachment


def attachment_set(*, actor, owner: Model, slot: str, upload, rule: UploadRule,
                   audit_action: str = "attachments.replace") -> Attachment:
    """The one file of a single-file slot (一寸照): replaced when there is one, else added."""
    with atomic():
        _lock_owner(owner)
        current = Attachment.objects.filter(**_owner_key(owner), slot=slot).order_by("seq", "pk").first()
        if current is None:
            return attachment_add(actor=actor, owner=owner, slot=slot, upload=upload, rule=rule,
                                  audit_action=audit_action)
        return attachment_replace(actor=actor, attachment=current, rule=rule, upload=upload,
                                  audit_action=audit_action)


def attachment_delete(*, actor, attachment: Attachment, audit_action: str = "attachments.delete") -> None:
    with atomic():
        _lock_owner(attachment.owner)
        record(actor=actor, action=audit_action, obj=attachment, before=_summary(attachment))
        name = attachment.stored_name
        attachment.delete()
        delete_on_commit([name])


def attachments_purge(*, owners: QuerySet | Iterable[Model]) -> int:
    """Delete every file of `owners` (a queryset or model instances) that are being deleted by the caller's
    service, which audits the deletion; the files go once it commits. Returns how many were deleted."""
    if isinstance(owners, QuerySet):
        groups = {ContentType.objects.get_for_model(owners.model): owners.values("pk")}
    else:
        groups: dict = {}
        for owner in owners:
            groups.setdefault(ContentType.objects.get_for_model(owner), []).append(owner.pk)
    deleted = 0
    for content_type, ids in groups.items():
        rows = Attachment.objects.filter(owner_type=content_type, owner_id__in=ids)
        names = list(rows.values_list("stored_name", flat=True))
        rows.delete()
        delete_on_commit(names)
        deleted += len(names)
    return deleted


def slots_unmet(owner: Model, slot_rules: Sequence[SlotRule]) -> list[str]:
    """What submission still needs, every slot at once (请上传（二）盖章申报表 …), in one query."""
    counts = dict(Attachment.objects.filter(**_owner_key(owner), slot__in=[r.slot for r in slot_rules])
                  .values_list("slot").annotate(n=Count("pk")).order_by())
    return [f"请上传{rule.label}" if rule.min_count <= 1 else f"请上传至少{rule.min_count}个{rule.label}"
            for rule in slot_rules if counts.get(rule.slot, 0) < rule.min_count]
