"""Registration of individuals and units, staff accounts, profile and password changes."""

from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from zhuanji.attachments.content import clean_upload
from zhuanji.attachments.services import attachment_set
from zhuanji.attachments.storage import atomic
from zhuanji.audit.masking import mask_id_number, mask_phone
from zhuanji.audit.services import record
from zhuanji.common.files import PHOTO
from zhuanji.common.numbering import next_number
from zhuanji.orgs.acting import Acting
from zhuanji.orgs.models import Membership, Organisation, OrgKind, Role
from zhuanji.orgs.services.access import require_user_manager
from zhuanji.reviews.models import CaseState
from zhuanji.reviews.services import case_open, case_submit

from ..choices import DEGREES, EDUCATIONS, ETHNICITIES
from ..identifiers import (
    clean_credit_code,
    clean_id_number,
    clean_person_name,
    clean_phone,
    id_birth_date,
    id_gender,
)
from ..models import Person, UnitRegistration, User
from ..passwords import PasswordOwner, set_temporary_password
from ..routes import UNIT_ROUTE_KEY
from ..sms import secret, send_sms_after_commit
from ._common import Errors, check_password_policy

ID_REGISTERED = "该身份证号已注册"
CREDIT_CODE_REGISTERED = "该统一社会信用代码已注册，如忘记账号请使用账号申诉"
UNIT_NAME_REGISTERED = "该单位名称已注册，请勿重复注册；如忘记账号请使用账号申诉"


def _clean_text(errors: Errors, field: str, value: str, *, label: str, max_length: int) -> str:
    value = (value or "").strip()
    if not value:
        errors.add(field, f"请输入{label}")
    elif len(value) > max_length:
        errors.add(field, f"{label}不能超过{max_length}个字")
    return value


def _check_choice(errors: Errors, field: str, value: str, allowed, *, label: str, required: bool = True) -> None:
    if not value:
        if required:
            errors.add(field, f"请选择{label}")
    elif value not in allowed:
        errors.add(field, f"请从列表中选择{label}")


def _password_errors(errors: Errors, password: str, owner: PasswordOwner, field: str = "password") -> None:
    """The policy's refusals, beside the field; `owner` is what the password must not contain (ID number …)."""
    try:
        check_password_policy(password, user=owner, field=field)
    except ValidationError as exc:
        for name, messages in exc.error_dict.items():
            errors.fields.setdefault(name, []).extend(messages)


@transaction.atomic
def person_register(*, id_number: str, name: str, ethnicity: str, phone: str, password: str) -> User:
    """An individual registers with their own ID number, which becomes their user name."""
    errors = Errors()
    id_number = errors.check("id_number", clean_id_number, id_number)
    if id_number and (Person.objects.filter(id_number=id_number).exists()
                      or User.objects.filter(username=id_number).exists()):
        errors.add("id_number", ValidationError(ID_REGISTERED, code="id_registered"))
    name = errors.check("name", clean_person_name, name)
    _check_choice(errors, "ethnicity", ethnicity, ETHNICITIES, label="民族")
    phone = errors.check("phone", clean_phone, phone)
    _password_errors(errors, password, PasswordOwner(username=id_number or "", name=name, phone=phone or ""))
    errors.raise_if_any()

    user = User(username=id_number, name=name, kind=User.Kind.PERSON, phone=phone)
    user.set_password(password)
    person = Person(id_number=id_number, gender=id_gender(id_number), birth_date=id_birth_date(id_number),
                    ethnicity=ethnicity)
    try:
        with transaction.atomic():
            user.save()
            person.user = user
            person.full_clean()
            person.save()
    except IntegrityError as exc:  # a second click or a twin request got there first
        raise ValidationError({"id_number": ValidationError(ID_REGISTERED, code="id_registered")}) from exc
    record(actor=user, action="person_register", obj=person,
           after={"id_number": mask_id_number(id_number), "name": name, "phone": mask_phone(phone)})
    return user


def _new_staff_user(*, org: Organisation, name: str, phone: str, role: str,
                    password: str | None) -> tuple[User, str | None]:
    """A staff account with the password its creator chose, or (None) a temporary one, returned to be texted."""
    user = User(username=next_number("YHBH"), name=name, phone=phone, kind=User.Kind.STAFF)
    initial = None
    if password is None:
        initial = set_temporary_password(user)
    else:
        user.set_password(password)
    user.full_clean()
    user.save()
    Membership.objects.create(user=user, org=org, role=role)
    return user, initial


@transaction.atomic
def unit_register(*, credit_code: str, name: str, region, contact_name: str, contact_phone: str,
                  password: str) -> tuple[Organisation, User]:
    """A 基层单位 registers once per credit code: the unit (DWBH…), its admin account (YHBH…), its membership.

    The unit starts disabled and its registration goes to its region's 人社部门 for review (route
    "accounts.unit_registration"): approved, the unit is enabled; refused, its credit code is released.
    """
    errors = Errors()
    credit_code = errors.check("credit_code", clean_credit_code, credit_code)
    if credit_code and Organisation.objects.filter(credit_code=credit_code).exists():
        errors.add("credit_code", ValidationError(CREDIT_CODE_REGISTERED, code="credit_code_registered"))
    name = _clean_text(errors, "name", name, label="单位名称", max_length=100)
    # A refused registration does not hold its name: the unit registers again once it has fixed it.
    if name and (Organisation.objects.filter(kind=OrgKind.UNIT, name=name)
                 .exclude(registration__case__state=CaseState.REFUSED).exists()):
        errors.add("name", UNIT_NAME_REGISTERED)
    if region is None:
        errors.add("region", "请选择所属区域")
    contact_name = errors.check("contact_name", partial(clean_person_name, label="管理员姓名", max_length=30),
                                contact_name)
    contact_phone = errors.check("contact_phone", clean_phone, contact_phone)
    _password_errors(errors, password, PasswordOwner(name=contact_name, phone=contact_phone or "",
                                                     identifiers=(credit_code or "",)))
    errors.raise_if_any()

    org = Organisation(kind=OrgKind.UNIT, code=next_number("DWBH"), name=name, region=region,
                       credit_code=credit_code, contact_name=contact_name, contact_phone=contact_phone,
                       is_active=False)
    # The name and credit-code rules are checked above and, for a twin request, by the constraints below.
    org.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            org.save()
    except IntegrityError as exc:  # a twin request got there first: which of the two rules did it hit?
        if Organisation.objects.filter(credit_code=credit_code).exists():
            raise ValidationError({"credit_code": ValidationError(CREDIT_CODE_REGISTERED,
                                                                  code="credit_code_registered")}) from exc
        raise ValidationError({"name": ValidationError(UNIT_NAME_REGISTERED, code="name_registered")}) from exc
    user, _ = _new_staff_user(org=org, name=contact_name, phone=contact_phone, role=Role.ADMIN, password=password)
    org.registered_account = user
    org.save(update_fields=["registered_account"])
    record(actor=user, action="unit_register", obj=org, org=org,
           after={"code": org.code, "name": name, "credit_code": credit_code, "username": user.username,
                  "contact_phone": mask_phone(contact_phone)})
    registration = UnitRegistration(org=org, credit_code=credit_code)
    case_open(route_key=UNIT_ROUTE_KEY, document=registration, year=timezone.localdate().year, number=org.code,
              title=f"{name} 单位注册", submitter=user)
    registration.case = case_submit(case=registration.case, actor=user)
    return org, user


@transaction.atomic
def staff_user_create(*, actor: User | Acting, org: Organisation, name: str, phone: str, role: str,
                      password: str | None = None) -> User:
    """An organisation admin adds a user (YHBH…); without a password a temporary one is sent by SMS."""
    require_user_manager(actor, org)
    errors = Errors()
    name = errors.check("name", clean_person_name, name)
    phone = errors.check("phone", clean_phone, phone)
    _check_choice(errors, "role", role, Role.values, label="角色")
    if password is not None:
        _password_errors(errors, password, PasswordOwner(name=name, phone=phone or ""))
    errors.raise_if_any()

    user, initial = _new_staff_user(org=org, name=name, phone=phone, role=role, password=password)
    if initial is not None:
        send_sms_after_commit(phone, f"【{settings.PLATFORM_NAME}】{org.name}已为您开通账号，用户名：{user.username}，"
                                     f"初始密码：{secret(initial)}，首次登录须修改密码。")
    record(actor=actor, action="staff_user_create", obj=user, org=org,
           after={"username": user.username, "name": name, "role": role, "phone": mask_phone(phone)})
    return user


@atomic()
def person_profile_update(*, actor: User, person: Person, ethnicity: str, phone: str, education: str,
                          degree: str, work_unit: Organisation | None, photo=None) -> Person:
    """个人中心 › 我的信息: what an individual may change themselves (identity fields stay as registered)."""
    if person.user_id != actor.pk:
        raise PermissionDenied("只能修改本人信息")
    errors = Errors()
    _check_choice(errors, "ethnicity", ethnicity, ETHNICITIES, label="民族")
    phone = errors.check("phone", clean_phone, phone)
    _check_choice(errors, "education", education, EDUCATIONS, label="文化程度", required=False)
    _check_choice(errors, "degree", degree, DEGREES, label="学位", required=False)
    if work_unit is not None and (work_unit.kind != OrgKind.UNIT or not work_unit.is_active):
        errors.add("work_unit", "请选择已注册的基层单位")
    photo = errors.check("photo", clean_upload, photo, PHOTO) if photo is not None else None
    errors.raise_if_any()

    person = Person.objects.select_for_update().select_related("user").get(pk=person.pk)
    before = {"ethnicity": person.ethnicity, "phone": mask_phone(person.user.phone), "education": person.education,
              "degree": person.degree, "work_unit": person.work_unit_id}
    person.ethnicity, person.education, person.degree, person.work_unit = ethnicity, education, degree, work_unit
    if photo is not None:  # re-encoded, under a random name in private storage
        attachment_set(actor=actor, owner=person, slot=Person.PHOTO_SLOT, upload=photo, rule=PHOTO,
                       audit_action="accounts.person_photo")
    person.full_clean()
    person.save()
    person.user.phone = phone
    person.user.save(update_fields=["phone", "updated_at"])
    record(actor=actor, action="person_profile_update", obj=person, before=before,
           after={"ethnicity": ethnicity, "phone": mask_phone(phone), "education": education, "degree": degree,
                  "work_unit": work_unit.pk if work_unit else None, "photo_changed": photo is not None})
    return person


@transaction.atomic
def password_change(*, actor: User, old_password: str, new_password: str) -> User:
    user = User.objects.select_for_update().get(pk=actor.pk)
    if not user.check_password(old_password or ""):
        raise ValidationError({"old_password": "原密码不正确"})
    check_password_policy(new_password, user=user, field="new_password")
    user.set_password(new_password)
    user.must_change_password = False
    user.save(update_fields=["password", "must_change_password", "updated_at"])
    record(actor=user, action="password_change", obj=user)
    return user
