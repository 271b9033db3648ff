"""The attachment services on the test-only filing (tests/reviews/docapp): upload rules, numbering, replace and
delete with their files, slot rules at submission, and no file left behind by a rollback."""

import pytest
from django.core.exceptions import ValidationError

from zhuanji.attachments.models import Attachment
from zhuanji.attachments.selectors import attachment_list, attachment_read
from zhuanji.attachments.services import (
    SlotRule,
    attachment_add,
    attachment_delete,
    attachment_replace,
    attachment_set,
    attachments_purge,
    slots_unmet,
)
from zhuanji.attachments.storage import atomic, private_storage
from zhuanji.audit.models import AuditEntry
from zhuanji.common.files import UploadRule

from .conftest import jpeg_bytes, pdf_bytes, png_bytes, upload

pytestmark = pytest.mark.django_db

RULE = UploadRule(("jpg", "pdf"), 1, max_count=2)
# "(二) and (四) are required": what the filing's submission checks.
SLOTS = (SlotRule("2", "（二）盖章申报表"), SlotRule("4", "（四）培训方案"))


def _add(world, filing, slot="2", data=None, name="申报表.pdf", **kwargs):
    data = pdf_bytes() if data is None else data
    return attachment_add(actor=world.ce_base_admin, owner=filing, slot=slot, upload=upload(data, name), rule=RULE,
                          **kwargs)


def _stored_files(settings) -> list:
    return [p for p in settings.PRIVATE_ROOT.rglob("*") if p.is_file()]


def test_a_file_is_stored_privately_under_a_random_name(world, filing, settings):
    attachment = _add(world, filing, name="../../学员名单 张伟 650102198805209772.pdf")
    assert attachment.slot == "2" and attachment.seq == 1 and attachment.mime_type == "application/pdf"
    assert attachment.original_name == "学员名单 张伟 650102198805209772.pdf"
    assert attachment.uploader == world.ce_base_admin
    assert attachment.stored_name.startswith("attachments/") and attachment.stored_name.endswith(".pdf")
    assert "650102" not in attachment.stored_name and "张伟" not in attachment.stored_name
    assert attachment_read(attachment) == pdf_bytes() and attachment.size == len(pdf_bytes())
    assert [p.name for p in _stored_files(settings)] == [attachment.stored_name.rpartition("/")[2]]
    assert not (settings.MEDIA_ROOT / "attachments").exists()
    entry = AuditEntry.objects.get(action="attachments.add")
    assert entry.after["owner"] == f"reviews_docapp.filingdocument:{filing.pk}" and entry.after["slot"] == "2"


def test_files_are_numbered_within_their_slot(world, filing):
    assert [_add(world, filing).seq, _add(world, filing).seq, _add(world, filing, slot="4").seq] == [1, 2, 1]
    with pytest.raises(ValidationError) as exc_info:
        _add(world, filing, slot="4", seq=1)
    assert exc_info.value.message_dict == {"seq": ["顺序号1已被使用"]}
    assert list(attachment_list(filing, "2").values_list("seq", flat=True)) == [1, 2]


@pytest.mark.parametrize("data, name, message", [
    (png_bytes(), "图.png", "只能上传jpg/pdf文件"),  # type, by content
    (pdf_bytes() + b" " * (1024 * 1024), "大.pdf", "文件大小不能超过1MB"),  # size
    (b"", "空.pdf", "文件内容为空"),
])
def test_the_upload_rule_is_enforced(world, filing, settings, data, name, message):
    with pytest.raises(ValidationError) as exc_info:
        _add(world, filing, data=data, name=name)
    assert message in exc_info.value.message_dict["upload"][0]
    assert not Attachment.objects.exists() and not _stored_files(settings)


def test_the_number_of_files_per_slot_is_capped(world, filing, settings):
    _add(world, filing)
    _add(world, filing, data=jpeg_bytes(), name="b.jpg")
    with pytest.raises(ValidationError) as exc_info:
        _add(world, filing)
    assert exc_info.value.message_dict == {"upload": ["最多只能上传2个文件"]}
    assert _add(world, filing, slot="4").seq == 1  # another slot has its own count
    assert len(_stored_files(settings)) == 3


def test_replace_keeps_the_row_and_removes_the_old_file_on_commit(world, filing, django_capture_on_commit_callbacks):
    attachment = _add(world, filing)
    key, old_name = attachment.key, attachment.stored_name
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        attachment_replace(actor=world.ce_base_admin, attachment=attachment, rule=RULE,
                           upload=upload(jpeg_bytes(), "新.jpg"), seq=5)
    assert private_storage().exists(old_name)  # until the replacement commits
    for callback in callbacks:
        callback()
    attachment.refresh_from_db()
    assert (attachment.key, attachment.seq, attachment.mime_type, attachment.original_name) == (
        key, 5, "image/jpeg", "新.jpg")
    assert not private_storage().exists(old_name) and private_storage().exists(attachment.stored_name)
    with pytest.raises(ValidationError):  # still the slot's rule
        attachment_replace(actor=world.ce_base_admin, attachment=attachment, rule=RULE, upload=upload(png_bytes()))


def test_delete_removes_the_file_once_committed(world, filing, django_capture_on_commit_callbacks):
    attachment = _add(world, filing)
    pk = attachment.pk
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        attachment_delete(actor=world.ce_base_admin, attachment=attachment)
    assert not Attachment.objects.exists() and private_storage().exists(attachment.stored_name)
    for callback in callbacks:
        callback()
    assert not private_storage().exists(attachment.stored_name)
    assert AuditEntry.objects.filter(action="attachments.delete", object_id=str(pk)).exists()


def test_a_rolled_back_transaction_leaves_no_file(world, filing, settings, monkeypatch):
    with pytest.raises(RuntimeError), atomic():
        _add(world, filing)
        _add(world, filing, slot="4")
        raise RuntimeError("the owner's service fails after attaching")
    assert not Attachment.objects.exists() and not _stored_files(settings)

    def failing_record(**kwargs):
        raise RuntimeError("audit failed")

    monkeypatch.setattr("zhuanji.attachments.services.record", failing_record)
    with pytest.raises(RuntimeError):
        _add(world, filing)
    assert not Attachment.objects.exists() and not _stored_files(settings)


def test_a_rolled_back_deletion_keeps_row_and_file(world, filing):
    attachment = _add(world, filing)
    pk = attachment.pk
    with pytest.raises(RuntimeError), atomic():
        attachment_delete(actor=world.ce_base_admin, attachment=attachment)
        raise RuntimeError
    assert Attachment.objects.filter(pk=pk).exists() and private_storage().exists(attachment.stored_name)


def test_slot_rules_list_every_unmet_slot_at_once(world, filing):
    assert slots_unmet(filing, SLOTS) == ["请上传（二）盖章申报表", "请上传（四）培训方案"]
    _add(world, filing, slot="2")
    assert slots_unmet(filing, SLOTS) == ["请上传（四）培训方案"]
    _add(world, filing, slot="4")
    assert slots_unmet(filing, SLOTS) == []
    assert slots_unmet(filing, (SlotRule("4", "培训方案", min_count=2),)) == ["请上传至少2个培训方案"]


def test_a_single_file_slot_is_replaced_not_added(world, filing):
    photo = UploadRule(("jpg",), 1, max_count=1)
    first = attachment_set(actor=world.ce_base_admin, owner=filing, slot="photo", upload=upload(jpeg_bytes()),
                           rule=photo)
    second = attachment_set(actor=world.ce_base_admin, owner=filing, slot="photo",
                            upload=upload(jpeg_bytes(colour=(0, 0, 0))), rule=photo)
    assert first.pk == second.pk and attachment_list(filing, "photo").count() == 1


def test_purging_an_owner_removes_its_files_on_commit(world, filing, django_capture_on_commit_callbacks):
    names = [_add(world, filing).stored_name, _add(world, filing, slot="4").stored_name]
    with django_capture_on_commit_callbacks(execute=True):
        assert attachments_purge(owners=[filing]) == 2
    assert not Attachment.objects.exists() and not any(private_storage().exists(n) for n in names)
