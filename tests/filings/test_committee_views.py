"""The committee's pages: 我的备案, the seven steps, the 设置时间 dialogs, 上传附件, submit, delete and cancel."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from zhuanji.accounts.models import User
from zhuanji.attachments.selectors import attachment_list
from zhuanji.filings import services
from zhuanji.filings.forms import work_years
from zhuanji.filings.models import Filing, FilingGrade, FilingKind
from zhuanji.reviews.models import CaseState
from zhuanji.reviews.services import case_act

from .conftest import PDF, PLAN, YEAR, basic, make_ready, pdf_upload

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def _step(filing, n):
    return reverse("filings:step", args=[filing.pk, n])


def _basic_post(go="next", **overrides):
    # 工作年度 offered is last, this and next year: this year keeps the tests right whenever they run.
    data = {**basic(), "year": work_years()[1], "contact_user": "", "go": go}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _draft(fw, **overrides):
    return services.filing_create(actor=fw.admin, **basic(**overrides))


def _text(response) -> str:
    return response.content.decode()


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), (0, 0, 255)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def client(client, fw):
    """The test client signed in as the committee's administrator (acting as the committee)."""
    client.force_login(fw.admin.user)
    return client


# ---- 我的备案 ---------------------------------------------------------------------------------------------------

class TestList:
    def test_columns_states_and_actions(self, fw, client):
        draft = _draft(fw, title="关于草稿的会议备案")
        returned = make_ready(fw, title="关于退回的会议备案")
        services.filing_submit(actor=fw.admin, filing=returned)
        case_act(case=returned.case, actor=fw.office_staff, decision="return", opinion="请补充名册")
        pending = make_ready(fw, title="关于审核中的会议备案")
        services.filing_submit(actor=fw.admin, filing=pending)
        page = _text(client.get(reverse("filings:list")))
        for word in ("备案查询", "新增【评审工作事前】备案", "序号", "标题", "评审机构", "年度", "办理时间", "状态",
                     "操作", f"流水号:{draft.number}", "地州职称办公室"):
            assert word in page
        assert reverse("filings:delete", args=[draft.pk]) in page
        assert reverse("filings:delete", args=[returned.pk]) not in page
        assert reverse("filings:cancel", args=[returned.pk]) in page
        assert reverse("filings:cancel", args=[draft.pk]) not in page
        assert f"{_step(returned, 1)}?resume=1" in page and f"{_step(draft, 1)}?resume=1" in page
        assert reverse("filings:detail", args=[pending.pk]) in page
        assert f"{_step(pending, 1)}?resume=1" not in page
        assert "已退回" in page

    def test_filters(self, fw, client):
        _draft(fw, title="关于机械电子的会议备案")
        _draft(fw, title="关于计算机的会议备案", year=YEAR - 1)
        page = _text(client.get(reverse("filings:list"), {"title": "机械"}))
        assert "关于机械电子的会议备案" in page and "关于计算机的会议备案" not in page
        page = _text(client.get(reverse("filings:list"), {"year": YEAR - 1}))
        assert "关于计算机的会议备案" in page and "关于机械电子的会议备案" not in page
        page = _text(client.get(reverse("filings:list"), {"state": CaseState.PENDING}))
        assert "暂无数据" in page

    def test_query_count_does_not_grow_with_rows(self, fw, client):
        make_ready(fw)
        submitted = make_ready(fw)
        services.filing_submit(actor=fw.admin, filing=submitted)
        few = _queries(client, reverse("filings:list") + "?size=20")
        for n in range(10):
            _draft(fw, title=f"关于第{n}个专业的会议备案")
        assert Filing.objects.count() == 12
        assert _queries(client, reverse("filings:list") + "?size=20") == few

    def test_other_committee_sees_none_of_them(self, fw, login):
        filing = _draft(fw)
        page = _text(login(fw.other_admin.user).get(reverse("filings:list")))
        assert "暂无数据" in page and filing.title not in page and filing.number not in page

    def test_resume_goes_to_first_incomplete_step(self, fw, client):
        filing = _draft(fw)
        response = client.get(_step(filing, 1) + "?resume=1")
        assert response.url == _step(filing, 2)
        ready = make_ready(fw)
        assert client.get(_step(ready, 1) + "?resume=1").url == _step(ready, 1)


# ---- ① 填写基本信息 -----------------------------------------------------------------------------------------------

class TestBasic:
    def test_new_prefills_and_creates(self, fw, client):
        fw.committee.committee_profile.location = "乌鲁木齐市天山区人民路1号"
        fw.committee.committee_profile.save()
        page = _text(client.get(reverse("filings:new")))
        for word in ("评审工作事前备案流程", "1、填写基本信息", "7、备案确认提交", "请填写基本信息",
                     "以下信息全部必填", "保存后无法修改", "办公所在地点", "选择联系人员", "双定向(南疆四地州)",
                     "高级(只有教育)", fw.committee.name, "乌鲁木齐市天山区人民路1号", "data-fill-contact",
                     'data-mobile="'):
            assert word in page
        response = client.post(reverse("filings:new"), _basic_post(contact_user=fw.clerk.user.pk))
        filing = Filing.objects.get()
        assert response.status_code == 302 and response.url == _step(filing, 2)
        assert filing.contact_user == fw.clerk.user and filing.case.owner_org == fw.committee

    def test_new_with_step_bar_jumps_after_saving(self, fw, client):
        response = client.post(reverse("filings:new"), _basic_post(go="step-4"))
        assert response.url == _step(Filing.objects.get(), 4)

    @pytest.mark.parametrize(("field", "value", "message"), [
        ("head_phone", "电话abc", "负责人联系电话格式不正确"),
        ("contact_phone", "12", "联系人员联系电话格式不正确"),
        ("contact_mobile", "1367991801", "请输入以1开头的11位手机号码"),
        ("contact_mobile", "23679918018", "请输入以1开头的11位手机号码"),
        ("title", "", "请填写标题"),
        ("kind", "", "请选择类型"),
        ("year", "", "请选择工作年度"),
        ("grade", None, "请选择备案级别"),
        ("head_name", "", "请填写负责人姓名"),
        ("location", "", "请填写所在地点"),
    ])
    def test_new_refuses_bad_input_beside_the_field(self, fw, client, field, value, message):
        data = _basic_post()
        if value is None:
            data.pop(field)
        else:
            data[field] = value
        response = client.post(reverse("filings:new"), data)
        assert response.status_code == 200
        assert message in _text(response)
        assert 'class="invalid-feedback d-block"' in _text(response)
        assert not Filing.objects.exists()

    def test_contact_must_be_a_committee_user(self, fw, client):
        data = _basic_post(contact_user=fw.other_admin.user.pk)
        assert "联系人员应为本评审委员会的用户" in _text(client.post(reverse("filings:new"), data))

    def test_update_saves_and_locks_year_and_grade(self, fw, client):
        filing = _draft(fw)
        page = _text(client.get(_step(filing, 1)))
        assert "■ 关于机械电子等2个专业的会议备案" in page
        assert page.count("disabled") >= 4  # the year's select and the three grade radios
        # A browser posts nothing for the disabled inputs: the rest is saved.
        data = _basic_post(title="关于机械电子等3个专业的会议备案")
        data.pop("year"), data.pop("grade")
        response = client.post(_step(filing, 1), data)
        assert response.status_code == 302 and response.url == _step(filing, 2)
        filing.refresh_from_db()
        assert filing.title == "关于机械电子等3个专业的会议备案" == filing.case.title

    def test_update_refuses_a_changed_year_or_grade(self, fw, client):
        filing = _draft(fw)
        other_year = next(y for y in work_years() if y != filing.year)
        page = _text(client.post(_step(filing, 1), _basic_post(year=other_year, grade=FilingGrade.SENIOR)))
        assert "工作年度保存后无法修改" in page and "备案级别保存后无法修改" in page
        filing.refresh_from_db()
        assert (filing.year, filing.grade) == (YEAR, FilingGrade.JUNIOR)

    def test_update_errors_keep_the_step(self, fw, client):
        filing = _draft(fw)
        data = _basic_post(go="step-3", contact_mobile="123")
        data.pop("year"), data.pop("grade")
        response = client.post(_step(filing, 1), data)
        assert response.status_code == 200 and "请输入以1开头的11位手机号码" in _text(response)


# ---- ② 选择专业资格 -----------------------------------------------------------------------------------------------

class TestItems:
    def test_panels_add_and_remove(self, fw, client):
        filing = _draft(fw)
        page = _text(client.get(_step(filing, 2)))
        for word in ("已选择资格", "备选的资格", "删除选中资格", "添加选中资格", "选择完成下一步", "工程系列",
                     "机械电子专业(00189)", "工程师[中级]", "助理工程师[初级]"):
            assert word in page
        assert "高级工程师" not in page  # 副高: not at 初中级
        assert "计算机技术与软件专业" not in page  # 以考代评 only
        engineer = fw.catalog.engineer
        response = client.post(_step(filing, 2), {"op": "add", "qualifications": [engineer.pk]})
        assert response.url == _step(filing, 2)
        item = filing.items.get()
        assert item.qualification == engineer
        page = _text(client.get(_step(filing, 2)))
        assert f'name="items" value="{item.pk}"' in page and f'name="qualifications" value="{engineer.pk}"' not in page
        client.post(_step(filing, 2), {"op": "remove", "items": [item.pk]})
        assert not filing.items.exists()

    def test_refusals_are_messages(self, fw, client):
        filing = _draft(fw)
        page = _text(client.post(_step(filing, 2), {"op": "add"}, follow=True))
        assert "请勾选要添加的资格" in page
        page = _text(client.post(_step(filing, 2), {"op": "add", "qualifications": [fw.catalog.professor.pk]},
                                 follow=True))
        assert "以下资格不在本评审委员会本备案级别的可评审专业中" in page
        assert not filing.items.exists()

    def test_navigation_saves_nothing_and_moves(self, fw, client):
        filing = _draft(fw)
        assert client.post(_step(filing, 2), {"go": "prev"}).url == _step(filing, 1)
        assert client.post(_step(filing, 2), {"go": "next"}).url == _step(filing, 3)
        assert client.post(_step(filing, 2), {"go": "step-6"}).url == _step(filing, 6)
        assert client.post(_step(filing, 2), {"go": "step-99"}).url == _step(filing, 7)
        assert client.post(_step(filing, 2), {"go": "step-0"}).url == _step(filing, 1)
        # Not a plain number (a superscript digit, an overflow): 下一步, never an error.
        for go in ("step-²", "step-" + "9" * 30, "step--1", "step-"):
            assert client.post(_step(filing, 2), {"go": go}).url == _step(filing, 3), go


# ---- ③ 设置计划时间 -----------------------------------------------------------------------------------------------

class TestPlan:
    @pytest.fixture
    def filing(self, fw):
        filing = _draft(fw)
        services.filing_items_add(actor=fw.admin, filing=filing,
                                  qualifications=list(services.filings.filing_candidates(filing))[:2])
        return filing

    def _dates(self, **overrides):
        data = {k: v.isoformat() for k, v in PLAN.items()}
        data.update(overrides)
        return data

    def test_table_and_dialog(self, fw, client, filing):
        page = _text(client.get(_step(filing, 3)))
        for word in ("1、工程系列", "开始时间", "截止时间", "上会时间", "批文时间", "设置时间",
                     "批量设置所有资格计划时间", "设置完成下一步", "机械电子专业(00189)"):
            assert word in page
        item = filing.items.first()
        dialog = _text(client.get(reverse("filings:item_plan", args=[filing.pk, item.pk]), headers=HTMX))
        assert "申报时间" in dialog and "设置【工程系列/机械电子专业/工程师】时间" in dialog
        assert 'type="date"' in dialog and "保存" in dialog and "关闭" in dialog
        assert "<html" not in dialog
        # Without htmx the same form is a page of its own.
        assert "<html" in _text(client.get(reverse("filings:item_plan", args=[filing.pk, item.pk])))

    def test_item_saved(self, fw, client, filing):
        item = filing.items.first()
        response = client.post(reverse("filings:item_plan", args=[filing.pk, item.pk]), self._dates(), headers=HTMX)
        assert response.status_code == 204 and response["HX-Redirect"] == _step(filing, 3)
        item.refresh_from_db()
        assert item.apply_start == PLAN["apply_start"] and item.approval_date == PLAN["approval_date"]
        assert "2026/8/20" in _text(client.get(_step(filing, 3)))

    @pytest.mark.parametrize(("overrides", "message"), [
        ({"apply_end": "2026-08-01"}, "申报截止时间应晚于申报开始时间"),
        ({"meeting_date": "2026-09-01"}, "上会时间应晚于申报截止时间"),
        ({"approval_date": "2026-10-10"}, "批文时间应晚于上会时间"),
        ({"apply_start": "2025-12-01"}, "申报开始时间不能早于工作年度（2026年）"),
        ({"meeting_date": ""}, "请选择上会时间"),
        ({"apply_start": "2026-13-40"}, "有效的日期"),
    ])
    def test_dates_in_order(self, fw, client, filing, overrides, message):
        item = filing.items.first()
        response = client.post(reverse("filings:item_plan", args=[filing.pk, item.pk]), self._dates(**overrides),
                               headers=HTMX)
        assert response.status_code == 200 and message in _text(response)
        item.refresh_from_db()
        assert not item.planned

    def test_plan_all(self, fw, client, filing):
        dialog = _text(client.get(reverse("filings:plan_all", args=[filing.pk]), headers=HTMX))
        assert "批量设置所有资格计划时间" in dialog
        response = client.post(reverse("filings:plan_all", args=[filing.pk]), self._dates(), headers=HTMX)
        assert response.status_code == 204
        assert all(item.planned for item in filing.items.all())
        bad = client.post(reverse("filings:plan_all", args=[filing.pk]), self._dates(apply_end="2026-08-01"))
        assert bad.status_code == 200 and "申报截止时间应晚于申报开始时间" in _text(bad)

    def test_another_filings_item_is_404(self, fw, client, filing):
        other = make_ready(fw)
        item = other.items.first()
        assert client.get(reverse("filings:item_plan", args=[filing.pk, item.pk])).status_code == 404


# ---- ④ 工作通知 ---------------------------------------------------------------------------------------------------

class TestNotice:
    def test_page_has_the_editor(self, fw, client):
        filing = _draft(fw)
        page = _text(client.get(_step(filing, 4)))
        assert "评审工作通知" in page and "通知标题" in page and "通知内容" in page
        assert "data-richtext" in page and "quill" in page

    def test_saved_sanitised(self, fw, client):
        filing = _draft(fw)
        response = client.post(_step(filing, 4), {
            "go": "next", "notice_title": "关于做好2026年度职称评审工作的通知",
            "notice_body": '<p>各单位：<strong>请按时申报</strong></p><script>alert(1)</script>'
                           '<img src=x onerror="x()">'})
        assert response.url == _step(filing, 5)
        filing.refresh_from_db()
        assert filing.notice_title == "关于做好2026年度职称评审工作的通知"
        assert "<strong>请按时申报</strong>" in filing.notice_body
        assert "script" not in filing.notice_body and "onerror" not in filing.notice_body

    def test_required_when_going_on_but_not_when_going_back(self, fw, client):
        filing = _draft(fw)
        page = _text(client.post(_step(filing, 4), {"go": "next", "notice_title": "", "notice_body": ""}))
        assert "请填写通知标题" in page and "请填写通知内容" in page
        assert client.post(_step(filing, 4), {"go": "prev", "notice_title": "", "notice_body": ""}).url \
            == _step(filing, 3)
        blank_body = {"go": "prev", "notice_title": "标题", "notice_body": "<p><br></p>"}
        page = _text(client.post(_step(filing, 4), blank_body))
        assert "请填写通知内容" in page


# ---- ⑤ 本单位用户 --------------------------------------------------------------------------------------------------

class TestUsers:
    def test_members_and_stale_flag(self, fw, client):
        filing = _draft(fw)
        User.objects.filter(pk=fw.clerk.user.pk).update(updated_at=timezone.now() - datetime.timedelta(days=400))
        page = _text(client.get(_step(filing, 5)))
        for word in ("您的单位用户信息，备案时效是一年。（即最近编辑时间要在一年的范围内）",
                     "已经禁止的用户，请到【系统设置】-【我的用户】查看。", "用户编号", "用户名", "姓名", "联系方式",
                     "手机号码", "最近编辑时间", fw.admin.user.username, "马得炬", "信息过期", "修改信息",
                     "添加用户"):
            assert word in page
        assert page.count("信息过期") == 2  # the clerk's badge, and the note under the table
        assert reverse("orgs:user_edit", args=[fw.clerk.membership.pk]) in page
        assert fw.other_admin.user.username not in page
        assert client.post(_step(filing, 5), {"go": "next"}).url == _step(filing, 6)

    def test_no_edit_links_without_manage_users(self, fw, login):
        filing = _draft(fw)
        page = _text(login(fw.clerk.user).get(_step(filing, 5)))
        assert reverse("orgs:user_edit", args=[fw.clerk.membership.pk]) not in page
        assert reverse("orgs:users") not in page and "请联系本单位管理员" in page


# ---- ⑥ 上传附件 ---------------------------------------------------------------------------------------------------

class TestAttachments:
    def _upload(self, client, filing, slot="roster", name="名册.pdf", data=PDF):
        from django.core.files.uploadedfile import SimpleUploadedFile

        return client.post(reverse("filings:attachment_upload", args=[filing.pk]),
                           {"slot": slot, "upload": SimpleUploadedFile(name, data, content_type="application/pdf")})

    def test_slots_upload_view_delete(self, fw, client):
        filing = _draft(fw)
        page = _text(client.get(_step(filing, 6)))
        for word in ("请您查看附件要求", "（只能上传pdf格式的文件，8M之内）", "（一）评审工作通知",
                     "（二）职称评审办事机构工作人员名册", "（四）职称评审办事机构工作人员个人诚信承诺书",
                     "（九）评审工作方案", "评审条件(仅自主评审上传)", 'accept="application/pdf"',
                     'enctype="multipart/form-data"', "选择完成下一步"):
            assert word in page
        response = self._upload(client, filing)
        assert response.url == _step(filing, 6)
        attachment = attachment_list(filing).get()
        page = _text(client.get(_step(filing, 6)))
        assert reverse("attachments:download", args=[attachment.key]) in page and "名册.pdf" in page
        assert client.get(reverse("attachments:download", args=[attachment.key])).status_code == 200
        response = client.post(reverse("filings:attachment_delete", args=[filing.pk, attachment.pk]))
        assert response.url == _step(filing, 6) and not attachment_list(filing).exists()

    @pytest.mark.parametrize(("name", "data", "message"), [
        ("照片.png", None, "文件类型不符"),
        ("伪装.pdf", "这不是PDF文件".encode() * 20, "文件类型不符"),
        ("空.pdf", b"", "文件内容为空"),
    ])
    def test_only_pdf_by_content(self, fw, client, name, data, message):
        filing = _draft(fw)
        response = self._upload(client, filing, name=name, data=_png() if data is None else data)
        assert response.status_code == 200 and message in _text(response)
        assert not attachment_list(filing).exists()

    def test_at_most_8mb(self, fw, client):
        filing = _draft(fw)
        big = PDF[:-6] + b"%" + b"0" * (8 * 1024 * 1024) + b"\n%%EOF\n"
        response = self._upload(client, filing, data=big)
        assert "文件大小不能超过8MB" in _text(response)
        assert not attachment_list(filing).exists()

    def test_one_file_per_slot_and_unknown_slot(self, fw, client):
        filing = _draft(fw)
        self._upload(client, filing)
        assert "最多只能上传1个文件" in _text(self._upload(client, filing))
        assert "请选择附件类型" in _text(client.get(self._upload(client, filing, slot="nope").url))

    def test_another_filings_attachment_is_404(self, fw, client):
        filing, other = _draft(fw), make_ready(fw)
        attachment = attachment_list(other).first()
        url = reverse("filings:attachment_delete", args=[filing.pk, attachment.pk])
        assert client.post(url).status_code == 404
        assert attachment_list(other).filter(pk=attachment.pk).exists()


# ---- ⑦ 备案确认提交 ------------------------------------------------------------------------------------------------

class TestConfirm:
    def test_everything_on_one_page(self, fw, client):
        filing = make_ready(fw)
        page = _text(client.get(_step(filing, 7)))
        for word in ("基本信息", f"流水号：{filing.number}", "评审", "初中级", "工作年度", "办公所在地点",
                     "业务人员姓名", "0991-8022286 13679918018", "计划时间", "1、工程系列", "2026/8/20",
                     "评审工作通知", "<strong>请按时申报</strong>", "（二）职称评审办事机构工作人员名册", "名册.pdf",
                     "确认无误我要提交", "提交以后，将无法再修改"):
            assert word in page
        assert "unmet-conditions" not in page

    def test_every_unmet_condition_at_once(self, fw, client):
        filing = _draft(fw)
        User.objects.filter(pk=fw.clerk.user.pk).update(updated_at=timezone.now() - datetime.timedelta(days=400))
        response = client.post(reverse("filings:submit", args=[filing.pk]), follow=True)
        page = _text(response)
        assert response.redirect_chain[-1][0] == _step(filing, 7)
        assert "暂不能提交" in page
        for word in ("2、选择专业资格", "请至少选择一个专业资格", "4、工作通知", "请填写通知标题", "请填写通知内容",
                     "5、本单位用户", "马得炬", "6、上传附件", "请上传（二）职称评审办事机构工作人员名册",
                     "请上传（四）职称评审办事机构工作人员个人诚信承诺书"):
            assert word in page
        assert _step(filing, 2) in page and _step(filing, 6) in page
        filing.case.refresh_from_db()
        assert filing.case.state == CaseState.DRAFT

    def test_unplanned_items_listed(self, fw, client):
        filing = make_ready(fw)
        services.filing_items_add(actor=fw.admin, filing=filing,
                                  qualifications=[q for q in services.filings.filing_candidates(filing)
                                                  if not filing.items.filter(qualification=q).exists()])
        page = _text(client.get(_step(filing, 7)))
        assert "3、设置计划时间" in page and "请设置以下资格的计划时间" in page

    def test_submitted_then_read_only(self, fw, client):
        filing = make_ready(fw)
        response = client.post(reverse("filings:submit", args=[filing.pk]), follow=True)
        assert response.redirect_chain[0][0] == reverse("filings:detail", args=[filing.pk])
        assert "备案已提交" in _text(response) and "地州职称办公室" in _text(response)
        filing.case.refresh_from_db()
        assert filing.case.state == CaseState.PENDING
        for n in range(1, 8):
            assert client.get(_step(filing, n)).url == reverse("filings:detail", args=[filing.pk])
        item = filing.items.first()
        response = client.get(reverse("filings:item_plan", args=[filing.pk, item.pk]), headers=HTMX)
        assert response["HX-Redirect"] == reverse("filings:detail", args=[filing.pk])
        page = _text(client.post(reverse("filings:attachment_upload", args=[filing.pk]),
                                 {"slot": "notice", "upload": pdf_upload()}, follow=True))
        assert "不能再上传附件" in page
        assert attachment_list(filing).filter(slot="notice").count() == 0

    def test_returned_shows_opinion_and_resubmits(self, fw, login):
        filing = make_ready(fw)
        services.filing_submit(actor=fw.admin, filing=filing)
        case_act(case=filing.case, actor=fw.office_staff, decision="return", opinion="上会时间请推后")
        client = login(fw.clerk.user)  # a second member of the committee does the resubmission
        page = _text(client.get(_step(filing, 7)))
        assert "上会时间请推后" in page and "确认无误我要提交" in page
        item = filing.items.first()
        client.post(reverse("filings:item_plan", args=[filing.pk, item.pk]),
                    {**{k: v.isoformat() for k, v in PLAN.items()}, "meeting_date": "2026-10-20"})
        response = client.post(reverse("filings:submit", args=[filing.pk]))
        assert response.url == reverse("filings:detail", args=[filing.pk])
        filing.case.refresh_from_db()
        assert filing.case.state == CaseState.PENDING


# ---- 删除, 撤销 ---------------------------------------------------------------------------------------------------

class TestDeleteCancel:
    def test_delete_a_draft(self, fw, client):
        filing = _draft(fw)
        response = client.post(reverse("filings:delete", args=[filing.pk]), follow=True)
        assert "已删除备案" in _text(response)
        assert not Filing.objects.filter(pk=filing.pk).exists()

    def test_get_is_refused(self, fw, client):
        filing = _draft(fw)
        for name in ("delete", "cancel", "submit", "attachment_upload"):
            assert client.get(reverse(f"filings:{name}", args=[filing.pk])).status_code == 405

    def test_returned_is_cancelled_not_deleted(self, fw, client):
        filing = make_ready(fw)
        services.filing_submit(actor=fw.admin, filing=filing)
        case_act(case=filing.case, actor=fw.office_staff, decision="return", opinion="请补充")
        page = _text(client.post(reverse("filings:delete", args=[filing.pk]), follow=True))
        assert "只能删除从未提交的草稿" in page
        page = _text(client.post(reverse("filings:cancel", args=[filing.pk]), follow=True))
        assert "已撤销备案" in page
        filing.case.refresh_from_db()
        assert filing.case.state == CaseState.CANCELLED
        page = _text(client.get(reverse("filings:list")))
        assert filing.title in page and "已撤销" in page and reverse("filings:detail", args=[filing.pk]) in page
        assert client.get(_step(filing, 1)).url == reverse("filings:detail", args=[filing.pk])

    def test_draft_is_not_cancelled_and_pending_not_deleted(self, fw, client):
        draft = _draft(fw)
        assert "只能撤销已退回的备案" in _text(client.post(reverse("filings:cancel", args=[draft.pk]), follow=True))
        pending = make_ready(fw)
        services.filing_submit(actor=fw.admin, filing=pending)
        client.post(reverse("filings:delete", args=[pending.pk]))
        assert Filing.objects.filter(pk=pending.pk).exists()


# ---- who may open what -------------------------------------------------------------------------------------------

def _filing_urls(filing):
    item = filing.items.first()
    attachment = attachment_list(filing).first()
    gets = [_step(filing, n) for n in range(1, 8)] + [
        reverse("filings:item_plan", args=[filing.pk, item.pk]), reverse("filings:plan_all", args=[filing.pk])]
    posts = gets + [reverse(f"filings:{name}", args=[filing.pk])
                    for name in ("attachment_upload", "submit", "delete", "cancel")] + [
        reverse("filings:attachment_delete", args=[filing.pk, attachment.pk])]
    return gets, posts


class TestAccess:
    def test_another_committee_gets_404_everywhere(self, fw, login):
        filing = make_ready(fw)
        client = login(fw.other_admin.user)
        gets, posts = _filing_urls(filing)
        for url in gets:
            assert client.get(url).status_code == 404, url
        for url in posts:
            assert client.post(url, {"go": "next", "op": "add"}).status_code == 404, url
        assert Filing.objects.filter(pk=filing.pk).exists() and attachment_list(filing).count() == 2

    def test_title_office_is_refused(self, fw, login):
        filing = make_ready(fw)
        client = login(fw.office_staff.user)
        gets, posts = _filing_urls(filing)
        for url in [reverse("filings:list"), reverse("filings:new"), *gets]:
            assert client.get(url).status_code == 403, url
        for url in posts:
            assert client.post(url).status_code == 403, url

    def test_anonymous_goes_to_login(self, fw, login):
        response = login(None).get(reverse("filings:list"))
        assert response.status_code == 302 and "login" in response.url

    def test_unknown_step_is_404(self, fw, client):
        filing = _draft(fw)
        assert client.get(reverse("filings:step", args=[filing.pk, 8])).status_code == 404
        assert client.get(reverse("filings:step", args=[filing.pk, 0])).status_code == 404


def test_kinds_offered_are_the_seeds(fw, client):
    page = _text(client.get(reverse("filings:new")))
    for _value, label in FilingKind.choices:
        assert label in page
