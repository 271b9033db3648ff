"""Browser test: the 系列 › 专业 › 级别 picker loads its columns through htmx, single and multiple."""

import pytest

from tests.catalog.conftest import catalog  # noqa: F401 - fixture used by this module
from tests.e2e.test_login import fill_login
from tests.factories import PASSWORD, PersonUserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_pick_qualifications_through_the_cascade_and_search(page, catalog, settings):  # noqa: F811
    settings.ROOT_URLCONF = "tests.catalog.picker_urls"
    user = PersonUserFactory()
    fill_login(page, user.username, PASSWORD)
    page.get_by_role("heading", name="业务矩阵").wait_for()
    page.goto("/picker-demo/")

    single = page.locator("#id_qualification-picker")
    assert single.locator("select[name=qualification]").is_hidden()
    single.get_by_label("系列", exact=True).select_option(label="卫生系列")
    single.get_by_label("专业", exact=True).locator("option", has_text="内科学").wait_for(state="attached")
    single.get_by_label("专业", exact=True).select_option(label="内科学")
    levels = single.get_by_label("级别", exact=True)
    levels.locator("option", has_text="主任医师(正高)").wait_for(state="attached")
    assert levels.locator("option", has_text="主治医师").count() == 0  # 以考代评 is not offered here
    levels.select_option(label="主任医师(正高)")
    single.locator(".picker-chip", has_text="卫生系列/内科学/主任医师(正高)").wait_for()

    multiple = page.locator("#id_scope-picker")
    multiple.get_by_label("系列", exact=True).select_option(label="教师系列")
    multiple.get_by_label("专业", exact=True).locator("option", has_text="高校教师").wait_for(state="attached")
    multiple.get_by_label("专业", exact=True).select_option(label="高校教师")
    multiple.get_by_label("级别", exact=True).locator("option", has_text="教授(正高)").wait_for(state="attached")
    multiple.get_by_label("级别", exact=True).select_option(label="教授(正高)")
    multiple.get_by_label("级别", exact=True).select_option(label="讲师(中级)")
    multiple.get_by_label("搜索", exact=True).fill("计算机")
    found = multiple.get_by_label("级别", exact=True)
    found.locator("option", has_text="计算机技术与软件专业").wait_for(state="attached")
    found.select_option(label="工程系列/计算机技术与软件专业/工程师(中级)")
    assert multiple.locator(".picker-chip").count() == 3
    multiple.get_by_role("button", name="移除 教师系列/高校教师/讲师(中级)").click()
    assert multiple.locator(".picker-chip").count() == 2

    page.get_by_role("button", name="保存").click()
    chosen = page.locator("p.chosen").all_inner_texts()
    assert chosen == ["卫生系列/内科学/主任医师(正高)", "工程系列/计算机技术与软件专业/工程师(中级)",
                      "教师系列/高校教师/教授(正高)"]
