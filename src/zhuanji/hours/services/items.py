"""Items of the nine categories and their 佐证材料 files; only while the application is with the applicant."""

from django.core.exceptions import ValidationError
from django.db import transaction

from zhuanji.attachments.models import Attachment
from zhuanji.attachments.services import attachment_add, attachment_delete, attachment_replace, attachments_purge
from zhuanji.attachments.storage import atomic
from zhuanji.audit.services import record, snapshot
from zhuanji.common.files import EVIDENCE

from ..config import BY_KEY, EVIDENCE_SLOT
from ..models import Application, Item
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
    record(actor=actor, action="hours.item_delete", obj=item, before=before)
    attachments_purge(owners=[item])
    item.delete()


def _item_of(evidence: Attachment) -> Item:
    return Item.objects.select_related("application").get(pk=evidence.owner_id)


@atomic()
def evidence_add(*, actor, item: Item, seq: int, upload) -> Attachment:
    """上传佐证材料: jpg/pdf ≤ 5 MB by content, numbered by the applicant's 顺序号."""
    lock_editable(actor=actor, application=item.application)
    return attachment_add(actor=actor, owner=item, slot=EVIDENCE_SLOT, upload=upload, rule=EVIDENCE, seq=seq,
                          audit_action="hours.evidence_add")


@atomic()
def evidence_replace(*, actor, evidence: Attachment, seq: int, upload=None) -> Attachment:
    """修改: change the 顺序号 and, when a new file is given, replace the file."""
    lock_editable(actor=actor, application=_item_of(evidence).application)
    if seq is None or seq < 1:
        raise ValidationError({"seq": "顺序号至少为1"})
    return attachment_replace(actor=actor, attachment=evidence, rule=EVIDENCE, upload=upload, seq=seq,
                              audit_action="hours.evidence_replace")


@atomic()
def evidence_delete(*, actor, evidence: Attachment) -> None:
    lock_editable(actor=actor, application=_item_of(evidence).application)
    attachment_delete(actor=actor, attachment=evidence, audit_action="hours.evidence_delete")
