"""Browser test of 评审工作事前备案 end to end: a prefecture committee completes the seven steps (both required PDFs),
submits; the 地州职称办公室 returns it with a 办理意见; a second member of the committee fixes step ③ in the 设置时间
dialog and resubmits; the office receives it (接收材料) — its windows are in `open_windows` and its 工作通知 is on
the portal's 通知公告."""

import datetime

import pytest
from django.utils import timezone

from tests.catalog.conftest import catalog  # noqa: F401 - fixture used through fw
from tests.e2e.test_login import log_in
from tests.filings.conftest import PDF, fw  # noqa: F401 - fixtures used by this module
from zhuanji.filings.models import Filing, Window
from zhuanji.filings.selectors import open_windows
from zhuanji.portal.models import Notice
from zhuanji.reviews.models import CaseState

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOTS = "/tmp/filings_{}.png"
TITLE = "关于机械电子等专业的会议备案"
NOTICE_TITLE = "关于做好乌鲁木齐市工程系列中级职称评审工作的通知"


def _shot(page, name):
    page.screenshot(path=SHOTS.format(name), full_page=True)



def _date(value: datetime.date) -> str:
    return value.isoformat()


def _act(page, decision, opinion):
    """The office: 备案审核 › 待审核备案 › 办理 on the filing's row, in the engine's dialog."""
    page.goto("/filings/review/")
    page.get_by_role("heading", name="待审核备案").wait_for()
    page.get_by_role("row").filter(has_text=TITLE).get_by_role("link", name="办理").click()
    dialog = page.locator("#dialog")
    dialog.get_by_role("heading", name="备案审核").wait_for()
    dialog.get_by_label(decision, exact=True).check()
    dialog.get_by_label("办理意见").fill(opinion)
    _shot(page, f"act_{'return' if decision == '退回' else 'receive'}")
    dialog.get_by_role("button", name="确认").click()
    page.get_by_text("暂无数据").wait_for()  # the queue again, now empty


def test_prefecture_committee_files_is_returned_fixes_and_is_received(page, fw, tmp_path):  # noqa: F811
    year = timezone.localdate().year
    plan = dict(apply_start=datetime.date(year, 8, 20), apply_end=datetime.date(year, 9, 10),
                meeting_date=datetime.date(year, 10, 10), approval_date=datetime.date(year, 11, 10))
    roster = tmp_path / "办事机构工作人员名册.pdf"
    roster.write_bytes(PDF)
    pledge = tmp_path / "个人诚信承诺书.pdf"
    pledge.write_bytes(PDF)
    admin, clerk = fw.admin.user, fw.clerk.user

    # ---- the committee's administrator: 我的备案 › 新增【评审工作事前】备案, the seven steps -----------------------
    log_in(page, admin)
    page.goto("/filings/mine/")
    page.get_by_role("link", name="新增【评审工作事前】备案").click()
    page.get_by_role("heading", name="评审工作事前备案流程").wait_for()
    # ① 填写基本信息
    page.get_by_label("*标题", exact=True).fill(TITLE)  # required fields are labelled with "*"
    page.get_by_label("类型").select_option(label="评审")
    page.get_by_label("工作年度").select_option(str(year))
    page.get_by_label("初中级").check()
    page.get_by_label("评审机构名称").fill(fw.committee.name)
    page.get_by_label("所在地点").fill("乌鲁木齐市天山区人民路1号")
    page.get_by_label("负责人姓名").fill("马得炬")
    page.get_by_label("负责人联系电话").fill("0991-8028160")
    page.get_by_label("选择联系人员").select_option(label=f"{admin.name}（{admin.username}）")
    assert page.get_by_label("联系人员姓名").input_value() == admin.name  # filled from the chosen user
    page.get_by_label("联系人员联系电话").fill("0991-8022286")
    page.get_by_label("联系人员手机").fill("13679918018")
    _shot(page, "step1_basic")
    page.get_by_role("button", name="下一步").click()
    page.get_by_role("heading", name="备选的资格").wait_for()
    filing = Filing.objects.get(title=TITLE)
    assert filing.year == year and filing.contact_user == admin

    # ② 选择专业资格: tick every 备选的资格, 添加选中资格
    candidates = page.locator(".candidate-panel")
    candidates.get_by_label("全选").check()
    candidates.get_by_role("button", name="添加选中资格").click()
    page.locator(".chosen-panel").get_by_label("工程师[中级]").first.wait_for()
    _shot(page, "step2_items")
    count = filing.items.count()
    assert count >= 2
    page.get_by_role("button", name="选择完成下一步").click()

    # ③ 设置计划时间: 批量设置所有资格计划时间
    page.get_by_role("link", name="批量设置所有资格计划时间").click()
    dialog = page.locator("#dialog")
    dialog.get_by_role("heading", name="申报时间").wait_for()
    for label, name in (("申报开始时间", "apply_start"), ("申报截止时间", "apply_end"), ("上会时间", "meeting_date"),
                        ("批文时间", "approval_date")):
        dialog.get_by_label(label).fill(_date(plan[name]))
    dialog.get_by_role("button", name="保存").click()
    dialog.wait_for(state="hidden")
    page.get_by_role("cell", name=f"{year}/10/10").first.wait_for()
    _shot(page, "step3_plan")
    page.get_by_role("button", name="设置完成下一步").click()

    # ④ 工作通知: the title, and the body in the rich-text editor
    page.get_by_label("通知标题").fill(NOTICE_TITLE)
    # Scoped to the editor: the textarea it replaces carries the same label until the page has wired it.
    page.locator(".richtext-editor").get_by_role("textbox", name="通知内容").click()
    page.keyboard.type("各有关单位：网上申报时间为8月20日至9月10日，逾期视为放弃申报。")
    _shot(page, "step4_notice")
    page.get_by_role("button", name="下一步").click()

    # ⑤ 本单位用户: both members listed, none stale
    page.get_by_role("cell", name=clerk.name, exact=True).wait_for()
    page.get_by_role("button", name="下一步").click()

    # ⑥ 上传附件: the two required PDFs
    for slot, label, path in (("roster", "（二）职称评审办事机构工作人员名册", roster),
                              ("pledge", "（四）职称评审办事机构工作人员个人诚信承诺书", pledge)):
        card = page.locator(f"#slot-{slot}")
        card.get_by_label(f"上传{label}").set_input_files(str(path))
        card.get_by_role("button", name="上传", exact=True).click()
        page.locator(f"#slot-{slot}").get_by_text(path.name).wait_for()
    _shot(page, "step6_attachments")
    page.get_by_role("button", name="选择完成下一步").click()

    # ⑦ 备案确认提交: nothing unmet; 确认无误我要提交
    page.get_by_role("button", name="确认无误我要提交").wait_for()
    assert page.locator(".unmet-conditions").count() == 0
    _shot(page, "step7_confirm")
    page.once("dialog", lambda d: d.accept())  # 提交以后，将无法再修改。确定提交吗？
    page.get_by_role("button", name="确认无误我要提交").click()
    page.get_by_text("请等待地州职称办公室审核").wait_for()
    filing.case.refresh_from_db()
    assert filing.case.state == CaseState.PENDING and filing.case.current_org == fw.office
    _shot(page, "detail_submitted")

    # ---- the 地州职称办公室 returns it with a 办理意见 -------------------------------------------------------------
    log_in(page, fw.office_staff.user)
    _act(page, "退回", "上会时间请推后至10月20日")
    filing.case.refresh_from_db()
    assert filing.case.state == CaseState.RETURNED

    # ---- a second member of the committee fixes step ③ and resubmits -------------------------------------------
    log_in(page, clerk)
    page.goto("/filings/mine/")
    _shot(page, "list_returned")
    page.get_by_role("row").filter(has_text=TITLE).get_by_role("link", name="编辑").click()
    page.get_by_text("上会时间请推后至10月20日").first.wait_for()  # the office's opinion is shown
    page.get_by_role("button", name="3、设置计划时间").click()
    page.locator("table.filing-plan").get_by_role("link", name="设置时间").first.click()
    dialog = page.locator("#dialog")
    dialog.get_by_label("上会时间").fill(_date(datetime.date(year, 10, 20)))
    dialog.get_by_role("button", name="保存").click()
    dialog.wait_for(state="hidden")
    page.get_by_role("cell", name=f"{year}/10/20").first.wait_for()
    # The other qualifications keep 10/10; set them all to 10/20 in the batch dialog too.
    page.get_by_role("link", name="批量设置所有资格计划时间").click()
    dialog.get_by_role("heading", name="申报时间").wait_for()
    dialog.get_by_label("上会时间").fill(_date(datetime.date(year, 10, 20)))
    dialog.get_by_role("button", name="保存").click()
    page.get_by_text(f"已设置全部{count}个资格的计划时间").wait_for()  # the step reloaded behind the dialog
    page.get_by_role("button", name="7、备案确认提交").click()
    page.once("dialog", lambda d: d.accept())
    page.get_by_role("button", name="确认无误我要提交").click()
    page.get_by_text("备案已提交").wait_for()
    filing.case.refresh_from_db()
    assert filing.case.state == CaseState.PENDING
    assert set(filing.items.values_list("meeting_date", flat=True)) == {datetime.date(year, 10, 20)}
    assert filing.case.steps.filter(handler=clerk).exists()

    # ---- the office receives it: 接收材料 --------------------------------------------------------------------------
    log_in(page, fw.office_staff.user)
    _act(page, "接收材料", "材料齐全，同意备案")
    filing.refresh_from_db()
    assert filing.case.state == CaseState.APPROVED
    page.goto(f"/filings/{filing.pk}/")
    page.get_by_text("已接收材料").first.wait_for()
    _shot(page, "detail_received")

    # The windows 职称申报 will use, and the notice on the portal (乌鲁木齐市's 通知公告).
    on = datetime.date(year, 9, 1)
    windows = open_windows(region=fw.world.urumqi, kind=filing.kind, on=on)
    assert windows.count() == count == Window.objects.filter(filing=filing).count()
    assert {w.meeting_date for w in windows} == {datetime.date(year, 10, 20)}
    assert not open_windows(region=fw.world.region, on=on).exists()
    notice = Notice.objects.get(pk=filing.notice_id)
    assert notice.is_published and notice.title == NOTICE_TITLE and notice.region == fw.world.urumqi

    page.context.clear_cookies()
    page.goto("/")
    page.get_by_role("button", name="切换区域：自治区").click()
    page.get_by_role("button", name="乌鲁木齐市").click()
    page.goto("/notices/")
    page.get_by_role("link", name=NOTICE_TITLE).click()
    page.get_by_role("heading", name=NOTICE_TITLE).wait_for()
    assert "逾期视为放弃申报" in page.locator(".notice-body").inner_text()
    _shot(page, "portal_notice")
