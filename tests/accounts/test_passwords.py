"""The password policy wherever a password is chosen (issue 10 §8): not common, nothing of the person, not one of
the last five."""

import pytest
from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.test import TestCase

from tests.factories import PASSWORD
from tests.sms import last_secret
from zhuanji.accounts import services
from zhuanji.accounts.models import PasswordHistory
from zhuanji.accounts.passwords import CN_LIST, CommonPasswordValidator
from zhuanji.common.fakeids import make_credit_code, make_id_number
from zhuanji.orgs.models import Membership
from zhuanji.orgs.services.users import staff_user_reset_password

pytestmark = pytest.mark.django_db
PERSONAL = "密码不能包含或近似于您的身份证号码、出生日期、手机号码、姓名或用户名"

ID = make_id_number(77, gender="男")
# Common passwords that meet the complexity rule (3 of 4 character classes, 8+ long) — before, 16 of 20 like
# them were accepted.
COMMON = ["P@ssw0rd", "1qaz@WSX", "Abc12345", "Aa123456", "Admin@123", "Qwer1234", "1qaz!QAZ", "Passw0rd",
          "Abc@123456", "Qq123456", "Woaini1314", "Zxc123456", "Admin123", "Huawei@123", "Abcd1234", "Password1",
          "1Q2w3e4r", "Qwe@123456", "Aa@123456", "P@ssword123"]


def register(password, **overrides):
    data = {"id_number": ID, "name": "马建国", "ethnicity": "回族", "phone": "13812340077", "password": password}
    return services.person_register(**{**data, **overrides})


def refusals(call) -> list[str]:
    with pytest.raises(ValidationError) as exc_info:
        call()
    return [m for messages in exc_info.value.message_dict.values() for m in messages]


def test_the_policy_is_the_settings():
    names = [v["NAME"].rsplit(".", 1)[1] for v in settings.AUTH_PASSWORD_VALIDATORS]
    assert names == ["ComplexityValidator", "CommonPasswordValidator", "PersonalInfoValidator",
                     "PasswordHistoryValidator"]


def test_the_chinese_list_is_kept_in_the_repository():
    entries = [line for line in CN_LIST.read_text(encoding="utf-8").splitlines() if line and line[0] != "#"]
    assert 200 <= len(entries) <= 1500 and all(e == e.lower() for e in entries)
    assert {"5201314", "woaini1314", "qq123456", "1qaz@wsx", "a123456"} <= set(entries)


@pytest.mark.parametrize("password", COMMON)
def test_common_passwords_are_refused_at_registration(password):
    password_validation.validate_password("Xj#2026tlq")  # a password of our own passes all
    assert "该密码过于常见，容易被猜中，请换一个" in refusals(lambda: register(password))


def test_common_passwords_are_refused_in_any_case_and_with_substitutions():
    validator = CommonPasswordValidator()
    for password in ("PASSWORD123!", "pAsSw0Rd", "Qq5201314", "Zhang123456", "Passw0rd!"):
        with pytest.raises(ValidationError):
            validator.validate(password)
    validator.validate("Tianshan#Road7")


@pytest.mark.parametrize("password", [
    f"Ab#{ID}",           # the ID number
    f"Xy#{ID[-6:]}a",     # its last six digits
    f"Xy#{ID[-8:]}",      # its last eight
    f"Mj#{ID[6:14]}",     # the birth date in it
    f"Mj@{ID[8:14]}",     # the birth date, two-digit year
    "Tel#13812340077",    # the phone number
    "Ph@12340077x",       # its last eight digits
    "马建国@Abc2026",      # the name
])
def test_personal_details_are_refused_at_registration(password):
    assert PERSONAL in refusals(lambda: register(password))


def test_a_unit_admins_password_may_not_contain_the_credit_code(world):
    code = make_credit_code(7077)
    messages = refusals(lambda: services.unit_register(
        credit_code=code, name="测试密码单位", region=world.urumqi, contact_name="Alimjan", contact_phone="13600007077",
        password=f"Zz#{code[-6:]}"))
    assert PERSONAL in messages


def test_personal_details_are_refused_on_change(world):
    person = world.person
    for password in (f"Ab#{person.username[-6:]}x", f"Qq!{person.phone}"):
        messages = refusals(lambda p=password: services.password_change(actor=person, old_password=PASSWORD,
                                                                         new_password=p))
        assert PERSONAL in messages


def change(user, old, new):
    return services.password_change(actor=user, old_password=old, new_password=new)


def test_the_last_five_passwords_are_not_chosen_again(world):
    user = world.unit_admin
    chosen = [PASSWORD] + [f"Tianshan#{n}Road" for n in range(1, 6)]
    for old, new in zip(chosen, chosen[1:], strict=False):
        change(user, old, new)
    assert PasswordHistory.objects.filter(user=user).count() == 5  # only the last five are kept
    for reused in chosen[1:]:  # the current one and the four before it
        assert "新密码不能与最近5次使用过的密码相同" in refusals(lambda r=reused: change(user, chosen[-1], r))
    change(user, chosen[-1], PASSWORD)  # six passwords ago: allowed again


def test_the_sms_reset_refuses_a_recent_password(world):
    change(world.person, PASSWORD, "Tianshan#1Road")
    with TestCase.captureOnCommitCallbacks(execute=True):
        challenge = services.recovery_code_send(identifier=world.person.username, phone=world.person.phone)
    services.recovery_code_check(challenge_id=challenge.pk, code=last_secret(world.person.phone))
    for reused in (PASSWORD, "Tianshan#1Road"):
        assert "新密码不能与最近5次使用过的密码相同" in refusals(
            lambda r=reused: services.recovery_password_set(challenge_id=challenge.pk, password=r))
    services.recovery_password_set(challenge_id=challenge.pk, password="Kunlun#9Peak")


def test_a_temporary_password_is_not_remembered(world, django_capture_on_commit_callbacks):
    membership = Membership.objects.get(user=world.unit_admin)
    remembered = PasswordHistory.objects.filter(user=world.unit_admin).count()
    with django_capture_on_commit_callbacks(execute=True):
        staff_user_reset_password(actor=world.unit_admin, membership=membership)
    assert PasswordHistory.objects.filter(user=world.unit_admin).count() == remembered
    temporary = last_secret(world.unit_admin.phone)
    # The user must change it, and may not keep it, nor go back to their own previous one.
    assert "新密码不能与最近5次使用过的密码相同" in refusals(lambda: change(world.unit_admin, temporary, temporary))
    assert "新密码不能与最近5次使用过的密码相同" in refusals(lambda: change(world.unit_admin, temporary, PASSWORD))
    change(world.unit_admin, temporary, "Tianshan#7Road")
