"""Issue 10 §11: people's names are checked where they are entered (CJK, letters, the middle dot ·)."""

import pytest
from django.core.exceptions import ValidationError

from tests.factories import PASSWORD
from zhuanji.accounts import services
from zhuanji.accounts.identifiers import clean_person_name
from zhuanji.common.fakeids import make_credit_code, make_id_number
from zhuanji.orgs.models import Membership, Role
from zhuanji.orgs.services.committees import committee_contact_add
from zhuanji.orgs.services.users import staff_user_update

FORMULA = '=HYPERLINK("http://evil.example","点我")'


@pytest.mark.parametrize(("value", "cleaned"), [
    ("张伟", "张伟"), ("古丽娜尔·艾买提", "古丽娜尔·艾买提"), (" 阿不都热合曼 ", "阿不都热合曼"),
    ("古丽娜尔•艾买提", "古丽娜尔·艾买提"), ("古丽娜尔・艾买提", "古丽娜尔·艾买提"), ("王〇", "王〇"),
    ("John  Smith", "John Smith"), ("艾尔肯 · 买买提", "艾尔肯·买买提"),
])
def test_names_the_seeds_use_are_accepted(value, cleaned):
    assert clean_person_name(value) == cleaned


@pytest.mark.parametrize("value", [
    FORMULA, "+8613800000000", "-张伟", "@张伟", "张伟1", "张伟<script>", "·张伟", "张伟·", "张··伟", "张\u200b伟",
    "李" * 51,
])
def test_other_names_are_refused(value):
    with pytest.raises(ValidationError):
        clean_person_name(value)


def test_length_and_empty_messages():
    with pytest.raises(ValidationError, match="请输入姓名"):
        clean_person_name("  ")
    with pytest.raises(ValidationError, match="管理员姓名不能超过30个字"):
        clean_person_name("李" * 31, label="管理员姓名", max_length=30)


@pytest.mark.django_db
def test_registration_refuses_a_formula_for_a_name(world):
    with pytest.raises(ValidationError) as exc:
        services.person_register(id_number=make_id_number(77), name=FORMULA, ethnicity="汉族", phone="13812345678",
                                 password=PASSWORD)
    assert exc.value.message_dict["name"] == ["姓名只能由汉字、字母和间隔号“·”组成"]
    with pytest.raises(ValidationError) as exc:
        services.unit_register(credit_code=make_credit_code(778), name="乌鲁木齐市第二中学", region=world.urumqi,
                               contact_name="@王芳", contact_phone="13912345678", password=PASSWORD)
    assert exc.value.message_dict["contact_name"] == ["管理员姓名只能由汉字、字母和间隔号“·”组成"]
    with pytest.raises(ValidationError) as exc:
        services.staff_user_create(actor=world.unit_admin, org=world.unit, name="-1+1", phone="13711112222",
                                   role=Role.CLERK)
    assert "name" in exc.value.message_dict
    user = services.person_register(id_number=make_id_number(79), name="古丽娜尔•艾买提", ethnicity="维吾尔族",
                                    phone="13812345679", password=PASSWORD)
    assert user.name == "古丽娜尔·艾买提"


@pytest.mark.django_db
def test_back_office_forms_refuse_a_formula_for_a_name(world):
    membership = Membership.objects.get(user=world.unit_admin)
    with pytest.raises(ValidationError) as exc:
        staff_user_update(actor=world.unit_admin, membership=membership, name=FORMULA, phone="13900000009",
                          role=membership.role)
    assert set(exc.value.message_dict) == {"name"}
    with pytest.raises(ValidationError) as exc:
        committee_contact_add(actor=world.title_office_staff, committee=world.committee, name="=1+1",
                              phone="0991-2856600")
    assert set(exc.value.message_dict) == {"name"}


def test_a_correction_s_new_name_is_checked():
    from zhuanji.certificates.forms import CorrectionRequestForm
    from zhuanji.certificates.models import Certificate

    form = CorrectionRequestForm({"new_name": FORMULA}, certificates=Certificate.objects.none())
    form.is_valid()
    assert form.errors["new_name"] == ["新姓名只能由汉字、字母和间隔号“·”组成"]
