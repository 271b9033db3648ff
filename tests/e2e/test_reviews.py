"""Browser test of the review engine through the test-only memo route: 办理 dialog with 选择提交单位,
batch 退回 with 本页全选, 收回, and the flow diagram's contact tooltip."""

import pytest

from tests.e2e.test_login import log_in
from tests.reviews.conftest import make_memo, memo_world  # noqa: F401 - fixtures used by this module
from zhuanji.reviews.models import Case, CaseState

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]



def test_act_batch_withdraw_and_diagram(page, memo_world, make_memo):  # noqa: F811
    w = memo_world
    first = make_memo("unit", title="第一份备忘录").case
    second = make_memo("unit", title="第二份备忘录").case
    third = make_memo("unit", title="第三份备忘录").case

    log_in(page, w.unit_admin)
    page.locator("summary", has_text="审核办理").click()
    page.get_by_role("link", name="我的待办").click()
    page.get_by_role("row", name=first.number).get_by_role("link", name="办理").click()
    dialog = page.locator("#dialog")
    dialog.get_by_role("heading", name="信息审核").wait_for()
    dialog.get_by_label("同意", exact=True).check()
    dialog.get_by_label("选择提交单位").select_option(label=w.hr_bureau.name)
    dialog.get_by_label("推荐意见").fill("同意推荐")
    dialog.get_by_role("button", name="确认").click()
    page.get_by_text(f"{first.number} 已同意").wait_for()
    assert Case.objects.get(pk=first.pk).current_org == w.hr_bureau

    # Returning needs an opinion: the error shows beside the field and the case stays.
    page.get_by_role("row", name=second.number).get_by_role("link", name="办理").click()
    dialog.get_by_label("退回", exact=True).check()
    dialog.get_by_label("退回意见").wait_for()
    dialog.get_by_role("button", name="确认").click()
    dialog.get_by_text("请填写退回意见").wait_for()
    dialog.get_by_role("button", name="取消").click()

    # 本页全选 then 批量退回所选.
    page.get_by_label("本页全选").check()
    page.get_by_label("批量办理意见").fill("请补充材料")
    page.once("dialog", lambda d: d.accept())
    page.get_by_role("button", name="批量退回所选(申请人)").click()
    page.get_by_text("已批量退回2条").wait_for()
    assert {c.state for c in Case.objects.filter(pk__in=[second.pk, third.pk])} == {CaseState.RETURNED}

    # 我要收回: take the first back from 乌鲁木齐市人社局, which has not acted yet.
    page.get_by_role("link", name="我要收回").click()
    page.once("dialog", lambda d: d.accept())
    page.get_by_role("row", name=first.number).get_by_role("button", name="收回").click()
    page.get_by_text(f"{first.number} 已收回").wait_for()
    assert Case.objects.get(pk=first.pk).current_org == w.unit

    # The flow diagram: the current node is highlighted and hovering shows its contact.
    page.goto(f"/reviews/{first.pk}/flow/")
    current = page.locator(".flow-node-current")
    assert current.inner_text().startswith("基层单位")
    current.hover()
    page.get_by_role("tooltip").get_by_text(f"办理单位：{w.unit.name}").wait_for()
    page.get_by_role("cell", name="收回", exact=False).first.wait_for()


def test_batch_approve_with_a_chosen_unit_and_the_filing_s_own_words(page, memo_world, make_memo):  # noqa: F811
    from tests.reviews.docapp.services import filing_create
    from zhuanji.reviews.services import case_submit

    w = memo_world
    cases = [make_memo("unit", title=f"第{n}份备忘录").case for n in (1, 2)]
    log_in(page, w.unit_admin)
    page.goto("/reviews/")
    # Nothing ticked: the batch buttons say so instead of asking to confirm.
    alerts = []
    page.once("dialog", lambda d: (alerts.append(d.message), d.accept()))
    page.get_by_role("button", name="批量提交所选").click()
    page.wait_for_timeout(300)
    assert alerts == ["请先勾选要办理的申请"]
    page.get_by_label("本页全选").check()
    page.once("dialog", lambda d: d.accept())
    page.get_by_role("button", name="批量提交所选").click()
    page.get_by_role("heading", name="批量提交所选（2条）").wait_for()
    page.get_by_label("选择提交单位").select_option(label=w.hr_bureau.name)
    page.once("dialog", lambda d: d.accept())
    page.get_by_role("button", name="确认提交").click()
    page.get_by_text("已批量同意2条").wait_for()
    assert {(c.node, c.current_org_id) for c in Case.objects.filter(pk__in=[c.pk for c in cases])} == {
        ("recommender", w.hr_bureau.pk)}

    # An organisation's filing: the 办理 dialog offers the node's own decisions, and the 不通过 reason is required.
    filing = case_submit(case=filing_create(actor=w.ce_base_admin, owner=w.ce_base, title="培训前备案").case,
                         actor=w.ce_base_admin)
    log_in(page, w.competent_staff)
    page.goto("/reviews/")
    page.get_by_role("row", name=filing.number).get_by_role("link", name="办理").click()
    dialog = page.locator("#dialog")
    dialog.get_by_label("通过", exact=True).check()
    dialog.get_by_label("审核意见").fill("初审通过")
    dialog.get_by_role("button", name="确认").click()
    page.get_by_text(f"{filing.number} 已通过").wait_for()
    page.goto(f"/reviews/{filing.pk}/flow/")
    page.get_by_role("cell", name="主管单位初审 （通过）").wait_for()
    first = page.locator(".flow-node").first
    assert first.inner_text().startswith("培训机构")
