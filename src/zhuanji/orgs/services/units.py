"""A 基层单位's own maintenance: 完善单位信息, 变更单位名称, 推荐单位 (see the title manual, 单位管理员业务)."""

import re

from django.core.exceptions import ValidationError
from django.db import transaction

from zhuanji.accounts.identifiers import clean_credit_code, clean_office_phone
from zhuanji.audit.services import record, snapshot

from ..access import require_perm
from ..models import Organisation, OrgKind, Recommendation

INFO_FIELDS = ("address", "postcode", "contact_name", "contact_phone", "legal_representative", "unit_nature")
MAX_RECOMMENDERS = 2
RECOMMENDER_KINDS = (OrgKind.HR_DEPARTMENT, OrgKind.HR_BUREAU, OrgKind.COMPETENT_DEPARTMENT)
_POSTCODE = re.compile(r"^\d{6}$")


def _locked_unit(actor, unit: Organisation) -> Organisation:
    if unit.kind != OrgKind.UNIT:
        raise ValidationError("只有基层单位可以维护单位信息", code="not_unit")
    require_perm(actor, "orgs.manage_unit", org=unit)
    return Organisation.objects.select_for_update().get(pk=unit.pk)


@transaction.atomic
def unit_info_update(*, actor, unit: Organisation, address: str, postcode: str, contact_name: str,
                     contact_phone: str, legal_representative: str, unit_nature: str) -> Organisation:
    """完善单位信息: every field is required, since incomplete info blocks the unit from reviewing."""
    unit = _locked_unit(actor, unit)
    values = {"address": address, "postcode": postcode, "contact_name": contact_name,
              "contact_phone": contact_phone, "legal_representative": legal_representative,
              "unit_nature": unit_nature}
    values = {k: (v or "").strip() for k, v in values.items()}
    errors = {k: ["此项为必填项"] for k, v in values.items() if not v}
    if values["postcode"] and not _POSTCODE.match(values["postcode"]):
        errors["postcode"] = ["邮政编码应为6位数字"]
    if values["contact_phone"]:
        try:
            clean_office_phone(values["contact_phone"])
        except ValidationError as exc:
            errors["contact_phone"] = exc.messages
    if errors:
        raise ValidationError(errors)
    before = snapshot(unit, INFO_FIELDS)
    for key, value in values.items():
        setattr(unit, key, value)
    unit.full_clean()
    unit.save()
    record(actor=actor, action="orgs.unit_info_update", obj=unit, before=before, after=snapshot(unit, INFO_FIELDS))
    return unit


@transaction.atomic
def unit_rename(*, actor, unit: Organisation, name: str, reason: str, credit_code: str = "") -> Organisation:
    """变更单位名称: a new name (and maybe a new credit code), with the reason kept in the audit entry."""
    unit = _locked_unit(actor, unit)
    name, reason = (name or "").strip(), (reason or "").strip()
    errors = {}
    if not name:
        errors["name"] = ["请输入新单位名称"]
    if not reason:
        errors["reason"] = ["请填写变更原因"]
    new_code = unit.credit_code
    if credit_code and credit_code.strip():
        try:
            new_code = clean_credit_code(credit_code)
        except ValidationError as exc:
            errors["credit_code"] = exc.messages
        else:
            if Organisation.objects.filter(credit_code=new_code).exclude(pk=unit.pk).exists():
                errors["credit_code"] = ["该统一社会信用代码已被其他单位注册"]
    if name and name == unit.name and new_code == unit.credit_code:
        errors["name"] = ["新单位名称与原名称相同"]
    # One account per unit: a second unit under the same name would confuse applicants picking a unit.
    if name and Organisation.objects.filter(kind=OrgKind.UNIT, name=name).exclude(pk=unit.pk).exists():
        errors["name"] = ["已有同名单位，请核对单位名称"]
    if errors:
        raise ValidationError(errors)
    before = snapshot(unit, ("name", "credit_code"))
    unit.name, unit.credit_code = name, new_code
    unit.full_clean()
    unit.save()
    record(actor=actor, action="orgs.unit_rename", obj=unit, before=before,
           after={"name": name, "credit_code": new_code, "reason": reason})
    return unit


@transaction.atomic
def unit_recommender_add(*, actor, unit: Organisation, recommender: Organisation) -> Recommendation:
    # Locking the unit row serialises concurrent additions, so two clicks cannot make a third link.
    unit = _locked_unit(actor, unit)
    if recommender.kind not in RECOMMENDER_KINDS or not recommender.is_active:
        raise ValidationError("推荐单位只能选择人社厅、地州人社局或行业主管部门", code="recommender_kind")
    links = Recommendation.objects.filter(unit=unit)
    if links.filter(recommender=recommender).exists():
        raise ValidationError(f"“{recommender.name}”已是本单位的推荐单位", code="duplicate")
    if links.count() >= MAX_RECOMMENDERS:
        raise ValidationError(f"一个基层单位最多可选择{MAX_RECOMMENDERS}个推荐单位，请先删除一个再添加",
                              code="too_many")
    link = Recommendation.objects.create(unit=unit, recommender=recommender)
    record(actor=actor, action="orgs.unit_recommender_add", obj=unit,
           after={"recommender": recommender.name, "recommender_id": recommender.pk})
    return link


@transaction.atomic
def unit_recommender_remove(*, actor, recommendation: Recommendation) -> None:
    unit = _locked_unit(actor, recommendation.unit)
    recommender = recommendation.recommender
    recommendation.delete()
    record(actor=actor, action="orgs.unit_recommender_remove", obj=unit,
           before={"recommender": recommender.name, "recommender_id": recommender.pk})
