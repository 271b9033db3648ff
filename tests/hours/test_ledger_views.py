"""我的学时 and 学时查询: the yearly account pages, their scope, and flat query counts."""

import itertools
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from zhuanji.audit.masking import mask_id_number
from zhuanji.audit.services import SYSTEM
from zhuanji.hours.models import HoursKind
from zhuanji.hours.services import credit_hours
from zhuanji.orgs.acting import acting_of
from zhuanji.portal.menus import menu_for

from ..factories import PersonUserFactory

YEAR = 2026


def _credit(hw, person, *, kind=HoursKind.PROFESSIONAL, hours=60, source=None, year=YEAR, org=None):
    return credit_hours(actor=SYSTEM, person=person, year=year, kind=kind, hours=hours,
                        source=source or f"test:{person.pk}:{kind}:{year}:{hours}", credited_by=org or hw.competent,
                        description="专业课学时认定 SQ20260310000001（教师系列/高校教师/教授(正高)）")


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


class TestMyAccount:
    def test_shows_the_years_totals_requirement_and_credits(self, hw, login):
        _credit(hw, hw.person, hours=60)
        _credit(hw, hw.person, kind=HoursKind.PUBLIC, hours="12.5", org=hw.ce_base)
        _credit(hw, hw.person, kind=HoursKind.PUBLIC, hours=30, year=YEAR - 1)
        _credit(hw, hw.other_person, hours=99)
        page = _text(login(hw.person).get(reverse("hours:account") + f"?year={YEAR}"))
        assert f"{YEAR}年度继续教育学时" in page
        assert "<th scope=\"row\">公需科目</th><td>12.5</td> <td>不少于30学时</td>" in page
        assert "<th scope=\"row\">专业科目</th><td>60</td>" in page and "不少于60学时" in page
        assert "<strong>72.5</strong>" in page and "不少于90学时" in page
        assert page.count("已达标") == 1 and page.count("未达标") == 2
        assert "依据文件：专业技术人员继续教育规定（人社部令第25号）" in page
        assert "专业课学时认定 SQ20260310000001" in page and hw.ce_base.name in page and hw.competent.name in page
        assert "共2条" in page and "99" not in page.split("学时记录")[1].split("共2条")[0]

    def test_defaults_to_this_year_and_says_when_empty(self, hw, login):
        from django.utils import timezone

        _credit(hw, hw.person, year=2021)
        page = _text(login(hw.person).get(reverse("hours:account")))
        assert f"{timezone.localdate().year}年度继续教育学时" in page
        assert "暂无数据" in page and "共0条" in page
        assert "暂无数据" not in _text(login(hw.person).get(reverse("hours:account") + "?year=2021"))

    def test_a_year_without_a_requirement(self, hw, login):
        page = _text(login(hw.person).get(reverse("hours:account") + "?year=2019"))
        assert "尚未配置2019年度继续教育学时标准" in page and "已达标" not in page

    def test_reachable_from_the_persons_menu(self, hw):
        items = {(s["label"], i["label"]) for s in menu_for(acting_of(hw.person).perms) for i in s["items"]}
        assert ("继续教育", "我的学时") in items and ("继续教育", "学时查询") not in items


class TestUnitAccounts:
    serial = itertools.count(1)

    def _people(self, hw, count, unit=None):
        people = []
        for _ in range(count):
            person = PersonUserFactory(name=f"学员{next(self.serial)}")
            person.person.work_unit = unit or hw.unit
            person.person.save()
            _credit(hw, person, hours=60)
            _credit(hw, person, kind=HoursKind.PUBLIC, hours=30)
            people.append(person)
        return people

    def test_lists_the_units_people_with_masked_ids(self, hw, login):
        _credit(hw, hw.person, hours=60)
        _credit(hw, hw.person, kind=HoursKind.PUBLIC, hours=10)
        _credit(hw, hw.person, kind=HoursKind.PUBLIC, hours=50, year=YEAR - 1)  # another year: not counted
        met = self._people(hw, 1)[0]
        response = login(hw.unit_admin).get(reverse("hours:unit_accounts") + f"?year={YEAR}")
        page = _text(response)
        id_number = hw.person.person.id_number
        assert mask_id_number(id_number) in page and id_number not in page
        row = page.split(hw.person.name)[1].split("</tr>")[0]
        assert "<td>10</td><td>60</td> <td>70</td>" in row and "未达标" in row
        assert "已达标" in page.split(met.name)[1].split("</tr>")[0]
        assert hw.other_person.name not in page and mask_id_number(hw.other_person.person.id_number) not in page
        assert "共2条" in page
        assert f"{YEAR}年度要求：公需科目不少于30学时，专业科目不少于60学时，合计不少于90学时" in page
        assert f'{reverse("hours:unit_account_detail", args=[hw.person.pk])}?year={YEAR}' in page

    def test_filters_by_name_and_id_number(self, hw, login):
        self._people(hw, 2)
        client = login(hw.unit_admin)
        url = reverse("hours:unit_accounts")
        by_id = _text(client.get(url, {"year": YEAR, "id_number": hw.person.person.id_number}))
        assert "共1条" in by_id and hw.person.name in by_id
        by_name = _text(client.get(url, {"year": YEAR, "name": hw.person.name[:1]}))
        assert hw.person.name in by_name
        nobody = _text(client.get(url, {"year": YEAR, "name": "查无此人"}))
        assert "暂无数据" in nobody and "共0条" in nobody

    def test_another_units_admin_sees_only_their_own_people(self, hw, login):
        self._people(hw, 2)
        _credit(hw, hw.other_person, hours=60)
        page = _text(login(hw.other_unit_admin).get(reverse("hours:unit_accounts") + f"?year={YEAR}"))
        assert hw.other_person.name in page and hw.person.name not in page and "共1条" in page
        detail = reverse("hours:unit_account_detail", args=[hw.person.pk])
        assert login(hw.other_unit_admin).get(detail).status_code == 404
        assert login(hw.unit_admin).get(reverse("hours:unit_account_detail", args=[hw.other_person.pk])
                                        ).status_code == 404

    def test_detail_shows_the_persons_credits(self, hw, login):
        _credit(hw, hw.person, hours=60)
        response = login(hw.unit_admin).get(reverse("hours:unit_account_detail", args=[hw.person.pk]),
                                            {"year": YEAR})
        page = _text(response)
        assert "学时详情" in page and hw.person.name in page
        assert mask_id_number(hw.person.person.id_number) in page and hw.person.person.id_number not in page
        assert "专业课学时认定 SQ20260310000001" in page and "共1条" in page

    def test_a_person_who_left_the_unit_is_no_longer_listed(self, hw, login):
        hw.person.person.work_unit = hw.other_unit
        hw.person.person.save()
        client = login(hw.unit_admin)
        assert hw.person.name not in _text(client.get(reverse("hours:unit_accounts")))
        assert client.get(reverse("hours:unit_account_detail", args=[hw.person.pk])).status_code == 404

    @pytest.mark.parametrize("view", ["hours:unit_accounts", "hours:account"])
    def test_queries_do_not_grow_with_rows(self, hw, login, view, django_assert_max_num_queries):
        user = hw.unit_admin if view == "hours:unit_accounts" else hw.person
        client = login(user)
        url = reverse(view) + f"?year={YEAR}&size=50"
        self._people(hw, 2)
        for n in range(2):
            _credit(hw, hw.person, hours=1, source=f"few{n}")
        few = _queries(client, url)
        self._people(hw, 20)
        for n in range(20):
            _credit(hw, hw.person, hours=1, source=f"many{n}")
        with django_assert_max_num_queries(few):
            response = client.get(url)
        # Every row is on the page: 22 people and the unit's own person, or the person's 22 credits.
        assert "共23条" in _text(response) if view == "hours:unit_accounts" else "共22条" in _text(response)

    def test_in_the_unit_admins_menu(self, hw):
        items = {(s["label"], i["label"]) for s in menu_for(acting_of(hw.unit_admin).perms) for i in s["items"]}
        assert ("继续教育", "学时查询") in items and ("继续教育", "我的学时") not in items
