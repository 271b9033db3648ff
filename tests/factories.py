"""factory_boy factories shared by every app's tests."""

import itertools

import factory

from zhuanji.accounts.identifiers import id_birth_date
from zhuanji.accounts.models import Person, User
from zhuanji.common.fakeids import make_credit_code, make_id_number
from zhuanji.orgs.models import (
    BaseLevel,
    BaseProfile,
    CommitteeProfile,
    Membership,
    Organisation,
    OrgKind,
    Region,
    Role,
)

_serial = itertools.count(1000)
PASSWORD = "Zhuanji@2026"


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = "650000"
    name = "新疆维吾尔自治区"
    short_name = "自治区"
    level = Region.Level.REGION


class PrefectureFactory(RegionFactory):
    code = "650100"
    name = "乌鲁木齐市"
    short_name = "乌市"
    level = Region.Level.PREFECTURE
    parent = factory.SubFactory(RegionFactory)


class OrganisationFactory(factory.django.DjangoModelFactory):
    """An organisation; a committee or a CE base comes with its profile, as `org_create` makes them.

    Profile fields are keyword arguments: `committee_level` (default: the region) and `founder` for a committee,
    `base_level` (default: 自治区级 or 地州级 by region) and `supervisor` for a CE base.
    """

    class Meta:
        model = Organisation

    code = factory.Sequence(lambda n: f"ORG{n:08d}")
    name = factory.Sequence(lambda n: f"测试机构{n}")
    kind = OrgKind.COMPETENT_DEPARTMENT
    region = factory.SubFactory(RegionFactory)

    @classmethod
    def _create(cls, model_class, *args, committee_level=None, founder=None, base_level=None, supervisor=None,
                **kwargs):
        org = super()._create(model_class, *args, **kwargs)
        if org.kind == OrgKind.COMMITTEE:
            CommitteeProfile.objects.create(committee=org, level=committee_level or org.region, founder=founder)
        elif org.kind == OrgKind.CE_BASE:
            level = base_level or (BaseLevel.REGION if org.region.is_region else BaseLevel.PREFECTURE)
            BaseProfile.objects.create(base=org, level=level, supervisor=supervisor)
        return org


class UnitFactory(OrganisationFactory):
    """A 基层单位 with complete unit info (so it may review)."""

    code = factory.Sequence(lambda n: f"DWBH{n:08d}")
    name = factory.Sequence(lambda n: f"新疆测试单位{n}")
    kind = OrgKind.UNIT
    credit_code = factory.LazyFunction(lambda: make_credit_code(next(_serial)))
    address = "乌鲁木齐市天山区解放南路1号"
    contact_name = "王芳"
    contact_phone = "0991-2345678"
    legal_representative = "李建国"
    unit_nature = "事业单位"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    # Far above what `next_number("YHBH")` hands out in a test (staff_user_create, unit_register): no clash.
    username = factory.Sequence(lambda n: f"YHBH9{n:07d}")
    name = factory.Sequence(lambda n: f"工作人员{n}")
    kind = User.Kind.STAFF
    phone = factory.Sequence(lambda n: f"139{n:08d}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()


class PersonUserFactory(UserFactory):
    kind = User.Kind.PERSON
    name = factory.Iterator(["张伟", "古丽娜尔·艾买提", "李娜", "阿不都热合曼", "王磊"])
    username = factory.LazyFunction(lambda: make_id_number(next(_serial)))
    person = factory.RelatedFactory("tests.factories.PersonFactory", factory_related_name="user")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    user = factory.SubFactory(PersonUserFactory, person=None)
    id_number = factory.LazyAttribute(lambda o: o.user.username)
    gender = "男"
    birth_date = factory.LazyAttribute(lambda o: id_birth_date(o.id_number))
    ethnicity = "汉族"
    education = "大学本科"
    degree = "学士"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    org = factory.SubFactory(OrganisationFactory)
    role = Role.ADMIN


def staff_of(org: Organisation, role: str = Role.ADMIN, **user_kwargs) -> User:
    user = UserFactory(**user_kwargs)
    MembershipFactory(user=user, org=org, role=role)
    return user


def give_photo(user: User, image: bytes | None = None, name: str = "photo.jpg") -> User:
    """Store a 一寸照 for a person user (an attachment in the Person's photo slot), as 个人中心 would."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from zhuanji.attachments.services import attachment_set
    from zhuanji.common.files import PHOTO

    if image is None:
        buffer = io.BytesIO()
        Image.new("RGB", (90, 120), (200, 30, 30)).save(buffer, "JPEG")
        image = buffer.getvalue()
    attachment_set(actor=user, owner=user.person, slot=Person.PHOTO_SLOT, upload=SimpleUploadedFile(name, image),
                   rule=PHOTO)
    return user
