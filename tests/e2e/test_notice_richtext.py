"""Browser test: 通知公告管理's 正文 is a Quill editor (static/vendor/quill, wired by app.js for
`<textarea data-richtext>`) whose HTML is posted as `body` and sanitised on save — under the CSP."""

import pytest

from tests.e2e.test_login import fill_login
from tests.factories import PASSWORD
from zhuanji.portal.models import Notice

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_notice_body_written_in_the_rich_text_editor(page, world):
    fill_login(page, world.platform_admin.username, PASSWORD)
    page.get_by_role("heading", name="业务矩阵").wait_for()

    page.goto("/manage/notices/add/")
    page.get_by_label("标题").fill("关于2024年度职称评审材料报送的通知")
    editor = page.locator(".richtext-editor").get_by_role("textbox", name="正文")  # not the textarea it hides
    editor.click()
    page.keyboard.type("申报材料报送截止时间为")
    page.get_by_role("button", name="bold").click()
    page.keyboard.type("11月30日")
    page.get_by_role("button", name="bold").click()
    page.keyboard.type("。")
    page.get_by_role("button", name="保存").click()
    page.wait_for_url("**/manage/notices/")

    notice = Notice.objects.get(title="关于2024年度职称评审材料报送的通知")
    assert notice.body == "<p>申报材料报送截止时间为<strong>11月30日</strong>。</p>"

    # Editing loads the stored HTML into the editor; saved untouched, the body stays as it was.
    page.goto(f"/manage/notices/{notice.pk}/edit/")
    editor = page.locator(".richtext-editor").get_by_role("textbox", name="正文")
    assert editor.locator("strong").inner_text() == "11月30日"
    page.get_by_role("button", name="保存").click()
    page.wait_for_url("**/manage/notices/")
    notice.refresh_from_db()
    assert notice.body == "<p>申报材料报送截止时间为<strong>11月30日</strong>。</p>"
