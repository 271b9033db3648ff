"""Committee and CE-base profiles: constraints, 评审委员会管理 by the title office of the committee's level, and the
committee's own read-only 可评审专业 page."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from tests.factories import OrganisationFactory, staff_of
from zhuanji.audit.models import AuditEntry
from zhuanji.catalog.models import Level, Qualification, Series, Specialty
from zhuanji.catalog.scopes import CatalogPick
from zhuanji.orgs.acting import acting_as
from zhuanji.orgs.models import BaseProfile, CommitteeContact, CommitteeProfile, CommitteeScope, OrgKind, Role
from zhuanji.orgs.services.committees import (
    committee_contact_add,
    committee_contact_remove,
    committee_office_update,
    committee_scope_grant,
    committee_scope_revoke,
)
from zhuanji.orgs.services.organisations import org_create, org_update

pytestmark = pytest.mark.django_db


@pytest.fixture
def cat(db):
    """教师系列 (高校教师: 教授 正高, 副教授 副高, 讲师 中级) and 工程系列 (机械电子: 工程师 中级)."""
    teachers = Series.objects.create(code="03", name="教师系列", sort=3)
    university = Specialty.objects.create(series=teachers, code="03001", name="高校教师")
    engineering = Series.objects.create(code="01", name="工程系列", sort=1)
    mechanical = Specialty.objects.create(series=engineering, code="00189", name="机械电子专业")

    def q(specialty, code, name, level, **kw):
        return Qualification.objects.create(specialty=specialty, code=code, name=name, level=level, **kw)

    return type("Cat", (), {
        "teachers": teachers, "university": university, "engineering": engineering, "mechanical": mechanical,
        "professor": q(university, "0300101", "教授", Level.SENIOR_FULL),
        "associate": q(university, "0300102", "副教授", Level.SENIOR_DEPUTY),
        "lecturer": q(university, "0300103", "讲师", Level.INTERMEDIATE),
        "engineer": q(mechanical, "0018902", "工程师", Level.INTERMEDIATE),
    })


@pytest.fixture
def urumqi_committee(world):
    committee = OrganisationFactory(kind=OrgKind.COMMITTEE, name="乌鲁木齐市中小学教师系列中级职称评审委员会",
                                    region=world.urumqi, founder=world.hr_bureau)
    committee.admin = staff_of(committee, Role.ADMIN, name="乌市评委会管理员")
    return committee


def _row(committee, target, level=None):
    pick = CatalogPick.of(target)
    return CommitteeScope(committee=committee, level=level or pick.qualification.level, **pick.range_fields())


# ---- models ---------------------------------------------------------------------------------------------------

def test_scope_rows_are_unique_per_target_and_level(world, cat):
    _row(world.committee, cat.teachers, Level.SENIOR_FULL).save()
    _row(world.committee, cat.teachers, Level.SENIOR_DEPUTY).save()  # the other level: a second row
    _row(world.committee, cat.university, Level.SENIOR_FULL).save()  # a specialty of it: its own row
    _row(world.committee, cat.professor).save()
    for duplicate in (_row(world.committee, cat.teachers, Level.SENIOR_FULL),
                      _row(world.committee, cat.university, Level.SENIOR_FULL), _row(world.committee, cat.professor)):
        with pytest.raises(ValidationError):
            duplicate.full_clean()
        with pytest.raises(IntegrityError), transaction.atomic():
            duplicate.save()
    other = OrganisationFactory(kind=OrgKind.COMMITTEE, region=world.region)
    _row(other, cat.professor).save()  # another committee may hold the same


def test_scope_rows_keep_their_chain_consistent(world, cat):
    with pytest.raises(IntegrityError), transaction.atomic():  # a qualification without its specialty
        CommitteeScope.objects.create(committee=world.committee, series=cat.teachers, qualification=cat.professor,
                                      level=Level.SENIOR_FULL)
    with pytest.raises(IntegrityError), transaction.atomic():
        CommitteeScope.objects.create(committee=world.committee, series=cat.teachers, level="top")
    wrong = CommitteeScope(committee=world.committee, series=cat.engineering, specialty=cat.university,
                           qualification=cat.professor, level=Level.INTERMEDIATE)
    with pytest.raises(ValidationError) as exc:
        wrong.full_clean()
    assert set(exc.value.message_dict) == {"specialty", "level"}
    row = _row(world.committee, cat.professor)
    assert (row.kind, row.target_label) == ("qualification", "教师系列/高校教师/教授(正高)")
    assert _row(world.committee, cat.university, Level.SENIOR_FULL).target_label == "教师系列/高校教师"


def test_profiles_belong_to_their_kind(world):
    with pytest.raises(ValidationError):
        CommitteeProfile(committee=world.unit, level=world.region).full_clean()
    with pytest.raises(ValidationError):
        CommitteeProfile(committee=world.committee, level=world.region, founder=world.ce_base).full_clean()
    with pytest.raises(ValidationError):
        BaseProfile(base=world.committee, level="region").full_clean()
    profile = BaseProfile.objects.get(base=world.ce_base)
    profile.supervisor = world.unit
    with pytest.raises(ValidationError):
        profile.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        BaseProfile.objects.filter(base=world.ce_base).update(level="galactic")
    with pytest.raises(IntegrityError), transaction.atomic():
        CommitteeContact.objects.create(profile=CommitteeProfile.objects.get(committee=world.committee), name="")
    assert str(profile) == "新疆大学继续教育学院（自治区级）"


# ---- 机构管理 keeps the profiles ------------------------------------------------------------------------------

def test_org_create_makes_the_profile_of_a_base_or_a_committee(world):
    with pytest.raises(ValidationError) as exc:
        org_create(actor=world.platform_admin, name="某基地", kind=OrgKind.CE_BASE, region=world.region,
                   base_level="region", supervisor=world.unit)
    assert exc.value.message_dict["supervisor"] == ["主管单位应为人社厅、地州人社局或行业主管部门"]
    base = org_create(actor=world.platform_admin, name="乌鲁木齐市继续教育基地", kind=OrgKind.CE_BASE,
                      region=world.urumqi, base_level="prefecture", supervisor=world.hr_bureau)
    assert (base.base_profile.level, base.base_profile.supervisor) == ("prefecture", world.hr_bureau)
    assert base.parent is None  # the 主管单位 is not the tree's parent any more
    entry = AuditEntry.objects.get(action="orgs.org_create", object_id=str(base.pk))
    assert entry.after["base_level"] == "prefecture" and entry.after["supervisor"] == world.hr_bureau.name

    committee = org_create(actor=world.platform_admin, name="乌鲁木齐市工程系列中级职称评审委员会",
                           kind=OrgKind.COMMITTEE, region=world.urumqi, founder=world.hr_bureau)
    assert (committee.committee_profile.level, committee.committee_profile.founder) == (world.urumqi, world.hr_bureau)


def test_org_update_moves_a_committee_level_and_refuses_dropping_a_kind_with_scopes(world, cat):
    fields = {"name": world.committee.name, "region": world.region, "code": world.committee.code}
    org_update(actor=world.platform_admin, org=world.committee, kind=OrgKind.COMMITTEE, committee_level=world.urumqi,
               founder=world.competent, **fields)
    assert CommitteeProfile.objects.get(committee=world.committee).level == world.urumqi
    _row(world.committee, cat.professor).save()
    with pytest.raises(ValidationError) as exc:
        org_update(actor=world.platform_admin, org=world.committee, kind=OrgKind.COMPETENT_DEPARTMENT, **fields)
    assert "可评审专业" in exc.value.message_dict["kind"][0]
    assert CommitteeProfile.objects.filter(committee=world.committee).exists()
    fields = {"name": world.ce_base.name, "region": world.region, "code": world.ce_base.code}
    org_update(actor=world.platform_admin, org=world.ce_base, kind=OrgKind.COMPETENT_DEPARTMENT, **fields)
    assert not BaseProfile.objects.filter(base=world.ce_base).exists()


def test_org_form_shows_and_saves_the_profile_fields(world, login):
    client = login(world.platform_admin)
    html = client.get(reverse("orgs:org_edit", args=[world.ce_base.pk])).content.decode()
    assert "主管单位" in html and f'<option value="{world.competent.pk}" selected>' in html
    response = client.post(reverse("orgs:org_edit", args=[world.ce_base.pk]), {
        "code": world.ce_base.code, "name": world.ce_base.name, "kind": OrgKind.CE_BASE, "region": world.region.pk,
        "base_level": "national", "supervisor": world.hr_department.pk})
    assert response.status_code == 302
    profile = BaseProfile.objects.get(base=world.ce_base)
    assert (profile.level, profile.supervisor) == ("national", world.hr_department)
    html = client.get(reverse("orgs:org_list"), {"kind": OrgKind.CE_BASE}).content.decode()
    assert "国家级" in html


# ---- services -------------------------------------------------------------------------------------------------

def test_grant_a_whole_series_at_levels_audited(world, cat):
    office = acting_as(world.title_office_staff, world.title_office)
    rows = committee_scope_grant(actor=office, committee=world.committee,
                                 pick=CatalogPick.of(cat.teachers), levels=[Level.SENIOR_DEPUTY, Level.SENIOR_FULL])
    assert [(r.kind, r.level) for r in rows] == [("series", Level.SENIOR_FULL), ("series", Level.SENIOR_DEPUTY)]
    entry = AuditEntry.objects.get(action="orgs.committee_scope_grant")
    assert entry.after == {"可评审专业": "教师系列（整个系列）", "级别": ["正高", "副高"]}
    assert entry.org_id == world.title_office.pk and entry.object_id == str(world.committee.pk)
    # Granting again adds only the missing level; nothing new is refused.
    rows = committee_scope_grant(actor=world.title_office_staff, committee=world.committee,
                                 pick=CatalogPick.of(cat.teachers), levels=[Level.SENIOR_FULL, Level.INTERMEDIATE])
    assert [r.level for r in rows] == [Level.INTERMEDIATE]
    with pytest.raises(ValidationError, match="已是该评审委员会的可评审专业"):
        committee_scope_grant(actor=world.title_office_staff, committee=world.committee,
                              pick=CatalogPick.of(cat.teachers), levels=[Level.SENIOR_FULL])


def test_grant_rules(world, cat):
    def grant(pick, levels=()):
        return committee_scope_grant(actor=world.title_office_staff, committee=world.committee, pick=pick,
                                     levels=levels)

    with pytest.raises(ValidationError) as exc:
        grant(CatalogPick.of(cat.university))
    assert exc.value.message_dict["levels"] == ["选择整个系列或专业时请选择级别"]
    with pytest.raises(ValidationError) as exc:
        grant(CatalogPick.of(cat.engineering), [Level.SENIOR_FULL, Level.JUNIOR])
    assert exc.value.message_dict["levels"] == ["工程系列没有正高、初级的资格"]
    # One qualification is granted at its own level, whatever levels were ticked.
    [row] = grant(CatalogPick.of(cat.engineer), [Level.SENIOR_FULL])
    assert (row.kind, row.level, row.qualification) == ("qualification", Level.INTERMEDIATE, cat.engineer)


def test_only_the_title_office_of_the_committee_level_maintains_it(world, cat, urumqi_committee):
    pick = CatalogPick.of(cat.lecturer)
    with pytest.raises(PermissionDenied):  # the 地州 office, for a 自治区 committee
        committee_scope_grant(actor=world.prefecture_title_office_staff, committee=world.committee, pick=pick)
    with pytest.raises(PermissionDenied):  # the 自治区 office, for a 地州 committee
        committee_scope_grant(actor=world.title_office_staff, committee=urumqi_committee, pick=pick)
    for outsider in (world.committee_admin, world.platform_admin, world.competent_staff):
        with pytest.raises(PermissionDenied):
            committee_scope_grant(actor=outsider, committee=world.committee, pick=pick)
    committee_scope_grant(actor=world.prefecture_title_office_staff, committee=urumqi_committee, pick=pick)
    assert not CommitteeScope.objects.filter(committee=world.committee).exists()
    assert AuditEntry.objects.filter(action="orgs.committee_scope_grant").count() == 1


def test_revoke_is_audited_and_scoped(world, cat, urumqi_committee):
    row = _row(world.committee, cat.professor)
    row.save()
    with pytest.raises(PermissionDenied):
        committee_scope_revoke(actor=world.prefecture_title_office_staff, scope=row)
    committee_scope_revoke(actor=world.title_office_staff, scope=row)
    assert not CommitteeScope.objects.exists()
    entry = AuditEntry.objects.get(action="orgs.committee_scope_revoke")
    assert entry.before == {"可评审专业": "教师系列/高校教师/教授(正高)", "级别": "正高"}


def test_office_and_contacts(world):
    committee_office_update(actor=world.title_office_staff, committee=world.committee, office_name="教育厅职称办",
                            location="乌鲁木齐市", office_address="新华南路1号")
    entry = AuditEntry.objects.get(action="orgs.committee_office_update")
    assert entry.before["office_name"] == "" and entry.after["office_name"] == "教育厅职称办"
    with pytest.raises(ValidationError) as exc:
        committee_contact_add(actor=world.title_office_staff, committee=world.committee, name="王主任")
    assert exc.value.message_dict["phone"] == ["联系电话和手机至少填写一项"]
    with pytest.raises(ValidationError) as exc:
        committee_contact_add(actor=world.title_office_staff, committee=world.committee, name="王主任",
                              phone="电话", mobile="123")
    assert set(exc.value.message_dict) == {"phone", "mobile"}
    head = committee_contact_add(actor=world.title_office_staff, committee=world.committee, name="王主任",
                                 post=CommitteeContact.Post.HEAD, phone="0991-2856600", mobile="13899887766")
    second = committee_contact_add(actor=world.title_office_staff, committee=world.committee, name="李干事",
                                   phone="0991-2856677")
    assert second.sort > head.sort
    with pytest.raises(ValidationError, match="已存在"):
        committee_contact_add(actor=world.title_office_staff, committee=world.committee, name="李干事",
                              phone="0991-2856677")
    with pytest.raises(PermissionDenied):
        committee_contact_remove(actor=world.prefecture_title_office_staff, contact=head)
    committee_contact_remove(actor=world.title_office_staff, contact=head)
    assert list(world.committee.committee_profile.contacts.values_list("name", flat=True)) == ["李干事"]
    assert AuditEntry.objects.get(action="orgs.committee_contact_remove").before["name"] == "王主任"


# ---- pages ----------------------------------------------------------------------------------------------------

def test_the_title_office_lists_the_committees_of_its_level_only(world, login, urumqi_committee):
    html = login(world.title_office_staff).get(reverse("orgs:committee_list")).content.decode()
    assert world.committee.name in html and urumqi_committee.name not in html
    html = login(world.prefecture_title_office_staff).get(reverse("orgs:committee_list")).content.decode()
    assert urumqi_committee.name in html and world.committee.name not in html
    client = login(world.prefecture_title_office_staff)
    assert client.get(reverse("orgs:committee_detail", args=[urumqi_committee.pk])).status_code == 200
    assert client.get(reverse("orgs:committee_detail", args=[world.committee.pk])).status_code == 404


@pytest.mark.parametrize("rows", [2, 12])
def test_committee_list_queries_do_not_grow(world, login, django_assert_max_num_queries, rows):
    for _ in range(rows):
        OrganisationFactory(kind=OrgKind.COMMITTEE, region=world.region, founder=world.competent)
    client = login(world.title_office_staff)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("orgs:committee_list") + "?size=50").status_code == 200


def test_grant_and_revoke_through_the_page(world, cat, login):
    client = login(world.title_office_staff)
    url = reverse("orgs:committee_scope_grant", args=[world.committee.pk])
    response = client.post(url, {"pick": f"specialty:{cat.university.pk}"})
    assert response.status_code == 200 and "选择整个系列或专业时请选择级别" in response.content.decode()
    response = client.post(url, {"pick": f"specialty:{cat.university.pk}",
                                 "levels": [Level.SENIOR_FULL, Level.SENIOR_DEPUTY]})
    assert response.status_code == 302
    html = client.get(reverse("orgs:committee_detail", args=[world.committee.pk])).content.decode()
    assert "已授予可评审专业：教师系列/高校教师（整个专业）（正高、副高）" in html
    table = html.split('class="table table-sm table-bordered align-middle scope-table"', 1)[1].split("</table>")[0]
    assert table.count("整个专业") == 2 and table.index("正高") < table.index("副高")  # catalog order of levels
    row = CommitteeScope.objects.get(level=Level.SENIOR_FULL)
    response = client.post(reverse("orgs:committee_scope_revoke", args=[world.committee.pk, row.pk]))
    assert response.status_code == 302 and CommitteeScope.objects.count() == 1
    assert AuditEntry.objects.filter(action__startswith="orgs.committee_scope_").count() == 2


def test_an_object_of_another_committee_is_404_under_this_one(world, cat, login, urumqi_committee):
    other_row = _row(urumqi_committee, cat.lecturer)
    other_row.save()
    other_contact = urumqi_committee.committee_profile.contacts.create(name="赵干事", phone="0991-0000000")
    client = login(world.title_office_staff)
    url = reverse("orgs:committee_scope_revoke", args=[world.committee.pk, other_row.pk])
    assert client.post(url).status_code == 404
    url = reverse("orgs:committee_contact_remove", args=[world.committee.pk, other_contact.pk])
    assert client.post(url).status_code == 404
    assert CommitteeScope.objects.filter(pk=other_row.pk).exists()
    assert CommitteeContact.objects.filter(pk=other_contact.pk).exists()


def test_the_office_edits_the_office_and_adds_a_contact_through_the_page(world, login):
    client = login(world.title_office_staff)
    response = client.post(reverse("orgs:committee_contact_add", args=[world.committee.pk]),
                           {"post": "contact", "name": "李干事"})
    assert response.status_code == 200 and "联系电话和手机至少填写一项" in response.content.decode()
    client.post(reverse("orgs:committee_contact_add", args=[world.committee.pk]),
                {"post": "contact", "name": "李干事", "phone": "0991-2856677", "mobile": "13899887766"})
    client.post(reverse("orgs:committee_office_edit", args=[world.committee.pk]),
                {"office_name": "教育厅职称办", "location": "乌鲁木齐市", "office_address": "新华南路1号"})
    html = client.get(reverse("orgs:committee_detail", args=[world.committee.pk])).content.decode()
    assert "教育厅职称办" in html and "李干事" in html and "138****7766" in html and "13899887766" not in html


def test_the_committee_reads_its_own_scopes_without_forms(world, cat, login):
    _row(world.committee, cat.professor).save()
    world.committee.committee_profile.contacts.create(name="李干事", phone="0991-2856677")
    clerk = staff_of(world.committee, Role.CLERK, name="评委会经办人")
    for user in (world.committee_admin, clerk):
        html = login(user).get(reverse("orgs:my_committee")).content.decode()
        assert "教授" in html and "李干事" in html and "新疆维吾尔自治区教育厅" in html
        assert "授予" not in html and "撤销" not in html and 'action="/orgs/committees' not in html
    assert login(world.title_office_staff).get(reverse("orgs:my_committee")).status_code == 403


def test_demo_committee_gets_its_office_and_contacts_through_the_services(settings):
    from django.core.management import call_command

    from zhuanji.orgs import demo
    from zhuanji.orgs.models import Organisation

    call_command("load_catalog", stdout=io.StringIO())
    call_command("load_province", stdout=io.StringIO())
    staff_of(Organisation.objects.get(code=demo.OFFICE_CODE), Role.REVIEWER, name="刘晓燕")
    demo.load_demo()
    demo.load_demo()  # again: nothing doubles
    profile = CommitteeProfile.objects.get(committee__code=demo.COMMITTEE_CODE)
    assert profile.office_name == demo.OFFICE["office_name"]
    assert [c.name for c in profile.contacts.all()] == [name for _post, name, _phone, _mobile in demo.CONTACTS]
    assert AuditEntry.objects.filter(action="orgs.committee_contact_add").count() == len(demo.CONTACTS)
    assert CommitteeScope.objects.filter(committee=profile.committee).count() == 4  # from committee_scopes.csv
