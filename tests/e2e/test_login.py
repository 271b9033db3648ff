"""Browser tests: register, log in to the 业务矩阵, captcha and password errors, back-off."""

import pytest

from tests.factories import PASSWORD, PersonUserFactory
from zhuanji.common.fakeids import make_id_number

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def fill_login(page, identifier, password, captcha="PASSED"):
    page.goto("/accounts/login/")
    page.get_by_label("身份证号码/单位组织机构代码/用户名").fill(identifier)
    page.get_by_label("密码").fill(password)
    page.get_by_label("验证码").fill(captcha)
    page.get_by_role("button", name="登录").click()


def log_in(page, user):
    """A fresh session as `user` (password PASSWORD), on the 业务矩阵 it lands on."""
    page.context.clear_cookies()
    fill_login(page, user.username, PASSWORD)
    page.get_by_role("heading", name="业务矩阵").wait_for()


def test_register_then_log_in_to_the_matrix(page):
    id_number = make_id_number(2024, gender="女")
    page.goto("/accounts/register/")
    page.get_by_role("link", name="个人注册").click()
    page.get_by_label("身份证号码").fill(id_number)
    page.get_by_label("姓名").fill("阿依古丽")
    page.get_by_label("民族").select_option("维吾尔族")
    page.get_by_label("手机号码").fill("13512345678")
    page.get_by_label("*密码", exact=True).fill(PASSWORD)  # required fields are labelled with "*"
    page.get_by_label("确认密码").fill(PASSWORD)
    page.get_by_label("验证码").fill("PASSED")
    page.get_by_role("button", name="注册").click()
    page.get_by_text("注册成功").wait_for()

    fill_login(page, id_number, PASSWORD)
    page.get_by_role("heading", name="业务矩阵").wait_for()
    assert page.locator("h1").inner_text() == "业务矩阵"
    assert "申请人" in page.locator("header").inner_text()


def test_wrong_captcha_and_wrong_password_show_errors(page, db):
    user = PersonUserFactory()
    fill_login(page, user.username, PASSWORD, captcha="WRONG")
    page.get_by_text("验证码错误").wait_for()
    fill_login(page, user.username, "Wrong#2026")
    page.get_by_text("账号或密码错误").wait_for()


def test_sixth_attempt_waits_a_minute_and_no_count_is_told(page, db):
    user = PersonUserFactory()
    for _ in range(5):
        fill_login(page, user.username, "Wrong#2026")
        assert "再输错" not in page.content()
    fill_login(page, user.username, PASSWORD)
    page.get_by_text("尝试过于频繁，请1分钟后再试").wait_for()
    assert page.url.endswith("/accounts/login/")


def test_clicking_the_captcha_image_refreshes_it(page):
    page.goto("/accounts/login/")
    image = page.locator("img.captcha")
    before = image.get_attribute("src")
    image.click()
    page.wait_for_function("src => document.querySelector('img.captcha').getAttribute('src') !== src", arg=before)
    assert page.locator("#id_captcha_0").input_value() in image.get_attribute("src")
