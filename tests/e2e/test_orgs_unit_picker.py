"""Browser test: the 选择工作单位 dialog fills the unit picker on any form (here the person's profile)."""

import pytest

from tests.e2e.test_login import fill_login
from tests.factories import PASSWORD, PersonUserFactory, UnitFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_pick_a_work_unit_through_the_search_dialog(page):
    unit = UnitFactory(name="新疆大学")
    UnitFactory(name="新疆大学资产经营有限公司")
    user = PersonUserFactory()
    fill_login(page, user.username, PASSWORD)
    page.get_by_role("heading", name="业务矩阵").wait_for()
    page.goto("/accounts/profile/")
    page.get_by_role("button", name="选择工作单位").click()
    dialog = page.locator("#dialog")
    dialog.get_by_label("单位名称").fill("不存在的单位")
    dialog.get_by_role("button", name="点击搜索单位").click()
    dialog.get_by_text("列表中没有显示申报人工作单位").wait_for()
    dialog.get_by_label("单位名称").fill("新疆大学")
    dialog.get_by_role("button", name="点击搜索单位").click()
    dialog.get_by_text("新疆大学资产经营有限公司").wait_for()
    dialog.locator(f'[data-unit-id="{unit.pk}"]').click()
    dialog.wait_for(state="hidden")
    assert page.get_by_label("已选工作单位").input_value() == "新疆大学"
    assert page.locator('input[type="hidden"][name="work_unit"]').input_value() == str(unit.pk)
