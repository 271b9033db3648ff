"""单位注册 on the review engine (route "accounts.unit_registration"): a unit registers disabled, its region's
人社部门 approves (the unit is enabled) or refuses (its credit code is released to register again)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.factories import PASSWORD, staff_of
from tests.races import at_once, postgresql_only
from zhuanji.accounts import services
from zhuanji.accounts.models import SmsMessage, UnitRegistration
from zhuanji.accounts.routes import UNIT_APPROVE, UNIT_REFUSE, UNIT_ROUTE_KEY
from zhuanji.accounts.services.unit_review import PENDING_MESSAGE
from zhuanji.audit.models import AuditEntry
from zhuanji.common.fakeids import make_credit_code
from zhuanji.orgs.models import Membership, Role
from zhuanji.orgs.selectors import unit_search
from zhuanji.reviews.models import CaseState
from zhuanji.reviews.selectors import case_queue
from zhuanji.reviews.services import case_act

pytestmark = pytest.mark.django_db

CREDIT_CODE = make_credit_code(8801)
NAME = "乌鲁木齐市第一中学"
PHONE = "13912345678"


def register_unit(world, **overrides):
    data = {"credit_code": CREDIT_CODE, "name": NAME, "region": world.urumqi, "contact_name": "王芳",
            "contact_phone": PHONE, "password": PASSWORD}
    return services.unit_register(**{**data, **overrides})


def decide(org, actor, decision, opinion=""):
    org.registration.case.refresh_from_db()
    return case_act(case=org.registration.case, actor=actor, decision=decision, opinion=opinion)


def log_in(identifier, password=PASSWORD):
    return services.login_attempt(identifier=identifier, password=password, ip=None)


@pytest.mark.parametrize(("region", "office"), [
    ("urumqi", "hr_bureau"),         # a 地州 unit: its 地州人社局
    ("region", "hr_department"),     # a 自治区 unit: the 人社厅
    ("kashgar", "platform"),         # no 人社局 in 喀什 in this world: the platform
])
def test_registration_makes_a_disabled_unit_whose_case_waits_at_its_office(world, region, office):
    org, user = register_unit(world, region=getattr(world, region))
    assert not org.is_active and org.registered_account == user
    assert Membership.objects.get(user=user, org=org).role == Role.ADMIN
    registration = UnitRegistration.objects.select_related("case").get(org=org)
    case = registration.case
    assert registration.credit_code == CREDIT_CODE
    assert (case.route, case.state, case.current_org) == (UNIT_ROUTE_KEY, CaseState.PENDING, getattr(world, office))
    assert (case.number, case.title, case.submitter) == (org.code, f"{NAME} 单位注册", user)
    assert case.node_label == "人社部门审核"


def test_a_pending_unit_is_not_offered_and_its_admin_is_told_after_the_password(world):
    org, user = register_unit(world)
    assert not unit_search(keyword="第一中学").exists() and not unit_search(code=org.code).exists()
    # A wrong password says nothing about the registration.
    with pytest.raises(ValidationError, match="账号或密码错误") as exc_info:
        log_in(CREDIT_CODE, "Wrong#2026")
    assert "审核" not in exc_info.value.messages[0]
    for identifier in (CREDIT_CODE, user.username):
        with pytest.raises(ValidationError) as exc_info:
            log_in(identifier)
        assert exc_info.value.messages == [PENDING_MESSAGE] and exc_info.value.code == "unit_pending"
    entry = AuditEntry.objects.filter(action="login_failed", object_id=str(user.pk)).latest("pk")
    assert entry.after["reason"] == "unit_pending"


def test_a_member_of_another_enabled_organisation_still_logs_in(world):
    org, user = register_unit(world)
    Membership.objects.create(user=user, org=world.unit, role=Role.CLERK)
    assert log_in(user.username) == user


def test_approval_enables_the_unit_audits_and_texts_after_commit(world, django_capture_on_commit_callbacks):
    org, user = register_unit(world)
    assert case_queue(user=world.hr_bureau_staff).filter(pk=org.registration.case.pk).exists()  # 我的待办
    with django_capture_on_commit_callbacks(execute=True):
        case = decide(org, world.hr_bureau_staff, UNIT_APPROVE.key)
        assert not SmsMessage.objects.filter(phone=PHONE).exists()  # not before the approval commits
    assert case.state == CaseState.APPROVED and case.node_label == "已开通"
    org.refresh_from_db()
    assert org.is_active and org.credit_code == CREDIT_CODE
    entry = AuditEntry.objects.get(action="unit_registration_approve")
    assert (entry.actor, entry.org_id, entry.object_id) == (world.hr_bureau_staff, world.hr_bureau.pk, str(org.pk))
    assert entry.before == {"is_active": False} and entry.after["is_active"] is True
    text = SmsMessage.objects.get(phone=PHONE).text
    assert "单位注册已审核通过" in text and user.username in text
    assert list(unit_search(keyword="第一中学")) == [org]
    assert log_in(CREDIT_CODE) == user


def test_a_rolled_back_approval_texts_nothing(world, django_capture_on_commit_callbacks, monkeypatch):
    org, _ = register_unit(world)

    def fail(**kwargs):
        raise ValidationError("出错了")

    monkeypatch.setattr("zhuanji.accounts.services.unit_review.record", fail)
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(ValidationError):
        decide(org, world.hr_bureau_staff, UNIT_APPROVE.key)
    assert not callbacks and not SmsMessage.objects.exists()
    org.refresh_from_db()
    assert not org.is_active and org.registration.case.state == CaseState.PENDING


def test_refusal_needs_a_reason_releases_the_credit_code_and_the_unit_registers_again(
        world, django_capture_on_commit_callbacks):
    org, user = register_unit(world)
    with pytest.raises(ValidationError, match="请填写不通过原因"):
        decide(org, world.hr_bureau_staff, UNIT_REFUSE.key, opinion=" ")
    with pytest.raises(ValidationError, match="不能超过300个字"):
        decide(org, world.hr_bureau_staff, UNIT_REFUSE.key, opinion="原" * 301)
    with django_capture_on_commit_callbacks(execute=True):
        case = decide(org, world.hr_bureau_staff, UNIT_REFUSE.key, opinion="单位名称与营业执照不一致")
        assert not SmsMessage.objects.exists()
    assert case.state == CaseState.REFUSED
    org.refresh_from_db()
    assert not org.is_active and org.credit_code is None
    entry = AuditEntry.objects.get(action="unit_registration_refuse")
    assert entry.before["credit_code"] == CREDIT_CODE and entry.after["credit_code"] is None
    assert "单位名称与营业执照不一致" in SmsMessage.objects.get(phone=PHONE).text

    with pytest.raises(ValidationError) as exc_info:
        log_in(user.username)
    assert exc_info.value.messages == ["单位注册未通过：单位名称与营业执照不一致"]
    assert exc_info.value.code == "unit_refused"

    # Fixed and registered again, with the same name and credit code: a new unit, reviewed afresh.
    again, again_user = register_unit(world)
    assert again.pk != org.pk and again.credit_code == CREDIT_CODE and again_user != user
    assert again.registration.case.state == CaseState.PENDING


def test_another_office_can_neither_act_nor_see(world, client):
    org, _ = register_unit(world)
    case = org.registration.case
    for outsider in (world.hr_department_staff, world.platform_admin, world.unit_admin):
        with pytest.raises(ValidationError, match="无权办理"):
            decide(org, outsider, UNIT_APPROVE.key)
        assert not case_queue(user=outsider).filter(pk=case.pk).exists()
    url = reverse("accounts:unit_registration_detail", args=[org.registration.pk])
    for outsider in (world.hr_department_staff, world.platform_admin, staff_of(world.platform, Role.REVIEWER)):
        client.force_login(outsider)
        assert client.get(url).status_code == 404
    client.force_login(world.hr_bureau_staff)
    html = client.get(url).content.decode()
    assert NAME in html and CREDIT_CODE in html and world.urumqi.name in html and "王芳" in html
    assert PHONE not in html and "139****5678" in html  # masked as in lists
    assert "人社部门审核" in html and "办理" in html  # the flow diagram and the 办理 button


def test_the_reviews_case_link_opens_the_registration_page(world, client):
    org, _ = register_unit(world)
    client.force_login(world.hr_bureau_staff)
    response = client.get(reverse("reviews:case", args=[org.registration.case.pk]))
    assert response.url == reverse("accounts:unit_registration_detail", args=[org.registration.pk])


def test_the_registration_page_says_it_waits_for_review(client, world):
    data = {"credit_code": CREDIT_CODE, "name": NAME, "region": world.urumqi.pk, "contact_name": "马丽",
            "contact_phone": PHONE, "password": PASSWORD, "password2": PASSWORD,
            "captcha_0": "x", "captcha_1": "PASSED"}
    html = client.post(reverse("accounts:register_unit"), data).content.decode()
    assert "单位注册已提交" in html and "审核通过后即可登录" in html and world.hr_bureau.name in html


def test_platform_admin_cannot_enable_a_unit_around_its_review(world):
    from zhuanji.orgs.services.organisations import org_set_active

    org, _ = register_unit(world)
    with pytest.raises(ValidationError) as exc:
        org_set_active(actor=world.platform_admin, org=org, is_active=True)
    assert exc.value.messages == ["该单位的注册申请尚未审核通过，不能启用"]
    org.refresh_from_db()
    assert not org.is_active


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_six_registrations_of_one_name_at_once_make_one_unit(world):
    from zhuanji.orgs.models import Organisation

    def register(n):
        return lambda: register_unit(world, credit_code=make_credit_code(240100 + n), contact_phone=f"1390000{n:04d}")

    outcomes = at_once([register(n) for n in range(6)])
    assert Organisation.objects.filter(name=NAME).count() == 1
    refused = [o for o in outcomes if isinstance(o, list)]
    assert len(refused) == 5 and all(o == ["该单位名称已注册，请勿重复注册；如忘记账号请使用账号申诉"] for o in refused)
