import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import PASSWORD
from zhuanji.accounts import services
from zhuanji.accounts.backends import resolve_identifier
from zhuanji.accounts.models import SmsMessage, User
from zhuanji.audit.models import AuditEntry
from zhuanji.common.fakeids import make_credit_code, make_id_number
from zhuanji.orgs.models import Membership, OrgKind, Role
from zhuanji.reviews.models import CaseState

from .conftest import last_secret, png_upload

pytestmark = pytest.mark.django_db

ID = make_id_number(42, gender="女")


def register(**overrides):
    data = {"id_number": ID, "name": "李娜", "ethnicity": "维吾尔族", "phone": "13812345678", "password": PASSWORD}
    return services.person_register(**{**data, **overrides})


def errors_of(exc_info, field):
    return exc_info.value.message_dict[field]


def test_person_register_derives_identity_and_audits():
    user = register(id_number=ID.lower())
    assert user.username == ID and user.is_person and user.check_password(PASSWORD)
    assert user.person.gender == "女" and user.person.birth_date.isoformat() == f"{ID[6:10]}-{ID[10:12]}-{ID[12:14]}"
    entry = AuditEntry.objects.get(action="person_register")
    assert entry.actor == user and ID not in str(entry.after)  # the ID number is masked in the log


@pytest.mark.parametrize(("field", "value", "message"), [
    ("id_number", ID[:-1] + ("0" if ID[-1] != "0" else "1"), "身份证号校验位不正确，请核对"),
    ("id_number", "65010219850101", "请输入18位居民身份证号"),
    ("name", " ", "请输入姓名"),
    ("ethnicity", "火星族", "请从列表中选择民族"),
    ("phone", "23812345678", "请输入以1开头的11位手机号码"),
    ("phone", "1381234567", "请输入以1开头的11位手机号码"),
    ("phone", "13８12345678", "请输入以1开头的11位手机号码"),  # a full-width digit
    ("phone", "1381234567²", "请输入以1开头的11位手机号码"),
    ("password", "abcdefgh", "密码至少8位，且包含大写字母、小写字母、数字、符号中的至少3种"),
    ("password", "Ab1!", "密码长度不能少于8位"),
])
def test_person_register_rejects_bad_input(field, value, message):
    with pytest.raises(ValidationError) as exc_info:
        register(**{field: value})
    assert message in errors_of(exc_info, field)
    assert not User.objects.exists()


def test_one_account_per_id_number():
    register()
    with pytest.raises(ValidationError) as exc_info:
        register(name="别人", phone="13900000000")
    assert errors_of(exc_info, "id_number") == ["该身份证号已注册"]
    assert exc_info.value.error_dict["id_number"][0].code == "id_registered"


def register_unit(world, **overrides):
    data = {"credit_code": make_credit_code(777), "name": "乌鲁木齐市第一中学", "region": world.urumqi,
            "contact_name": "王芳", "contact_phone": "13912345678", "password": PASSWORD}
    return services.unit_register(**{**data, **overrides})


def test_unit_register_creates_unit_account_and_admin_membership(world):
    org, user = register_unit(world)
    assert org.kind == OrgKind.UNIT and org.code.startswith("DWBH") and len(org.code) == 12
    # Disabled until its 人社部门 approves the registration (tests/accounts/test_unit_registration.py).
    assert not org.is_active and org.registration.case.state == CaseState.PENDING
    assert user.username.startswith("YHBH") and len(user.username) == 12 and not user.is_person
    assert org.registered_account == user and user.check_password(PASSWORD)
    assert Membership.objects.get(user=user).role == Role.ADMIN
    assert resolve_identifier(org.credit_code) == user  # logs in by credit code
    assert AuditEntry.objects.filter(action="unit_register", object_id=str(org.pk)).exists()


def test_unit_register_one_account_per_credit_code(world):
    register_unit(world)
    with pytest.raises(ValidationError) as exc_info:
        register_unit(world, name="一中")
    assert errors_of(exc_info, "credit_code") == ["该统一社会信用代码已注册，如忘记账号请使用账号申诉"]


@pytest.mark.parametrize(("field", "value", "message"), [
    ("credit_code", "91650100MA0000001X", "统一社会信用代码不正确，请核对"),
    ("credit_code", "123", "请输入18位统一社会信用代码"),
    ("region", None, "请选择所属区域"),
    ("contact_phone", "0991234567", "请输入以1开头的11位手机号码"),
    ("password", "password", "密码至少8位，且包含大写字母、小写字母、数字、符号中的至少3种"),
])
def test_unit_register_rejects_bad_input(world, field, value, message):
    with pytest.raises(ValidationError) as exc_info:
        register_unit(world, **{field: value})
    assert message in errors_of(exc_info, field)


def test_unit_register_refuses_a_second_unit_with_the_same_name(world):
    register_unit(world)
    with pytest.raises(ValidationError) as exc_info:
        register_unit(world, credit_code=make_credit_code(778))
    assert "该单位名称已注册" in errors_of(exc_info, "name")[0]


def test_staff_user_create_numbers_user_and_sends_temporary_password(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        user = services.staff_user_create(actor=world.unit_admin, org=world.unit, name="赵敏", phone="13711112222",
                                          role=Role.REVIEWER)
    assert user.username.startswith("YHBH")
    assert Membership.objects.get(user=user, org=world.unit).role == Role.REVIEWER
    assert user.check_password(last_secret("13711112222"))


def test_staff_user_create_needs_manage_users_in_that_org(world):
    with pytest.raises(PermissionDenied):
        services.staff_user_create(actor=world.other_unit_admin, org=world.unit, name="赵敏", phone="13711112222",
                                   role=Role.REVIEWER)
    with pytest.raises(PermissionDenied):
        services.staff_user_create(actor=world.person, org=world.unit, name="赵敏", phone="13711112222",
                                   role=Role.REVIEWER)
    assert not SmsMessage.objects.exists()


def profile_update(world, **overrides):
    person = world.person.person
    data = {"actor": world.person, "person": person, "ethnicity": "哈萨克族", "phone": "13600001111",
            "education": "硕士研究生", "degree": "硕士", "work_unit": world.unit}
    return services.person_profile_update(**{**data, **overrides})


def test_profile_update_saves_fields_and_photo(world):
    person = profile_update(world, photo=png_upload("我的照片.png"))
    person.refresh_from_db()
    assert (person.ethnicity, person.education, person.degree, person.work_unit) == ("哈萨克族", "硕士研究生", "硕士",
                                                                                     world.unit)
    assert person.user.phone == "13600001111"
    assert person.photo.original_name == "我的照片.png" and person.photo.mime_type == "image/png"
    assert person.photo.stored_name.endswith(".png") and "我的照片" not in person.photo.stored_name
    first_key = person.photo.key
    person = profile_update(world, photo=png_upload("新照片.png"))
    assert person.attachments.count() == 1 and person.photo.original_name == "新照片.png"
    assert person.photo.key == first_key  # the one photo replaced


def test_profile_update_rejects_bad_photo_and_non_unit_workplace(world):
    fake = SimpleUploadedFile("photo.jpg", b"not an image at all" * 10, content_type="image/jpeg")
    with pytest.raises(ValidationError) as exc_info:
        profile_update(world, photo=fake, work_unit=world.competent)
    assert "按文件内容检查" in errors_of(exc_info, "photo")[0]
    assert errors_of(exc_info, "work_unit") == ["请选择已注册的基层单位"]


def test_profile_update_only_for_oneself(world):
    with pytest.raises(PermissionDenied):
        profile_update(world, actor=world.other_person)


def test_password_change_checks_old_password_and_policy(world):
    with pytest.raises(ValidationError) as exc_info:
        services.password_change(actor=world.person, old_password="wrong", new_password="Newpass#2026")
    assert errors_of(exc_info, "old_password") == ["原密码不正确"]
    with pytest.raises(ValidationError):
        services.password_change(actor=world.person, old_password=PASSWORD, new_password="short")
    services.password_change(actor=world.person, old_password=PASSWORD, new_password="Newpass#2026")
    world.person.refresh_from_db()
    assert world.person.check_password("Newpass#2026")
