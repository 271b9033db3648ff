"""Idle sessions: a visible warning before the session ends, 继续使用 keeps it, idling out logs out."""

import pytest

from tests.factories import PASSWORD, PersonUserFactory

from .test_login import fill_login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def short_session(settings):
    # Scaled down from 30 minutes with a 5-minute warning: same page code, seconds instead of minutes.
    settings.SESSION_COOKIE_AGE = 8
    settings.SESSION_WARNING_SECONDS = 6


def test_warning_shows_before_timeout_and_continue_keeps_the_session(page, short_session):
    user = PersonUserFactory()
    fill_login(page, user.username, PASSWORD)
    page.get_by_role("heading", name="业务矩阵").wait_for()

    warning = page.get_by_role("dialog", name="登录即将超时")
    warning.wait_for(timeout=6000)
    assert "后将自动退出登录" in warning.inner_text()
    page.get_by_role("button", name="继续使用").click()
    warning.wait_for(state="hidden")

    page.reload()
    assert page.get_by_role("heading", name="业务矩阵").is_visible()


def test_idle_session_ends_on_the_login_page(page, short_session):
    user = PersonUserFactory()
    fill_login(page, user.username, PASSWORD)
    page.get_by_role("heading", name="业务矩阵").wait_for()

    page.wait_for_url("**/accounts/login/?timeout=1", timeout=15000)
    assert page.get_by_text("登录已超时，请重新登录").is_visible()
    page.goto("/matrix/")
    assert "/accounts/login/" in page.url
