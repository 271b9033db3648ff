"""Browser test of 专业课学时认定 end to end: file with two categories and evidence, returned by the unit,
fixed and resubmitted, approved by the unit and the 认定单位, signed certificate downloaded."""

import io

import pytest
from PIL import Image

from tests.e2e.test_login import log_in
from tests.hours.conftest import hours_catalog, hw  # noqa: F401 - fixtures used by this module

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _files(tmp_path):
    pdf = tmp_path / "知识更新专项人才培训证书.pdf"
    pdf.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    jpg = tmp_path / "活动现场.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (60, 40), (30, 90, 160)).save(buffer, "JPEG")
    jpg.write_bytes(buffer.getvalue())
    return pdf, jpg



def _add_item(page, section, values, evidence):
    page.get_by_role("link", name=section).click()
    page.get_by_role("button", name="新增").click()
    dialog = page.locator("#dialog")
    for label, value in values.items():
        field = dialog.get_by_label(f"*{label}", exact=True)  # required fields are labelled with "*"
        if field.evaluate("el => el.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)
    dialog.get_by_role("button", name="下一步").click()
    dialog.get_by_role("button", name="上传佐证材料").click()
    dialog.get_by_label("上传附件").set_input_files(str(evidence))
    dialog.get_by_role("button", name="保存").click()
    dialog.get_by_role("link", name="查看").wait_for()
    dialog.get_by_role("link", name="保存").click()
    page.get_by_role("cell", name=values[list(values)[0]]).wait_for()


def _act(page, queue_url, action, decision, opinion, next_org=None):
    page.goto(queue_url)
    page.locator("main table").get_by_role("link", name=action).click()
    dialog = page.locator("#dialog")
    dialog.get_by_label(decision, exact=True).check()
    if next_org:
        dialog.get_by_label("选择提交单位").select_option(label=next_org)
    dialog.locator("textarea[name=opinion]").fill(opinion)
    dialog.get_by_role("button", name="确认").click()
    page.get_by_text("暂无数据").wait_for()


def test_file_return_fix_approve_and_download(page, hw, tmp_path):  # noqa: F811 - the fixture imported above
    pdf, jpg = _files(tmp_path)
    log_in(page, hw.person)
    page.goto("/hours/")
    page.get_by_role("link", name="新增学时认定").click()

    # ① 我的信息
    page.get_by_label("申报区域").select_option(label="新疆维吾尔自治区")
    page.get_by_role("button", name="选择工作单位").click()
    dialog = page.locator("#dialog")
    dialog.get_by_label("单位名称").fill("新疆大学")
    dialog.get_by_role("button", name="点击搜索单位").click()
    dialog.locator(f'[data-unit-id="{hw.unit.pk}"]').click()
    dialog.wait_for(state="hidden")
    page.get_by_role("button", name="下一步").click()
    # ② 选择认定专业
    page.get_by_label("系列").select_option(label="教师系列")
    page.get_by_label("专业", exact=True).select_option(label="高校教师")
    page.get_by_label("级别").select_option(label="教授(正高)")
    page.get_by_role("button", name="下一步").click()
    page.get_by_text("新疆维吾尔自治区教育厅").wait_for()
    # Each step was saved as it was left: after the session ends and a new login, the steps are still filled.
    log_in(page, hw.person)
    page.goto("/hours/")
    page.get_by_role("link", name="新增学时认定").click()
    assert page.get_by_label("申报区域").input_value() == str(hw.region.pk)
    assert page.locator("#id_work_unit_display").input_value() == "新疆大学"
    page.get_by_role("button", name="下一步").click()
    assert page.locator("select[name=qualification]").input_value() == str(hw.catalog.professor.pk)
    page.get_by_role("button", name="下一步").click()
    # ③ 认定单位
    page.get_by_text("新疆维吾尔自治区教育厅").wait_for()
    page.get_by_role("button", name="完成").click()

    page.get_by_role("heading", name="学时认定内容填报").wait_for()
    _add_item(page, "3、高级研修项目、进修项目", {
        "项目标题": "现代信息通信技术与数字领域融合发展", "组织单位": "新疆维吾尔自治区通信管理局",
        "项目类型": "高级研修项目", "项目开始时间": "2026-06-01", "项目结束时间": "2026-06-07", "申请学时": "40"}, pdf)
    _add_item(page, "5、宣讲、巡讲、培训班、学术会议、专题讲座等", {
        "标题": "提升专业技术人员能力专题讲座", "组织单位": "新疆大学", "类型": "专题讲座",
        "开展开始时间": "2026-08-18", "开展结束时间": "2026-08-18", "申请学时": "20"}, jpg)
    page.get_by_role("link", name="12、提交审核").click()
    assert page.locator("#total-hours").inner_text() == "60"
    page.once("dialog", lambda d: d.accept())  # 提交后不能修改，确定提交审核吗？
    page.get_by_role("button", name="提交审核").click()
    page.get_by_text("已提交审核").wait_for()

    # The unit returns it.
    log_in(page, hw.unit_admin)
    _act(page, "/hours/review/unit/", "信息审核", "退回", "讲座佐证材料请补充签到表")

    # The applicant fixes the returned application and submits again.
    log_in(page, hw.person)
    page.goto("/hours/")
    page.get_by_role("link", name="编辑").click()
    page.get_by_role("link", name="5、宣讲、巡讲、培训班、学术会议、专题讲座等").click()
    page.get_by_role("button", name="佐证材料").click()
    dialog = page.locator("#dialog")
    dialog.get_by_role("button", name="上传佐证材料").click()
    dialog.get_by_label("顺序号").fill("2")
    dialog.get_by_label("上传附件").set_input_files(str(pdf))
    dialog.get_by_role("button", name="保存").click()
    dialog.get_by_role("cell", name="知识更新专项人才培训证书.pdf").wait_for()
    dialog.get_by_role("link", name="保存").click()
    page.get_by_role("link", name="12、提交审核").click()
    page.once("dialog", lambda d: d.accept())  # 提交后不能修改，确定提交审核吗？
    page.get_by_role("button", name="提交审核").click()
    page.get_by_text("已提交审核").wait_for()

    # The unit approves, choosing the 认定单位; the 认定单位 approves.
    log_in(page, hw.unit_admin)
    _act(page, "/hours/review/unit/", "信息审核", "同意", "同意推荐", next_org="新疆维吾尔自治区教育厅")
    log_in(page, hw.competent_staff)
    _act(page, "/hours/review/recognizer/", "认定审核", "同意", "同意认定")

    # 我的证书: 认定单位, 签证状态 已签名, 下载证书.
    log_in(page, hw.person)
    page.goto("/hours/")
    page.get_by_role("link", name="我的证书").click()
    row = page.get_by_role("row").filter(has_text="教师系列/高校教师/教授(正高)")
    assert "新疆维吾尔自治区教育厅" in row.inner_text() and "已签名" in row.inner_text()
    with page.expect_download() as download_info:
        row.get_by_role("link", name="下载证书").click()
    path = download_info.value.path()
    with open(path, "rb") as fh:
        assert fh.read(5) == b"%PDF-"
