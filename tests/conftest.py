"""Personas (one per role, plus outsiders from another unit and region) shared by every test module."""

import os
from types import SimpleNamespace

import pytest

from zhuanji.orgs.models import OrgKind, Role

from .factories import (
    PASSWORD,
    OrganisationFactory,
    PersonUserFactory,
    PrefectureFactory,
    RegionFactory,
    UnitFactory,
    staff_of,
)

# Playwright's sync API runs an event loop in the test thread; Django's ORM guard would refuse it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _test_environment(settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_ROOT = tmp_path / "private"  # uploads and certificate PDFs (STORAGES["private"])
    # Certificate signing keys are generated per test, never in the developer's var/keys.
    settings.CERTIFICATE_KEY_DIR = tmp_path / "keys"
    # django-simple-captcha reads its test mode once at import; "PASSED" is then the right answer.
    monkeypatch.setattr("captcha.conf.settings.CAPTCHA_TEST_MODE", True)


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def world(db):
    """The region, two prefectures and one organisation of every kind, each with its staff."""
    region = RegionFactory()
    urumqi = PrefectureFactory(parent=region)
    kashgar = PrefectureFactory(code="653100", name="喀什地区", short_name="喀什", parent=region)

    platform = OrganisationFactory(kind=OrgKind.PLATFORM, name="平台管理中心", region=region)
    hr_department = OrganisationFactory(kind=OrgKind.HR_DEPARTMENT, name="新疆维吾尔自治区人力资源和社会保障厅",
                                        region=region)
    hr_bureau = OrganisationFactory(kind=OrgKind.HR_BUREAU, name="乌鲁木齐市人力资源和社会保障局", region=urumqi,
                                    parent=hr_department)
    title_office = OrganisationFactory(kind=OrgKind.TITLE_OFFICE, name="自治区职称办公室", region=region,
                                       parent=hr_department)
    prefecture_title_office = OrganisationFactory(kind=OrgKind.TITLE_OFFICE, name="乌鲁木齐市职称办公室",
                                                  region=urumqi, parent=hr_bureau)
    competent = OrganisationFactory(kind=OrgKind.COMPETENT_DEPARTMENT, name="新疆维吾尔自治区教育厅", region=region)
    # `parent` is the tree (机构管理's 上级单位); 组建单位 / 主管单位 and levels are the profiles the factory makes.
    committee = OrganisationFactory(kind=OrgKind.COMMITTEE, name="自治区高校教师系列高级职称评审委员会", region=region,
                                    parent=competent, founder=competent)
    ce_base = OrganisationFactory(kind=OrgKind.CE_BASE, name="新疆大学继续教育学院", region=region,
                                  parent=competent, base_level="region", supervisor=competent)
    unit = UnitFactory(name="新疆大学", region=region, parent=competent)
    other_unit = UnitFactory(name="喀什地区第一人民医院", region=kashgar)

    person = PersonUserFactory(name="张伟")
    person.person.work_unit = unit
    person.person.save()
    other_person = PersonUserFactory(name="古丽娜尔·艾买提")
    other_person.person.work_unit = other_unit
    other_person.person.save()

    superuser = staff_of(platform, name="平台管理员", is_superuser=True, is_staff=True)
    return SimpleNamespace(
        region=region, urumqi=urumqi, kashgar=kashgar,
        platform=platform, hr_department=hr_department, hr_bureau=hr_bureau, title_office=title_office,
        prefecture_title_office=prefecture_title_office, competent=competent, committee=committee,
        ce_base=ce_base, unit=unit, other_unit=other_unit,
        person=person, other_person=other_person,
        platform_admin=superuser,
        hr_department_staff=staff_of(hr_department, Role.REVIEWER, name="人社厅专技处审核员"),
        hr_bureau_staff=staff_of(hr_bureau, Role.REVIEWER, name="乌市人社局审核员"),
        title_office_staff=staff_of(title_office, Role.REVIEWER, name="自治区职称办审核员"),
        prefecture_title_office_staff=staff_of(prefecture_title_office, Role.REVIEWER, name="乌市职称办审核员"),
        competent_staff=staff_of(competent, Role.REVIEWER, name="教育厅审核员"),
        committee_admin=staff_of(committee, Role.ADMIN, name="评委会管理员"),
        ce_base_admin=staff_of(ce_base, Role.ADMIN, name="基地管理员"),
        unit_admin=staff_of(unit, Role.ADMIN, name="新疆大学管理员"),
        other_unit_admin=staff_of(other_unit, Role.ADMIN, name="喀什医院管理员"),
    )


PERSONAS = (
    "anonymous", "person", "other_person", "unit_admin", "other_unit_admin", "competent_staff",
    "hr_department_staff", "hr_bureau_staff", "title_office_staff", "prefecture_title_office_staff",
    "committee_admin", "ce_base_admin", "platform_admin",
)


@pytest.fixture
def login(client):
    """`login(user)` logs the test client in as that user (None for anonymous) and returns it."""

    def _login(user):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return _login
