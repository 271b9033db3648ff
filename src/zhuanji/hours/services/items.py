"""Items of the nine categories and their 佐证材料 files; only while the application is with the applicant."""

import uuid

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction

from zhuanji.audit.services import record, snapshot
from zhuanji.common.files import EVIDENCE, validate_upload

from ..config import BY_KEY
from ..models import Application, Evidence, Item
from ._guards import lock_editable

ITEM_FIELDS = ("category", "title", "organiser", "item_type", "reference", "start_date", "end_date", "hours")


def _validate_item(item: Item) -> None:
    category = BY_KEY.get(item.category)
    if category is None:
        raise ValidationError({"category": "未知的栏目"})
    errors = {}
    if item.item_type not in category.types:
        errors["item_type"] = f"请选择{category.type_label}"
    if item.start_date and item.end_date and item.start_date > item.end_date:
        errors["end_date"] = f"{category.end_label}不能早于{category.start_label}"
    if item.reference and not category.reference_label:
        errors["reference"] = "该栏目无需填写编号"
    if errors:
        raise ValidationError(errors)
    item.full_clean()


@transaction.atomic
def item_create(*, actor, application: Application, category: str, title: str, organiser: str, item_type: str,
                start_date, end_date, hours: int, reference: str = "") -> Item:
    application = lock_editable(actor=actor, application=application)
    item = Item(application=application, category=category, title=title, organiser=organiser,
                item_type=item_type, reference=reference, start_date=start_date, end_date=end_date, hours=hours)
    _validate_item(item)
    item.save()
    record(actor=actor, action="hours.item_create", obj=item, after=snapshot(item, ITEM_FIELDS))
    return item


@transaction.atomic
def item_update(*, actor, item: Item, **changes) -> Item:
    lock_editable(actor=actor, application=item.application)
    # The category is fixed when the item is created: it decides which labels and types apply.
    unknown = set(changes) - (set(ITEM_FIELDS) - {"category"})
    if unknown:
        raise ValueError(f"item_update cannot change {sorted(unknown)}")
    before = snapshot(item, ITEM_FIELDS)
    for name, value in changes.items():
        setattr(item, name, value)
    _validate_item(item)
    item.save()
    record(actor=actor, action="hours.item_update", obj=item, before=before, after=snapshot(item, ITEM_FIELDS))
    return item


@transaction.atomic
def item_delete(*, actor, item: Item) -> None:
    lock_editable(actor=actor, application=item.application)
    before = snapshot(item, ITEM_FIELDS)
    files = [e.file.name for e in item.evidence.all()]
    record(actor=actor, action="hours.item_delete", obj=item, before=before)
    item.delete()
    delete_files_on_commit(files)


def delete_files_on_commit(names: list[str]) -> None:
    # Stored files are removed only once the rows are gone for good; a rollback keeps both.
    def remove():
        for name in names:
            default_storage.delete(name)

    transaction.on_commit(remove)


def _stored_name(kind: str) -> str:
    # Users' file names are kept for display only; the stored name is ours (no path tricks, no clashes).
    return f"{uuid.uuid4().hex}.{kind}"


def _check_seq(item: Item, seq: int, *, exclude_pk=None) -> None:
    if seq is None or seq < 1:
        raise ValidationError({"seq": "顺序号至少为1"})
    clash = item.evidence.filter(seq=seq)
    if exclude_pk:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise ValidationError({"seq": f"顺序号{seq}已被使用"})


@transaction.atomic
def evidence_add(*, actor, item: Item, seq: int, upload) -> Evidence:
    lock_editable(actor=actor, application=item.application)
    try:
        kind = validate_upload(upload, EVIDENCE)
    except ValidationError as exc:
        raise ValidationError({"upload": exc.messages}) from exc
    _check_seq(item, seq)
    evidence = Evidence(item=item, seq=seq, original_name=upload.name[:200], content_kind=kind, size=upload.size)
    evidence.file.save(_stored_name(kind), upload, save=False)
    evidence.save()
    record(actor=actor, action="hours.evidence_add", obj=evidence,
           after={"item": item.pk, "seq": seq, "name": evidence.original_name, "size": upload.size})
    return evidence


@transaction.atomic
def evidence_replace(*, actor, evidence: Evidence, seq: int, upload=None) -> Evidence:
    """修改: change the 顺序号 and, when a new file is given, replace the file."""
    lock_editable(actor=actor, application=evidence.item.application)
    _check_seq(evidence.item, seq, exclude_pk=evidence.pk)
    before = {"seq": evidence.seq, "name": evidence.original_name}
    old_file = None
    if upload is not None:
        try:
            kind = validate_upload(upload, EVIDENCE)
        except ValidationError as exc:
            raise ValidationError({"upload": exc.messages}) from exc
        old_file = evidence.file.name
        evidence.file.save(_stored_name(kind), upload, save=False)
        evidence.original_name, evidence.content_kind, evidence.size = upload.name[:200], kind, upload.size
    evidence.seq = seq
    evidence.save()
    if old_file:
        delete_files_on_commit([old_file])
    record(actor=actor, action="hours.evidence_replace", obj=evidence, before=before,
           after={"seq": evidence.seq, "name": evidence.original_name})
    return evidence


@transaction.atomic
def evidence_delete(*, actor, evidence: Evidence) -> None:
    lock_editable(actor=actor, application=evidence.item.application)
    record(actor=actor, action="hours.evidence_delete", obj=evidence,
           before={"seq": evidence.seq, "name": evidence.original_name})
    name = evidence.file.name
    evidence.delete()
    delete_files_on_commit([name])
