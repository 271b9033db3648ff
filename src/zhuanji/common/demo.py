"""Demo data: one account for every role, loaded through the same services users go through.

`load_demo` is idempotent: on a database that already has the demo accounts it only prints them.
"""

import datetime
import io
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from PIL import Image, ImageDraw

from zhuanji.accounts.models import UnitRegistration, User
from zhuanji.accounts.routes import UNIT_APPROVE
from zhuanji.accounts.services.registration import (
    person_profile_update,
    person_register,
    staff_user_create,
    unit_register,
)
from zhuanji.orgs.acting import acting_as
from zhuanji.orgs.models import Organisation, OrgKind, Region, Role
from zhuanji.orgs.services.units import unit_info_update, unit_recommender_add
from zhuanji.reviews.services import case_act

from .fakeids import make_credit_code, make_id_number

PASSWORD = "Demo@2026"
ADMIN_USERNAME = "admin"


@dataclass(frozen=True)
class DemoAccount:
    role: str
    org: str
    login: str


def one_inch_photo(label: str = "") -> SimpleUploadedFile:
    """A 295×413 px (一寸) JPEG portrait placeholder, so certificates have a photo to print."""
    image = Image.new("RGB", (295, 413), (67, 142, 219))
    draw = ImageDraw.Draw(image)
    draw.ellipse((92, 70, 203, 200), fill=(245, 222, 200))
    draw.rounded_rectangle((50, 215, 245, 413), radius=60, fill=(40, 40, 48))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return SimpleUploadedFile(f"{label or 'photo'}.jpg", buffer.getvalue(), content_type="image/jpeg")


# (role shown in the README, organisation code from organisations.csv, staff name, mobile, membership role)
STAFF = (
    ("人社厅（专技处）", "RST650000", "马建新", "13899110001", Role.REVIEWER),
    ("地州人社局", "RSJ650100", "阿依古丽·吐尔逊", "13899110002", Role.REVIEWER),
    ("自治区职称办公室", "ZCB650000", "刘晓燕", "13899110003", Role.REVIEWER),
    ("地州职称办公室", "ZCB650100", "买买提江·阿不都", "13899110004", Role.REVIEWER),
    ("行业主管部门（教育厅）", "ZGBM0001", "赵国强", "13899110005", Role.REVIEWER),
    ("评审委员会管理员", "PSWY0001", "孙丽华", "13899110006", Role.ADMIN),
    ("继续教育基地管理员", None, "周文斌", "13899110007", Role.ADMIN),
)

UNIT_NAME = "新疆大学"
UNIT_CREDIT_CODE = make_credit_code(231026)
PERSON_ID = make_id_number(1988, county="650102", birth=datetime.date(1988, 5, 20), gender="男")
OTHER_UNIT_NAME = "喀什地区第一人民医院"
OTHER_UNIT_CREDIT_CODE = make_credit_code(231027, division="653100", kind="12")
OTHER_PERSON_ID = make_id_number(1990, county="653101", birth=datetime.date(1990, 3, 8), gender="女")
# A unit whose registration waits in the 乌鲁木齐市人社局's 我的待办 (单位注册).
PENDING_UNIT_NAME = "乌鲁木齐市第一中学"
PENDING_UNIT_CREDIT_CODE = make_credit_code(231028, division="650100", kind="12")
# A reviewer made for an office that must approve a demo unit's registration but has no demo account.
EXTRA_REVIEWER_PHONE = "13899110008"


def _ce_base() -> Organisation:
    return Organisation.objects.filter(kind="ce_base").order_by("code").first()


def _approve_registration(unit: Organisation, admin: User) -> None:
    """A demo unit registers like any other, then its 人社部门's reviewer approves it (made if there is none)."""
    case = UnitRegistration.objects.select_related("case__current_org").get(org=unit).case
    office = case.current_org
    membership = (office.memberships.filter(role=Role.REVIEWER, is_active=True, user__is_active=True)
                  .select_related("user").order_by("pk").first())
    reviewer = membership.user if membership is not None else staff_user_create(
        actor=admin, org=office, name=f"{office.region.short_name or office.region.name}人社审核员",
        phone=EXTRA_REVIEWER_PHONE, role=Role.REVIEWER, password=PASSWORD)
    case_act(case=case, actor=acting_as(reviewer, office), decision=UNIT_APPROVE.key, opinion="单位信息核实无误")
    unit.refresh_from_db(fields=["is_active"])


@transaction.atomic
def _load_pending_registration() -> None:
    """One registration left for the 乌鲁木齐市人社局 to review; added to an older demo database too."""
    if Organisation.objects.filter(kind=OrgKind.UNIT, name=PENDING_UNIT_NAME).exists():
        return
    urumqi = Region.objects.get(code="650100")
    unit_register(credit_code=PENDING_UNIT_CREDIT_CODE, name=PENDING_UNIT_NAME, region=urumqi, contact_name="马晓红",
                  contact_phone="13899120003", password=PASSWORD)


@transaction.atomic
def _load_accounts() -> None:
    platform = Organisation.objects.get(kind="platform")
    admin = User.objects.create_superuser(ADMIN_USERNAME, PASSWORD, name="平台管理员", phone="13899110000")
    platform.memberships.create(user=admin, role=Role.ADMIN)

    for _role, code, name, phone, role in STAFF:
        org = Organisation.objects.get(code=code) if code else _ce_base()
        staff_user_create(actor=admin, org=org, name=name, phone=phone, role=role, password=PASSWORD)

    region = Region.objects.get(level=Region.Level.REGION)
    education = Organisation.objects.get(code="ZGBM0001")
    unit, unit_admin = unit_register(credit_code=UNIT_CREDIT_CODE, name=UNIT_NAME, region=region,
                                     contact_name="王芳", contact_phone="13899120001", password=PASSWORD)
    _approve_registration(unit, admin)
    unit.parent = education
    unit.save(update_fields=["parent"])
    unit_info_update(actor=unit_admin, unit=unit, address="乌鲁木齐市天山区胜利路666号", postcode="830046",
                     contact_name="王芳", contact_phone="0991-8582001", legal_representative="李建国",
                     unit_nature="事业单位")
    unit_recommender_add(actor=unit_admin, unit=unit, recommender=education)

    kashgar = Region.objects.get(code="653100")
    other_unit, other_admin = unit_register(credit_code=OTHER_UNIT_CREDIT_CODE, name=OTHER_UNIT_NAME,
                                            region=kashgar, contact_name="艾尔肯·买买提",
                                            contact_phone="13899120002", password=PASSWORD)
    _approve_registration(other_unit, admin)
    unit_info_update(actor=other_admin, unit=other_unit, address="喀什市迎宾大道66号", postcode="844000",
                     contact_name="艾尔肯·买买提", contact_phone="0998-2822001", legal_representative="吐尔洪·艾力",
                     unit_nature="事业单位")

    for id_number, name, ethnicity, phone, work_unit, education_level, degree in (
        (PERSON_ID, "石磊", "汉族", "13899130001", unit, "博士研究生", "博士"),
        (OTHER_PERSON_ID, "古丽娜尔·艾买提", "维吾尔族", "13899130002", other_unit, "大学本科", "学士"),
    ):
        user = person_register(id_number=id_number, name=name, ethnicity=ethnicity, phone=phone, password=PASSWORD)
        person_profile_update(actor=user, person=user.person, ethnicity=ethnicity, phone=phone,
                              education=education_level, degree=degree, work_unit=work_unit,
                              photo=one_inch_photo(name))


def demo_accounts() -> list[DemoAccount]:
    rows = [DemoAccount("平台管理员", "平台管理中心", ADMIN_USERNAME)]
    for role, _code, name, _phone, _r in STAFF:
        user = User.objects.filter(name=name, kind=User.Kind.STAFF).first()
        if user is None:
            continue
        org = user.memberships.select_related("org").first().org
        rows.append(DemoAccount(role, org.name, user.username))
    from zhuanji.filings.demo import PREFECTURE_ADMIN_ROLE, prefecture_admin

    committee_admin = prefecture_admin()
    if committee_admin is not None:
        org = committee_admin.memberships.select_related("org").first().org
        rows.append(DemoAccount(PREFECTURE_ADMIN_ROLE, org.name, committee_admin.username))
    for role, code in (("基层单位管理员", UNIT_CREDIT_CODE), ("另一基层单位管理员", OTHER_UNIT_CREDIT_CODE)):
        unit = Organisation.objects.select_related("registered_account").get(credit_code=code)
        rows.append(DemoAccount(role, unit.name, f"{code}（或 {unit.registered_account.username}）"))
    pending = (UnitRegistration.objects.select_related("case", "org__registered_account")
               .filter(credit_code=PENDING_UNIT_CREDIT_CODE).order_by("-pk").first())
    if pending is not None:
        rows.append(DemoAccount("待审核单位管理员", f"{pending.org.name}（单位注册{pending.case.get_state_display()}）",
                                f"{PENDING_UNIT_CREDIT_CODE}（或 {pending.org.registered_account.username}）"))
    rows.append(DemoAccount("个人（申请人）", UNIT_NAME, PERSON_ID))
    rows.append(DemoAccount("另一个人", OTHER_UNIT_NAME, OTHER_PERSON_ID))
    return rows


def load_demo(stdout) -> list[DemoAccount]:
    # The catalog first: the province's committee 可评审专业 name catalog codes.
    call_command("load_catalog", stdout=stdout)
    call_command("load_province", stdout=stdout)
    call_command("load_hours_config", stdout=stdout)
    if not User.objects.filter(username=ADMIN_USERNAME).exists():
        _load_accounts()
        _load_module_demos()
    _load_pending_registration()
    return demo_accounts()


def _load_module_demos() -> None:
    """Each business module's own demo data, loaded after the accounts exist."""
    from zhuanji.certificates.demo import load_demo as load_certificates_demo
    from zhuanji.filings.demo import load_demo as load_filings_demo
    from zhuanji.hours.demo import load_demo as load_hours_demo
    from zhuanji.hours.demo import load_submitted_demo as load_submitted_hours_demo
    from zhuanji.orgs.demo import load_demo as load_committee_demo
    from zhuanji.portal.demo import load_demo as load_portal_notices

    load_portal_notices()
    load_committee_demo()
    person = User.objects.get(username=PERSON_ID)
    load_hours_demo(person=person)
    load_submitted_hours_demo(person=person)
    load_certificates_demo(person=person)
    # After the committee demo: the committees' 评审工作事前备案 (one received, its windows open today).
    load_filings_demo()
