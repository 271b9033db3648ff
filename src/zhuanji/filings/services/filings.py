"""The committee's side: the seven steps of a filing, each saved as it is left, then 确认无误我要提交.

Only members of the owning committee holding `filings.file`, acting as it, change a filing, and only while it is
with them (草稿 / 已退回); the engine decides that (`case_assert_editable`, its owner rule) and the checks here
add what a filing needs: 工作年度 and 备案级别 fixed after the first save, qualifications from the committee's
可评审专业 at the filing's level, plan dates in order, PDFs only, no stale users.
"""

import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from zhuanji.accounts.identifiers import clean_office_phone, clean_person_name, clean_phone
from zhuanji.attachments.models import Attachment
from zhuanji.attachments.services import (
    SlotRule,
    attachment_add,
    attachment_delete,
    attachments_purge,
    slots_unmet,
)
from zhuanji.audit.services import record, snapshot
from zhuanji.common.files import UploadRule
from zhuanji.common.numbering import next_value
from zhuanji.common.sections import Document, Section
from zhuanji.orgs.access import require_perm
from zhuanji.orgs.acting import acting_of
from zhuanji.orgs.models import CommitteeProfile, Organisation, OrgKind
from zhuanji.portal.services import sanitise_body
from zhuanji.reviews.models import CaseState
from zhuanji.reviews.services import case_assert_editable, case_cancel, case_open, case_reroute, case_submit

from ..models import Filing, FilingGrade, FilingItem, FilingKind
from ..routes import FILE_PERM, route_key_for
from ..selectors import committee_members, filing_candidates, stale_members
from .windows import overlap_messages

BASIC_FIELDS = ("title", "kind", "year", "grade", "committee_name", "location", "head_name", "head_phone",
                "contact_user_id", "contact_name", "contact_phone", "contact_mobile")
LOCKED_FIELDS = {"year": "工作年度保存后无法修改", "grade": "备案级别保存后无法修改"}
NOTICE_BODY_MAX = 50_000
NUMBER_WIDTH = 6


@dataclass(frozen=True)
class AttachmentSlot:
    slot: str
    label: str
    required: bool = False


# 上传附件: the seed's numbering (（一）（二）（四）（九）) is the province's list of filing documents.
ATTACHMENT_SLOTS = (
    AttachmentSlot("notice", "（一）评审工作通知"),
    AttachmentSlot("roster", "（二）职称评审办事机构工作人员名册", required=True),
    AttachmentSlot("pledge", "（四）职称评审办事机构工作人员个人诚信承诺书", required=True),
    AttachmentSlot("plan", "（九）评审工作方案"),
    AttachmentSlot("conditions", "评审条件(仅自主评审上传)"),
)
SLOT_LABELS = {s.slot: s.label for s in ATTACHMENT_SLOTS}
ATTACHMENT_RULE = UploadRule(("pdf",), 8, max_count=1)


def _committee_of(actor) -> Organisation:
    """The committee the actor files for: the organisation they act as, holding `filings.file` there."""
    acting = acting_of(actor)
    require_perm(acting, FILE_PERM)
    org = acting.org
    if org is None or org.kind != OrgKind.COMMITTEE:
        raise PermissionDenied("只有评审委员会可以办理评审工作事前备案")
    return org


def _lock(actor, filing: Filing) -> Filing:
    """The filing locked, when the actor's committee owns it and it is with them (草稿 / 已退回)."""
    committee = _committee_of(actor)
    locked = Filing.objects.select_for_update().select_related("case", "committee", "level").get(pk=filing.pk)
    if locked.committee_id != committee.pk:
        raise PermissionDenied("只能办理本评审委员会的备案")
    case_assert_editable(locked.case)
    return locked


def _clean_basic(committee: Organisation, data: dict) -> dict:
    """Step ① as the service accepts it; every field's error at once."""
    errors: dict[str, list[str]] = {}
    cleaned = dict(data)
    for name, label, limit in (("title", "标题", 100), ("committee_name", "评审机构名称", 100),
                               ("location", "所在地点", 100)):
        value = " ".join(str(data.get(name) or "").split())
        if not value:
            errors[name] = [f"请填写{label}"]
        elif len(value) > limit:
            errors[name] = [f"{label}不能超过{limit}个字"]
        cleaned[name] = value
    if data.get("kind") not in FilingKind.values:
        errors["kind"] = ["请选择类型"]
    if data.get("grade") not in FilingGrade.values:
        errors["grade"] = ["请选择备案级别"]
    year = data.get("year")
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        errors["year"] = ["请选择工作年度"]
    for name, label in (("head_name", "负责人姓名"), ("contact_name", "联系人员姓名")):
        try:
            cleaned[name] = clean_person_name(data.get(name) or "", label=label, max_length=30)
        except ValidationError as exc:
            errors[name] = exc.messages
    for name, label in (("head_phone", "负责人联系电话"), ("contact_phone", "联系人员联系电话")):
        cleaned[name] = str(data.get(name) or "").strip()
        try:
            cleaned[name] = clean_office_phone(cleaned[name], label=label)
        except ValidationError as exc:
            errors[name] = exc.messages
    try:
        cleaned["contact_mobile"] = clean_phone(data.get("contact_mobile") or "")
    except ValidationError as exc:
        errors["contact_mobile"] = exc.messages
    contact = data.get("contact_user")
    if contact is not None and not committee_members(committee).filter(user=contact).exists():
        errors["contact_user"] = ["联系人员应为本评审委员会的用户"]
    cleaned["contact_user_id"] = contact.pk if contact is not None else None
    cleaned.pop("contact_user", None)
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def filing_create(*, actor, title: str, kind: str, year: int, grade: str, committee_name: str, location: str,
                  head_name: str, head_phone: str, contact_name: str, contact_phone: str, contact_mobile: str,
                  contact_user=None) -> Filing:
    """① 填写基本信息, first 下一步: the draft filing with its 流水号, on the route of its committee's level."""
    acting = acting_of(actor)
    committee = _committee_of(acting)
    profile = CommitteeProfile.objects.select_related("level").filter(committee=committee).first()
    if profile is None:
        raise ValidationError("本评审委员会的评审级别尚未设置，请联系职称办公室")
    cleaned = _clean_basic(committee, dict(
        title=title, kind=kind, year=year, grade=grade, committee_name=committee_name, location=location,
        head_name=head_name, head_phone=head_phone, contact_user=contact_user, contact_name=contact_name,
        contact_phone=contact_phone, contact_mobile=contact_mobile))
    filing = Filing(committee=committee, level=profile.level, **cleaned)
    number = f"{next_value('filings.prefiling'):0{NUMBER_WIDTH}d}"
    case_open(route_key=route_key_for(profile.level), document=filing, year=filing.year, number=number,
              title=filing.title, submitter=acting, owner_org=committee)
    record(actor=acting, action="filings.create", obj=filing,
           after={"number": number, **snapshot(filing, BASIC_FIELDS)})
    return filing


@transaction.atomic
def filing_update(*, actor, filing: Filing, **data) -> Filing:
    """① again: everything but 工作年度 and 备案级别, which are refused when changed."""
    filing = _lock(actor, filing)
    errors = {name: [message] for name, message in LOCKED_FIELDS.items()
              if name in data and data[name] != getattr(filing, name)}
    data = {**data, "year": filing.year, "grade": filing.grade}
    try:
        cleaned = _clean_basic(filing.committee, data)
    except ValidationError as exc:
        errors = {**exc.message_dict, **errors}
    if errors:
        raise ValidationError(errors)
    before = snapshot(filing, BASIC_FIELDS)
    for name, value in cleaned.items():
        setattr(filing, name, value)
    filing.save()
    if filing.case.title != filing.title:
        case_reroute(case=filing.case, actor=actor, title=filing.title)
    record(actor=actor, action="filings.update", obj=filing, before=before, after=snapshot(filing, BASIC_FIELDS))
    return filing


@transaction.atomic
def filing_items_add(*, actor, filing: Filing, qualifications) -> list[FilingItem]:
    """② 添加选中资格: only the committee's 可评审专业 the filing's 备案级别 admits, each once."""
    filing = _lock(actor, filing)
    qualifications = list(qualifications)
    if not qualifications:
        raise ValidationError({"qualifications": "请勾选要添加的资格"})
    allowed = set(filing_candidates(filing).filter(pk__in=[q.pk for q in qualifications])
                  .values_list("pk", flat=True))
    refused = [q.path for q in qualifications if q.pk not in allowed]
    if refused:
        raise ValidationError({"qualifications": "以下资格不在本评审委员会本备案级别的可评审专业中："
                                                 + "、".join(refused)})
    present = set(filing.items.values_list("qualification_id", flat=True))
    items = [FilingItem(filing=filing, qualification=q) for q in qualifications if q.pk not in present]
    if not items:
        raise ValidationError({"qualifications": "所选资格已全部在已选择资格中"})
    FilingItem.objects.bulk_create(items)
    record(actor=actor, action="filings.items_add", obj=filing,
           after={"资格": [q.path for q in qualifications if q.pk not in present]})
    return items


@transaction.atomic
def filing_items_remove(*, actor, filing: Filing, item_ids) -> int:
    """② 删除选中资格 (their plan times go with them)."""
    filing = _lock(actor, filing)
    items = filing.items.filter(pk__in=list(item_ids)).select_related("qualification__specialty__series")
    removed = [item.qualification.path for item in items]
    if not removed:
        raise ValidationError({"items": "请勾选要删除的资格"})
    items.delete()
    record(actor=actor, action="filings.items_remove", obj=filing, before={"资格": removed})
    return len(removed)


def _clean_plan(filing: Filing, apply_start, apply_end, meeting_date, approval_date) -> None:
    errors = {}
    for name, value, label in (("apply_start", apply_start, "申报开始时间"),
                               ("apply_end", apply_end, "申报截止时间"),
                               ("meeting_date", meeting_date, "上会时间"),
                               ("approval_date", approval_date, "批文时间")):
        if not isinstance(value, datetime.date):
            errors[name] = f"请选择{label}"
    if errors:
        raise ValidationError(errors)
    if apply_start.year < filing.year:
        errors["apply_start"] = f"申报开始时间不能早于工作年度（{filing.year}年）"
    if not apply_start < apply_end:
        errors["apply_end"] = "申报截止时间应晚于申报开始时间"
    elif not apply_end < meeting_date:
        errors["meeting_date"] = "上会时间应晚于申报截止时间"
    elif not meeting_date < approval_date:
        errors["approval_date"] = "批文时间应晚于上会时间"
    if errors:
        raise ValidationError(errors)


def _plan(items, dates: dict) -> list[str]:
    paths = []
    for item in items:
        for name, value in dates.items():
            setattr(item, name, value)
        paths.append(item.qualification.path)
    FilingItem.objects.bulk_update(items, list(dates))
    return paths


@transaction.atomic
def filing_plan_item(*, actor, filing: Filing, item_id: int, apply_start, apply_end, meeting_date,
                     approval_date) -> FilingItem:
    """③ 设置时间 for one qualification."""
    filing = _lock(actor, filing)
    item = filing.items.select_related("qualification__specialty__series").filter(pk=item_id).first()
    if item is None:
        raise ValidationError("该资格不在本备案中")
    _clean_plan(filing, apply_start, apply_end, meeting_date, approval_date)
    dates = dict(apply_start=apply_start, apply_end=apply_end, meeting_date=meeting_date, approval_date=approval_date)
    _plan([item], dates)
    record(actor=actor, action="filings.plan", obj=filing,
           after={"资格": item.qualification.path, **{k: v.isoformat() for k, v in dates.items()}})
    return item


@transaction.atomic
def filing_plan_all(*, actor, filing: Filing, apply_start, apply_end, meeting_date, approval_date) -> int:
    """③ 批量设置所有资格计划时间."""
    filing = _lock(actor, filing)
    items = list(filing.items.select_related("qualification__specialty__series"))
    if not items:
        raise ValidationError("请先在第2步选择专业资格")
    _clean_plan(filing, apply_start, apply_end, meeting_date, approval_date)
    dates = dict(apply_start=apply_start, apply_end=apply_end, meeting_date=meeting_date, approval_date=approval_date)
    paths = _plan(items, dates)
    record(actor=actor, action="filings.plan", obj=filing,
           after={"资格": paths, **{k: v.isoformat() for k, v in dates.items()}})
    return len(items)


@transaction.atomic
def filing_notice_update(*, actor, filing: Filing, notice_title: str, notice_body: str) -> Filing:
    """④ 工作通知: the body sanitised on save (it is shown as HTML to the office and on the portal)."""
    filing = _lock(actor, filing)
    title = " ".join((notice_title or "").split())
    body = sanitise_body(notice_body or "").strip()
    errors = {}
    if not title:
        errors["notice_title"] = "请填写通知标题"
    elif len(title) > 100:
        errors["notice_title"] = "通知标题不能超过100个字"
    if not _has_text(body):
        errors["notice_body"] = "请填写通知内容"
    elif len(body) > NOTICE_BODY_MAX:
        errors["notice_body"] = f"通知内容过长（不能超过{NOTICE_BODY_MAX}个字符）"
    if errors:
        raise ValidationError(errors)
    before = snapshot(filing, ("notice_title",))
    filing.notice_title, filing.notice_body = title, body
    filing.save(update_fields=["notice_title", "notice_body", "updated_at"])
    record(actor=actor, action="filings.notice_update", obj=filing, before=before,
           after={"notice_title": title, "通知内容长度": len(body)})
    return filing


def _has_text(html: str) -> bool:
    return bool(re.sub(r"<[^>]*>|&nbsp;|\s", "", html))


def filing_attachment_add(*, actor, filing: Filing, slot: str, upload) -> Attachment:
    """⑥ 上传附件: PDF only (by content), 8 MB each, one file per slot."""
    if slot not in SLOT_LABELS:
        raise ValidationError({"slot": "请选择附件类型"})
    with transaction.atomic():
        filing = _lock(actor, filing)
        return attachment_add(actor=actor, owner=filing, slot=slot, upload=upload, rule=ATTACHMENT_RULE,
                              audit_action="filings.attachment_add")


def filing_attachment_delete(*, actor, filing: Filing, attachment: Attachment) -> None:
    with transaction.atomic():
        filing = _lock(actor, filing)
        if attachment.owner_id != filing.pk or attachment.owner_type.model_class() is not Filing:
            raise PermissionDenied("该附件不属于本备案")
        attachment_delete(actor=actor, attachment=attachment, audit_action="filings.attachment_delete")


# ---- the whole filing: 备案确认提交 lists every unmet condition at once --------------------------------------

def _basic_rules(filing: Filing) -> list[str]:
    try:
        _clean_basic(filing.committee, {name: getattr(filing, name) for name in BASIC_FIELDS
                                        if name != "contact_user_id"} | {"contact_user": filing.contact_user})
    except ValidationError as exc:
        return [m for messages in exc.message_dict.values() for m in messages]
    return []


def _items_rules(filing: Filing) -> list[str]:
    items = list(filing.items.select_related("qualification__specialty__series"))
    if not items:
        return ["请至少选择一个专业资格"]
    allowed = set(filing_candidates(filing).values_list("pk", flat=True))
    gone = [item.qualification.path for item in items if item.qualification_id not in allowed]
    return [f"以下资格已不在本评审委员会本备案级别的可评审专业中，请删除：{'、'.join(gone)}"] if gone else []


def _plan_rules(filing: Filing) -> list[str]:
    items = list(filing.items.select_related("qualification__specialty__series"))
    if not items:
        return ["请先在第2步选择专业资格"]
    unplanned = [item.qualification.path for item in items if not item.planned]
    messages = [f"请设置以下资格的计划时间：{'、'.join(unplanned)}"] if unplanned else []
    early = filing.items.filter(apply_start__year__lt=filing.year).exists()
    if early:
        messages.append(f"申报开始时间不能早于工作年度（{filing.year}年）")
    return messages + overlap_messages(filing)


def _notice_rules(filing: Filing) -> list[str]:
    messages = [] if filing.notice_title else ["请填写通知标题"]
    return messages + ([] if _has_text(filing.notice_body) else ["请填写通知内容"])


def _user_rules(filing: Filing) -> list[str]:
    stale = [f"{m.user.display_name}（{m.user.username}）" for m in stale_members(filing.committee)]
    if not stale:
        return []
    return [f"以下用户超过一年未编辑，请在【系统设置】-【我的用户】中修改信息核实或禁用：{'、'.join(stale)}"]


def _attachment_rules(filing: Filing) -> list[str]:
    return slots_unmet(filing, [SlotRule(s.slot, s.label) for s in ATTACHMENT_SLOTS if s.required])


# The seven steps in the seed's words; `FILING.unmet_conditions(filing)` is what 确认无误我要提交 refuses on.
FILING = Document("filings.prefiling", (
    Section("basic", "1、填写基本信息", validate=_basic_rules),
    Section("items", "2、选择专业资格", validate=_items_rules),
    Section("plan", "3、设置计划时间", validate=_plan_rules),
    Section("notice", "4、工作通知", validate=_notice_rules),
    Section("users", "5、本单位用户", validate=_user_rules),
    Section("attachments", "6、上传附件", validate=_attachment_rules),
    Section("confirm", "7、备案确认提交"),
))


@transaction.atomic
def filing_submit(*, actor, filing: Filing) -> Filing:
    """确认无误我要提交 (or 重新提交 after a return): refused with every unmet condition at once."""
    filing = _lock(actor, filing)
    unmet = FILING.unmet_conditions(filing)
    if unmet:
        raise ValidationError([ValidationError(f"{label}：{message}", code="unmet") for label, message in unmet])
    filing.case = case_submit(case=filing.case, actor=actor)  # the moved case: its node, state, submitted_at
    record(actor=actor, action="filings.submit", obj=filing, after={"number": filing.number})
    return filing


@transaction.atomic
def filing_delete(*, actor, filing: Filing) -> None:
    """删除: a draft never submitted (a returned one keeps its 流程日志: 撤销 it instead)."""
    filing = _lock(actor, filing)
    if filing.case.state != CaseState.DRAFT or filing.case.submitted_at is not None:
        raise ValidationError("只能删除从未提交的草稿；已退回的备案请撤销", code="not_draft")
    case = filing.case
    record(actor=actor, action="filings.delete", obj=filing, before={"number": filing.number, "title": filing.title})
    attachments_purge(owners=[filing])
    filing.delete()
    case.delete()


@transaction.atomic
def filing_cancel(*, actor, filing: Filing, opinion: str = "") -> Filing:
    """撤销: a returned filing is withdrawn for good; it stays listed with its 流程日志."""
    filing = _lock(actor, filing)
    if filing.case.state != CaseState.RETURNED:
        raise ValidationError("只能撤销已退回的备案；从未提交的草稿可直接删除", code="not_returned")
    case_cancel(case=filing.case, actor=actor, opinion=opinion)
    record(actor=actor, action="filings.cancel", obj=filing, after={"number": filing.number})
    return filing
