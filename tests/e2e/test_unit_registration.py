"""Browser test of 单位注册 on the review engine: a unit registers on the public page, cannot log in while it
waits, its 地州人社局's reviewer approves it from 我的待办 (办理 → 通过), and then its admin logs in."""

import pytest

from tests.e2e.test_login import fill_login, log_in
from tests.factories import PASSWORD
from zhuanji.accounts.models import SmsMessage, UnitRegistration
from zhuanji.common.fakeids import make_credit_code
from zhuanji.reviews.models import CaseState

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CREDIT_CODE = make_credit_code(8802)
NAME = "乌鲁木齐市第一中学"


def register_unit(page, region_name: str) -> str:
    """Fill in the public 单位注册 page; the admin's user name (YHBH…) it shows."""
    page.goto("/accounts/register/")
    page.get_by_role("link", name="单位注册").click()
    page.get_by_label("统一社会信用代码").fill(CREDIT_CODE)
    page.get_by_label("单位名称").fill(NAME)
    page.get_by_label("所属区域").select_option(label=region_name)
    page.get_by_label("管理员姓名").fill("王芳")
    page.get_by_label("管理员手机号码").fill("13912345678")
    page.get_by_label("*密码", exact=True).fill(PASSWORD)  # required fields are labelled with "*"
    page.get_by_label("确认密码").fill(PASSWORD)
    page.get_by_label("验证码").fill("PASSED")
    page.get_by_role("button", name="注册").click()
    page.get_by_role("heading", name="单位注册已提交").wait_for()
    assert "审核通过后即可登录" in page.get_by_role("status").inner_text()
    return page.locator("#account-username").inner_text()


def test_register_a_unit_approve_it_andlog_in(page, world):
    username = register_unit(page, world.urumqi.name)
    registration = UnitRegistration.objects.select_related("case", "org").get(credit_code=CREDIT_CODE)
    assert registration.case.current_org == world.hr_bureau and not registration.org.is_active

    # Waiting for review: the right password gets the reason, not a session.
    fill_login(page, CREDIT_CODE, PASSWORD)
    page.get_by_text("单位注册信息正在审核中，审核通过后即可登录").wait_for()
    assert page.url.endswith("/accounts/login/")

    # The 乌鲁木齐市人社局's reviewer: 我的待办 → 办理 → 通过.
    log_in(page, world.hr_bureau_staff)
    page.locator("summary", has_text="审核办理").click()
    page.get_by_role("link", name="我的待办").click()
    row = page.get_by_role("row", name=registration.org.code)
    assert "单位注册" in row.inner_text() and f"{NAME} 单位注册" in row.inner_text()
    row.get_by_role("link", name="办理").click()
    dialog = page.locator("#dialog")
    dialog.get_by_role("heading", name="单位注册审核").wait_for()
    dialog.get_by_label("通过", exact=True).check()
    dialog.get_by_label("审核意见").fill("单位信息核实无误")
    dialog.get_by_role("button", name="确认").click()
    page.get_by_text(f"{registration.org.code} 已通过").wait_for()
    registration.case.refresh_from_db()
    assert registration.case.state == CaseState.APPROVED

    # Its page shows the registration and the 流程日志, with nothing left to do.
    page.goto(f"/accounts/unit-registrations/{registration.pk}/")
    page.get_by_role("heading", name="单位注册").wait_for()
    assert page.get_by_role("cell", name=CREDIT_CODE).is_visible()
    assert page.get_by_role("link", name="办理").count() == 0
    assert SmsMessage.objects.filter(phone="13912345678", text__contains=username).exists()

    # The unit's admin logs in, by credit code, as the unit's administrator.
    page.context.clear_cookies()
    fill_login(page, CREDIT_CODE, PASSWORD)
    page.get_by_role("heading", name="业务矩阵").wait_for()
    assert NAME in page.locator("header").inner_text()
