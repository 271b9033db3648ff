"""Access matrix (STYLE #10): every orgs URL × every persona; a URL without a row fails."""

from types import SimpleNamespace

import pytest

from tests.access import access_matrix_test, assert_every_url_has_a_row, get, post, row
from tests.factories import staff_of
from zhuanji.catalog.models import Level, Qualification, Series, Specialty
from zhuanji.orgs import urls
from zhuanji.orgs.models import CommitteeScope, Membership, Recommendation, Role

ADMINS = {"unit_admin", "other_unit_admin", "committee_admin", "ce_base_admin", "platform_admin"}

PLATFORM_ONLY = row(403, platform_admin=200)
UNIT_ADMINS_ONLY = row(403, unit_admin=200, other_unit_admin=200)
# The clerk is of 新疆大学: its administrator and the platform's manage them; other units' get 404.
CLERK_GET = row(404, unit_admin=200, platform_admin=200)
CLERK_POST = row(404, unit_admin=302, platform_admin=302)


def _clerk(objects):
    return [objects.clerk.pk]


OFFICE_GET = row(403, title_office_staff=200, prefecture_title_office_staff=404)
OFFICE_POST = row(403, title_office_staff=302, prefecture_title_office_staff=404)


def _committee(objects):
    return [objects.committee.pk]


MATRIX = {
    "switch": get(row(200)),
    "unit_search": get(row(200), data=lambda o: {"keyword": "新疆"}),
    "org_list": get(PLATFORM_ONLY),
    "org_create": get(PLATFORM_ONLY),
    "org_edit": get(row(404, platform_admin=200), args=lambda o: [o.unit.pk]),
    "org_toggle": post(row(404, platform_admin=302), args=lambda o: [o.ce_base.pk]),
    "users": get(row(403, **dict.fromkeys(ADMINS, 200))),
    "user_create": get(row(403, **dict.fromkeys(ADMINS - {"platform_admin"}, 200), platform_admin=302)),
    "user_edit": get(CLERK_GET, args=_clerk),
    "user_toggle": post(CLERK_POST, args=_clerk),
    "user_reset_password": post(CLERK_POST, args=_clerk),
    "unit_info": get(UNIT_ADMINS_ONLY),
    "unit_info_edit": get(UNIT_ADMINS_ONLY),
    "unit_rename": get(UNIT_ADMINS_ONLY),
    "unit_recommenders": get(UNIT_ADMINS_ONLY),
    "unit_recommender_remove": post(row(403, unit_admin=302, other_unit_admin=404), args=lambda o: [o.link.pk]),
    # 评审委员会管理: both title offices hold the permission; world.committee is 自治区-level (the 地州 office: 404).
    "committee_list": get(row(403, title_office_staff=200, prefecture_title_office_staff=200)),
    "committee_detail": get(OFFICE_GET, args=_committee),
    "committee_office_edit": post(OFFICE_POST, args=_committee, data=lambda o: {"office_name": "教育厅职称办"}),
    "committee_contact_add": post(OFFICE_POST, args=_committee,
                                  data=lambda o: {"post": "contact", "name": "张三", "phone": "0991-1234567"}),
    "committee_contact_remove": post(OFFICE_POST, args=lambda o: [o.committee.pk, o.contact.pk]),
    "committee_scope_grant": post(OFFICE_POST, args=_committee,
                                  data=lambda o: {"pick": f"series:{o.series.pk}", "levels": ["senior_full"]}),
    "committee_scope_revoke": post(OFFICE_POST, args=lambda o: [o.committee.pk, o.scope.pk]),
    "my_committee": get(row(403, committee_admin=200)),
}


def test_every_orgs_url_has_a_row():
    assert_every_url_has_a_row(urls, MATRIX)


@pytest.fixture
def objects(world):
    """What the object URLs point at: two organisations, a clerk of world.unit and one of its 推荐单位 links."""
    clerk_user = staff_of(world.unit, Role.CLERK, name="经办人")
    series = Series.objects.create(code="03", name="教师系列")
    specialty = Specialty.objects.create(series=series, code="03001", name="高校教师")
    Qualification.objects.create(specialty=specialty, code="0300101", name="教授", level=Level.SENIOR_FULL)
    Qualification.objects.create(specialty=specialty, code="0300102", name="副教授", level=Level.SENIOR_DEPUTY)
    return SimpleNamespace(
        unit=world.unit,
        ce_base=world.ce_base,
        clerk=Membership.objects.get(user=clerk_user),
        link=Recommendation.objects.create(unit=world.unit, recommender=world.competent),
        committee=world.committee,
        series=series,
        contact=world.committee.committee_profile.contacts.create(name="李干事", phone="0991-7654321"),
        scope=CommitteeScope.objects.create(committee=world.committee, series=series, specialty=specialty,
                                            level=Level.SENIOR_DEPUTY),
    )


test_access_matrix = access_matrix_test(urls, MATRIX)


@pytest.mark.parametrize("name", sorted(n for n, visit in MATRIX.items() if visit.method == "post"))
def test_state_changes_refuse_get(name, world, login, objects):
    url = MATRIX[name].url(f"orgs:{name}", objects)
    assert login(world.platform_admin).get(url).status_code in (403, 405)
    assert login(world.unit_admin).get(url).status_code == 405
