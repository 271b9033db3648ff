import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.factories import PASSWORD, staff_of
from tests.sms import delivered
from zhuanji.accounts.models import SmsMessage
from zhuanji.audit.models import AuditEntry
from zhuanji.common.fakeids import make_credit_code
from zhuanji.orgs.models import Membership, OrgKind, Recommendation, Role
from zhuanji.orgs.services.organisations import org_create, org_set_active, org_update
from zhuanji.orgs.services.units import (
    unit_info_update,
    unit_recommender_add,
    unit_recommender_remove,
    unit_rename,
)
from zhuanji.orgs.services.users import (
    membership_set_active,
    membership_switch,
    staff_user_reset_password,
    staff_user_update,
)

pytestmark = pytest.mark.django_db

INFO = {"address": "乌鲁木齐市沙依巴克区友好北路1号", "postcode": "830000", "contact_name": "王芳",
        "contact_phone": "0991-2345678", "legal_representative": "李建国", "unit_nature": "事业单位"}


def _errors(exc) -> dict:
    return exc.value.message_dict


# --- 机构管理 ---

def test_org_create_numbers_units_and_is_audited(world):
    unit = org_create(actor=world.platform_admin, name="新疆某某建设有限公司", kind=OrgKind.UNIT, region=world.urumqi,
                      credit_code=make_credit_code(7))
    assert re.fullmatch(r"DWBH\d{8}", unit.code)
    entry = AuditEntry.objects.get(action="orgs.org_create")
    assert entry.object_id == str(unit.pk) and entry.after["name"] == "新疆某某建设有限公司"


def test_org_create_rules(world):
    with pytest.raises(ValidationError) as exc:
        org_create(actor=world.platform_admin, name="无代码单位", kind=OrgKind.UNIT, region=world.region)
    assert _errors(exc)["credit_code"] == ["基层单位必须填写统一社会信用代码"]
    with pytest.raises(ValidationError) as exc:
        org_create(actor=world.platform_admin, name="某基地", kind=OrgKind.CE_BASE, region=world.region)
    assert _errors(exc)["base_level"] == ["继续教育基地必须选择基地级别"]
    with pytest.raises(ValidationError) as exc:
        org_create(actor=world.platform_admin, name="某单位", kind=OrgKind.UNIT, region=world.region,
                   credit_code="123")
    assert "credit_code" in _errors(exc)
    with pytest.raises(PermissionDenied):
        org_create(actor=world.unit_admin, name="某厅", kind=OrgKind.COMPETENT_DEPARTMENT, region=world.region)


def test_org_update_refuses_a_cycle_and_records_before_after(world):
    fields = {"name": world.competent.name, "kind": world.competent.kind, "region": world.region,
              "code": world.competent.code}
    with pytest.raises(ValidationError) as exc:
        org_update(actor=world.platform_admin, org=world.competent, parent=world.committee, **fields)
    assert _errors(exc)["parent"] == ["上级单位不能是本单位或其下级单位"]
    org_update(actor=world.platform_admin, org=world.competent, parent=world.hr_department,
               **(fields | {"name": "新疆维吾尔自治区教育厅（新）"}))
    entry = AuditEntry.objects.get(action="orgs.org_update")
    assert entry.before["name"] == "新疆维吾尔自治区教育厅" and entry.after["name"] == "新疆维吾尔自治区教育厅（新）"


def test_org_set_active(world):
    org_set_active(actor=world.platform_admin, org=world.ce_base, is_active=False)
    world.ce_base.refresh_from_db()
    assert not world.ce_base.is_active
    with pytest.raises(ValidationError, match="不能停用平台管理机构"):
        org_set_active(actor=world.platform_admin, org=world.platform, is_active=False)


# --- 我的单位信息 ---

def test_unit_info_update_completes_the_unit(world):
    unit = world.unit
    unit.address = ""
    unit.save()
    assert not unit.info_complete
    unit = unit_info_update(actor=world.unit_admin, unit=unit, **INFO)
    assert unit.info_complete and unit.postcode == "830000"
    assert AuditEntry.objects.get(action="orgs.unit_info_update").before["address"] == ""


def test_unit_info_update_rules(world):
    with pytest.raises(ValidationError) as exc:
        unit_info_update(actor=world.unit_admin, unit=world.unit, **(INFO | {"postcode": "83000A", "address": " "}))
    assert _errors(exc) == {"postcode": ["邮政编码应为6位数字"], "address": ["此项为必填项"]}
    with pytest.raises(ValidationError) as exc:
        unit_info_update(actor=world.unit_admin, unit=world.unit, **(INFO | {"contact_phone": "电话12"}))
    assert _errors(exc) == {"contact_phone": ["联系电话格式不正确（数字和“-”，7至20位）"]}
    with pytest.raises(PermissionDenied):
        unit_info_update(actor=world.other_unit_admin, unit=world.unit, **INFO)
    with pytest.raises(ValidationError, match="只有基层单位"):
        unit_info_update(actor=world.platform_admin, unit=world.competent, **INFO)


def test_unit_rename_is_audited_with_reason(world):
    old_name, old_code = world.unit.name, world.unit.credit_code
    new_code = make_credit_code(99)
    unit = unit_rename(actor=world.unit_admin, unit=world.unit, name="新疆大学（更名）", reason="机构改革更名",
                       credit_code=new_code.lower())
    assert (unit.name, unit.credit_code) == ("新疆大学（更名）", new_code)
    entry = AuditEntry.objects.get(action="orgs.unit_rename")
    assert entry.before == {"name": old_name, "credit_code": old_code}
    assert entry.after == {"name": "新疆大学（更名）", "credit_code": new_code, "reason": "机构改革更名"}


def test_unit_rename_rules(world):
    with pytest.raises(ValidationError) as exc:
        unit_rename(actor=world.unit_admin, unit=world.unit, name=world.unit.name, reason="")
    assert _errors(exc) == {"name": ["新单位名称与原名称相同"], "reason": ["请填写变更原因"]}
    with pytest.raises(ValidationError) as exc:
        unit_rename(actor=world.unit_admin, unit=world.unit, name="新名称", reason="更名",
                    credit_code=world.other_unit.credit_code)
    assert _errors(exc) == {"credit_code": ["该统一社会信用代码已被其他单位注册"]}
    with pytest.raises(ValidationError) as exc:
        unit_rename(actor=world.unit_admin, unit=world.unit, name=world.other_unit.name, reason="更名",
                    credit_code="91650100MA0000000X")
    assert set(_errors(exc)) == {"name", "credit_code"}
    with pytest.raises(PermissionDenied):
        unit_rename(actor=world.other_unit_admin, unit=world.unit, name="新名称", reason="更名")
    assert not AuditEntry.objects.filter(action="orgs.unit_rename").exists()


# --- 推荐单位 ---

def test_at_most_two_recommenders(world):
    unit_recommender_add(actor=world.unit_admin, unit=world.unit, recommender=world.hr_department)
    unit_recommender_add(actor=world.unit_admin, unit=world.unit, recommender=world.competent)
    with pytest.raises(ValidationError, match="一个基层单位最多可选择2个推荐单位"):
        unit_recommender_add(actor=world.unit_admin, unit=world.unit, recommender=world.hr_bureau)
    assert Recommendation.objects.filter(unit=world.unit).count() == 2
    assert AuditEntry.objects.filter(action="orgs.unit_recommender_add").count() == 2


def test_recommender_rules(world):
    with pytest.raises(ValidationError, match="推荐单位只能选择人社厅、地州人社局或行业主管部门"):
        unit_recommender_add(actor=world.unit_admin, unit=world.unit, recommender=world.committee)
    unit_recommender_add(actor=world.unit_admin, unit=world.unit, recommender=world.competent)
    with pytest.raises(ValidationError, match="已是本单位的推荐单位"):
        unit_recommender_add(actor=world.unit_admin, unit=world.unit, recommender=world.competent)
    with pytest.raises(PermissionDenied):
        unit_recommender_add(actor=world.other_unit_admin, unit=world.unit, recommender=world.hr_bureau)


def test_recommender_remove(world):
    link = unit_recommender_add(actor=world.unit_admin, unit=world.unit, recommender=world.competent)
    with pytest.raises(PermissionDenied):
        unit_recommender_remove(actor=world.other_unit_admin, recommendation=link)
    unit_recommender_remove(actor=world.unit_admin, recommendation=link)
    assert not Recommendation.objects.exists()
    assert AuditEntry.objects.get(action="orgs.unit_recommender_remove").before["recommender"] == world.competent.name


# --- 我的用户 ---

@pytest.fixture
def clerk(world):
    return Membership.objects.get(user=staff_of(world.unit, Role.CLERK, name="经办人", phone="13900000001"))


def test_staff_user_update(world, clerk):
    staff_user_update(actor=world.unit_admin, membership=clerk, name="经办人甲", phone="13912345678",
                      role=Role.REVIEWER)
    clerk.refresh_from_db()
    clerk.user.refresh_from_db()
    assert (clerk.user.name, clerk.user.phone, clerk.role) == ("经办人甲", "13912345678", Role.REVIEWER)
    entry = AuditEntry.objects.get(action="orgs.staff_user_update")
    assert entry.after["phone"] == "139****5678" and entry.before["role"] == Role.CLERK


def test_staff_user_update_rules(world, clerk):
    with pytest.raises(ValidationError) as exc:
        staff_user_update(actor=world.unit_admin, membership=clerk, name="", phone="0991", role="boss")
    assert set(_errors(exc)) == {"name", "phone", "role"}
    own = Membership.objects.get(user=world.unit_admin)
    with pytest.raises(ValidationError, match="不能修改自己的角色"):
        staff_user_update(actor=world.unit_admin, membership=own, name="管理员", phone="13900000009",
                          role=Role.CLERK)
    with pytest.raises(PermissionDenied):
        staff_user_update(actor=world.other_unit_admin, membership=clerk, name="x", phone="13900000002",
                          role=Role.CLERK)
    # Platform admins manage every organisation's users.
    staff_user_update(actor=world.platform_admin, membership=clerk, name="经办人乙", phone="13900000002",
                      role=Role.CLERK)


def test_disabling_the_last_membership_disables_the_account(world, clerk):
    membership_set_active(actor=world.unit_admin, membership=clerk, is_active=False)
    clerk.user.refresh_from_db()
    assert not clerk.user.is_active
    membership_set_active(actor=world.unit_admin, membership=clerk, is_active=True)
    clerk.user.refresh_from_db()
    assert clerk.user.is_active
    assert [e.action for e in AuditEntry.objects.order_by("id")] == ["orgs.user_disable", "orgs.user_enable"]
    with pytest.raises(ValidationError, match="不能禁用自己的账号"):
        membership_set_active(actor=world.unit_admin, membership=Membership.objects.get(user=world.unit_admin),
                              is_active=False)


def test_reset_password_sends_a_temporary_password_by_sms(world, clerk, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        staff_user_reset_password(actor=world.unit_admin, membership=clerk)
    clerk.user.refresh_from_db()
    assert clerk.user.must_change_password
    assert not clerk.user.check_password(PASSWORD)
    sms = SmsMessage.objects.get(phone="13900000001")
    password = re.search(r"「([^」]+)」", delivered(sms)).group(1)
    assert clerk.user.check_password(password) and password not in sms.text  # the log keeps no secret
    assert password not in str(AuditEntry.objects.get(action="orgs.user_reset_password").after)


def test_membership_switch_only_to_own_roles(world):
    second = Membership.objects.create(user=world.unit_admin, org=world.competent, role=Role.REVIEWER)
    assert membership_switch(actor=world.unit_admin, membership=second) == second
    with pytest.raises(PermissionDenied):
        membership_switch(actor=world.other_unit_admin, membership=second)


def test_a_disabled_recommender_cannot_be_chosen(world):
    world.competent.is_active = False
    world.competent.save(update_fields=["is_active"])
    with pytest.raises(ValidationError, match="推荐单位只能选择"):
        unit_recommender_add(actor=world.unit_admin, unit=world.unit, recommender=world.competent)


def test_reset_password_audits_a_masked_phone_and_keeps_the_last_edit_time(world, clerk):
    edited = clerk.user.updated_at
    staff_user_reset_password(actor=world.unit_admin, membership=clerk)
    clerk.user.refresh_from_db()
    assert clerk.user.updated_at == edited  # a reset does not confirm the user's details (信息过期 stays)
    after = AuditEntry.objects.get(action="orgs.user_reset_password").after
    assert after == {"sms_to": "139****0001"}
