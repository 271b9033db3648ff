"""Browser test: the public home shows notices, opens one, switches region and looks up committee contacts."""

import pytest

from tests.factories import OrganisationFactory
from tests.portal.conftest import NoticeFactory
from zhuanji.orgs.models import OrgKind

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_home_notice_region_switch_and_contacts(page, world):
    NoticeFactory(title="关于开展2023年度自治区工程系列安全工程专业职称评审的通知",
                  body="<p>申报材料报送截止时间为<strong>11月30日</strong>。</p>")
    NoticeFactory(title="乌鲁木齐市2023年度中级职称评审工作安排", region=world.urumqi)
    committee = OrganisationFactory(kind=OrgKind.COMMITTEE, name="乌鲁木齐市中级职称评审委员会", region=world.urumqi,
                                    founder=world.hr_bureau)
    committee.committee_profile.office_address = "乌鲁木齐市天山区人民路1号"
    committee.committee_profile.save()
    committee.committee_profile.contacts.create(name="职称科", phone="0991-4567890")

    page.goto("/")
    page.get_by_role("link", name="关于开展2023年度自治区工程系列安全工程专业职称评审的通知").click()
    page.get_by_role("heading", name="关于开展2023年度自治区工程系列安全工程专业职称评审的通知").wait_for()
    assert page.locator(".notice-body strong").inner_text() == "11月30日"

    page.goto("/")
    assert page.get_by_text("乌鲁木齐市2023年度中级职称评审工作安排").count() == 0
    assert page.get_by_role("link", name="自治区本级统一登录入口").is_visible()
    page.get_by_role("button", name="切换区域：自治区").click()
    page.get_by_role("button", name="乌鲁木齐市").click()
    page.get_by_role("link", name="乌鲁木齐市2023年度中级职称评审工作安排").wait_for()
    assert page.get_by_role("link", name="乌鲁木齐市统一登录入口").is_visible()

    page.get_by_role("link", name="职称评审办事机构联系方式").click()
    row = page.locator(".contacts-table tbody tr", has_text="乌鲁木齐市中级职称评审委员会")
    row.wait_for()
    assert "0991-4567890" in row.inner_text() and "乌鲁木齐市天山区人民路1号" in row.inner_text()
    assert page.get_by_text(world.committee.name).count() == 0
    page.get_by_label("所属区域").select_option(label="自治区本级")
    page.get_by_role("button", name="搜索").click()
    page.locator(".contacts-table tbody tr", has_text=world.committee.name).wait_for()
