import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import OrganisationFactory, UnitFactory, staff_of
from zhuanji.accounts.models import User
from zhuanji.orgs.models import Organisation, OrgKind
from zhuanji.orgs.selectors import org_user_list, recommender_candidates, unit_search

pytestmark = pytest.mark.django_db


def test_unit_search_by_any_part_of_the_name_and_by_code_prefix(world):
    UnitFactory(name="新疆大学资产经营有限公司", region=world.region)
    UnitFactory(name="新疆大学科学技术学院", region=world.region, is_active=False)
    OrganisationFactory(name="新疆大学继续教育中心", kind=OrgKind.CE_BASE, base_level="region")
    names = list(unit_search(keyword="新疆大学").values_list("name", flat=True))
    assert names == ["新疆大学", "新疆大学资产经营有限公司"]
    assert list(unit_search(code=world.unit.code.lower())) == [world.unit]
    assert list(unit_search(keyword="新疆大学", code=world.other_unit.code)) == []
    # What people type is often the middle of the name: 大学, 第一人民医院.
    assert list(unit_search(keyword="第一人民医院")) == [world.other_unit]
    assert set(unit_search(keyword="大学").values_list("name", flat=True)) == {"新疆大学", "新疆大学资产经营有限公司"}
    assert not unit_search().exists()


def test_unit_search_is_one_query_and_uses_an_index(world):
    with CaptureQueriesContext(connection) as ctx:
        list(unit_search(keyword="新疆"))
    assert len(ctx.captured_queries) == 1
    if connection.vendor == "sqlite":
        sql, params = unit_search(keyword="新疆").query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            plan = " ".join(str(row[-1]) for row in cursor.fetchall())
        assert "USING INDEX" in plan


def test_org_user_list_marks_users_not_edited_for_a_year(world):
    fresh = staff_of(world.unit, name="新用户")
    stale = staff_of(world.unit, name="老用户")
    User.objects.filter(pk=stale.pk).update(updated_at=timezone.now() - datetime.timedelta(days=366))
    rows = {m.user.name: m.is_stale for m in org_user_list(orgs=Organisation.objects.filter(pk=world.unit.pk))}
    assert rows[fresh.name] is False and rows[stale.name] is True
    assert "喀什医院管理员" not in rows


def test_recommender_candidates_by_region(world):
    assert set(recommender_candidates(region=world.region)) == {world.hr_department, world.competent}
    assert list(recommender_candidates(region=world.urumqi)) == [world.hr_bureau]
