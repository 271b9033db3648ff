"""One filing's page for its committee and the office it reached (and a 404 for everyone else), the office's
待审核备案 and 备案查询 (constant query counts, batch through the engine), the diagram's committee contact."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from zhuanji.attachments.selectors import attachment_list
from zhuanji.filings import services
from zhuanji.filings.models import Filing
from zhuanji.orgs.models import CommitteeContact
from zhuanji.reviews.models import CaseState
from zhuanji.reviews.selectors import org_contacts
from zhuanji.reviews.services import case_act

from .conftest import make_ready

pytestmark = pytest.mark.django_db


def plan_for(i: int) -> dict:
    """A plan whose 申报 span overlaps no other i's, so many filings of one committee and type can be pending."""
    start = datetime.date(2026, 1, 5) + datetime.timedelta(days=10 * i)
    return dict(apply_start=start, apply_end=start + datetime.timedelta(days=5),
                meeting_date=datetime.date(2026, 12, 1), approval_date=datetime.date(2026, 12, 20))


def submitted(fw, i: int = 0, **overrides) -> Filing:
    filing = make_ready(fw, title=f"关于机械电子等2个专业的会议备案（第{i + 1}批）", **overrides)
    services.filing_plan_all(actor=fw.admin, filing=filing, **plan_for(i))
    services.filing_submit(actor=fw.admin, filing=filing)
    filing.refresh_from_db()
    return filing


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


class TestDetail:
    def test_committee_sees_every_step_and_the_flow(self, fw, login):
        filing = submitted(fw)
        html = login(fw.admin.user).get(reverse("filings:detail", args=[filing.pk])).content.decode()
        assert f"■ {filing.title}" in html
        for text in ("流水号", filing.number, "评审", "初中级", "2026", "乌鲁木齐市天山区人民路1号", "马得炬",
                     "0991-8028160", "杨琳", "0991-8022286", "13679918018", "计划时间", "上会时间", "批文时间",
                     "2026/1/5", "2026/12/20", "关于做好2026年度职称评审工作的通知", "<strong>请按时申报</strong>",
                     "（二）职称评审办事机构工作人员名册", "承诺书.pdf", "流程步骤", "鼠标移动到节点看联系方式",
                     "评审机构", "地州职称办公室", "已接收材料", "流程日志"):
            assert text in html, text
        key = attachment_list(filing, "roster").get().key
        assert reverse("attachments:download", args=[key]) in html
        assert html.index("（二）职称评审办事机构") < html.index("（四）职称评审办事机构")  # the slots' order
        # Pending at the office: no 编辑, no 撤销, no 办理 for the committee.
        assert reverse("filings:step", args=[filing.pk, 1]) not in html
        assert reverse("filings:cancel", args=[filing.pk]) not in html
        assert reverse("reviews:act_form", args=[filing.case.pk]) not in html

    def test_committee_edits_a_draft_and_cancels_a_returned_one(self, fw, login):
        draft = make_ready(fw)
        client = login(fw.admin.user)
        html = client.get(reverse("filings:detail", args=[draft.pk])).content.decode()
        assert reverse("filings:step", args=[draft.pk, 1]) in html
        assert reverse("filings:cancel", args=[draft.pk]) not in html
        services.filing_submit(actor=fw.admin, filing=draft)
        case_act(case=draft.case, actor=fw.office_staff, decision="return", opinion="上会时间请推后")
        html = client.get(reverse("filings:detail", args=[draft.pk])).content.decode()
        assert reverse("filings:step", args=[draft.pk, 1]) in html
        assert f'action="{reverse("filings:cancel", args=[draft.pk])}"' in html and "data-confirm" in html
        assert "上会时间请推后" in html
        # 撤销 there leads back to the detail page (the form's `next`), where the 流程日志 stays.
        detail = reverse("filings:detail", args=[draft.pk])
        response = client.post(reverse("filings:cancel", args=[draft.pk]), {"next": detail})
        assert response.url == detail
        draft.case.refresh_from_db()
        assert draft.case.state == CaseState.CANCELLED
        assert client.post(reverse("filings:cancel", args=[draft.pk]), {"next": "https://evil.example/"}).url == (
            reverse("filings:list"))

    def test_office_sees_it_with_the_act_button(self, fw, login):
        filing = submitted(fw)
        html = login(fw.office_staff.user).get(reverse("filings:detail", args=[filing.pk])).content.decode()
        assert f"■ {filing.title}" in html and "承诺书.pdf" in html
        assert reverse("reviews:act_form", args=[filing.case.pk]) in html
        assert reverse("filings:step", args=[filing.pk, 1]) not in html
        case_act(case=filing.case, actor=fw.office_staff, decision="receive", opinion="")
        html = login(fw.office_staff.user).get(reverse("filings:detail", args=[filing.pk])).content.decode()
        assert reverse("reviews:act_form", args=[filing.case.pk]) not in html
        assert "申报时间窗口" not in html  # the committee's own

    def test_received_filing_shows_the_committee_its_windows(self, fw, login):
        filing = submitted(fw)
        case_act(case=filing.case, actor=fw.office_staff, decision="receive", opinion="")
        html = login(fw.admin.user).get(reverse("filings:detail", args=[filing.pk])).content.decode()
        assert "申报时间窗口" in html and "已截止" in html  # the plan's 2026/1/5–1/10 is past
        assert reverse("filings:windows") in html

    def test_a_draft_is_hidden_from_the_office(self, fw, login):
        draft = make_ready(fw)
        assert login(fw.office_staff.user).get(reverse("filings:detail", args=[draft.pk])).status_code == 404

    @pytest.mark.parametrize("who", ["other_admin", "kashgar_office_staff", "region_office_staff",
                                     "region_committee_admin"])
    def test_everyone_else_gets_404(self, fw, login, who):
        filing = submitted(fw)
        client = login(getattr(fw, who).user)
        assert client.get(reverse("filings:detail", args=[filing.pk])).status_code == 404

    def test_unit_admin_and_anonymous_are_refused(self, fw, login):
        filing = submitted(fw)
        url = reverse("filings:detail", args=[filing.pk])
        assert login(fw.world.unit_admin).get(url).status_code == 404  # not theirs: not there at all
        response = login(None).get(url)
        assert response.status_code == 302 and reverse("accounts:login") in response["Location"]

    def test_the_first_box_shows_the_committee_office_contact(self, fw, login):
        profile = fw.committee.committee_profile
        CommitteeContact.objects.create(profile=profile, post=CommitteeContact.Post.CONTACT, name="李娜",
                                        phone="0991-1111111", sort=0)
        CommitteeContact.objects.create(profile=profile, post=CommitteeContact.Post.HEAD, name="王强",
                                        phone="0991-2222222", sort=1)
        CommitteeContact.objects.create(profile=profile, post=CommitteeContact.Post.HEAD, name="赵敏", phone="",
                                        mobile="13900000000", sort=0)
        filing = submitted(fw)
        html = login(fw.office_staff.user).get(reverse("filings:detail", args=[filing.pk])).content.decode()
        assert "联系人：王强" in html and "联系电话：0991-2222222" in html


class TestOrgContacts:
    def test_committee_office_contact_first_in_one_query(self, fw, django_assert_num_queries):
        CommitteeContact.objects.create(profile=fw.committee.committee_profile, name="李娜", phone="0991-1111111")
        fw.other_committee.contact_name, fw.other_committee.contact_phone = "喀什联系人", "0998-1234567"
        with django_assert_num_queries(2):  # the committees' 办事机构 contacts, then the others' staff
            contacts = org_contacts([fw.committee, fw.other_committee, fw.world.committee, fw.office])
        assert contacts[fw.committee.pk] == {"org": fw.committee.name, "name": "李娜", "phone": "0991-1111111"}
        assert contacts[fw.other_committee.pk]["name"] == "喀什联系人"
        assert contacts[fw.world.committee.pk]["name"] == "评委会管理员"  # no 办事机构 contact: a staff member

    def test_other_organisations_cost_no_extra_query(self, fw, django_assert_num_queries):
        with django_assert_num_queries(1):
            org_contacts([fw.office, fw.kashgar_office])


class TestQueue:
    def test_lists_what_is_at_the_office_with_act_links(self, fw, login):
        filing = submitted(fw)
        make_ready(fw, title="尚未提交的草稿")
        html = login(fw.office_staff.user).get(reverse("filings:queue")).content.decode()
        for text in ("待审核备案", "序号", "标题", "评审机构", "年度", "提交时间", "状态", "操作", filing.title,
                     fw.committee.name, filing.number, "查看详情", "办理", "本页全选", "批量接收材料", "批量退回"):
            assert text in html, text
        assert "尚未提交的草稿" not in html
        assert reverse("reviews:act_form", args=[filing.case.pk]) in html
        assert f'value="{filing.case.pk}"' in html
        assert login(fw.kashgar_office_staff.user).get(reverse("filings:queue")).content.decode().count(
            filing.title) == 0

    def test_query_count_does_not_grow_with_rows(self, fw, login):
        for i in range(2):
            submitted(fw, i)
        client = login(fw.office_staff.user)
        few = queries(client, reverse("filings:queue"))
        for i in range(2, 12):
            submitted(fw, i)
        assert queries(client, reverse("filings:queue") + "?size=20") == few

    def test_batch_receive_through_the_engine(self, fw, login):
        first, second = submitted(fw, 0), submitted(fw, 1)
        client = login(fw.office_staff.user)
        back = reverse("filings:queue")
        response = client.post(reverse("reviews:batch"), {"ids": [first.case.pk, second.case.pk],
                                                          "action": "approve", "opinion": "", "next": back})
        assert response.status_code == 302 and response["Location"] == back
        first.case.refresh_from_db()
        second.case.refresh_from_db()
        assert first.case.state == second.case.state == CaseState.APPROVED
        assert first.windows.count() == 2

    def test_batch_return_needs_an_opinion(self, fw, login):
        filing = submitted(fw)
        client = login(fw.office_staff.user)
        client.post(reverse("reviews:batch"), {"ids": [filing.case.pk], "action": "return", "opinion": ""})
        filing.case.refresh_from_db()
        assert filing.case.state == CaseState.PENDING
        client.post(reverse("reviews:batch"), {"ids": [filing.case.pk], "action": "return", "opinion": "请补充"})
        filing.case.refresh_from_db()
        assert filing.case.state == CaseState.RETURNED

    def test_committee_and_unit_are_refused(self, fw, login):
        assert login(fw.admin.user).get(reverse("filings:queue")).status_code == 403
        assert login(fw.world.unit_admin).get(reverse("filings:query")).status_code == 403


class TestQuery:
    def test_filters(self, fw, login):
        received = submitted(fw, 0)
        case_act(case=received.case, actor=fw.office_staff, decision="receive", opinion="")
        pending = submitted(fw, 1)
        client = login(fw.office_staff.user)
        url = reverse("filings:query")
        html = client.get(url).content.decode()
        assert received.title in html and pending.title in html and "已接收材料" in html
        html = client.get(url, {"state": "approved"}).content.decode()
        assert received.title in html and pending.title not in html
        html = client.get(url, {"title": "第2批"}).content.decode()
        assert received.title not in html and pending.title in html
        html = client.get(url, {"committee": "喀什"}).content.decode()
        assert received.title not in html and "暂无数据" in html
        html = client.get(url, {"year": "2025"}).content.decode()
        assert "暂无数据" in html
        for label in ("标题", "评审机构", "年度", "状态"):
            assert f">{label}</label>" in html

    def test_another_level_sees_nothing(self, fw, login):
        filing = submitted(fw)
        for who in (fw.kashgar_office_staff, fw.region_office_staff):
            assert filing.title not in login(who.user).get(reverse("filings:query")).content.decode()

    def test_query_count_does_not_grow_with_rows(self, fw, login):
        for i in range(2):
            filing = submitted(fw, i)
        case_act(case=filing.case, actor=fw.office_staff, decision="return", opinion="请补充")
        client = login(fw.office_staff.user)
        few = queries(client, reverse("filings:query"))
        for i in range(2, 12):
            filing = submitted(fw, i)
        case_act(case=filing.case, actor=fw.office_staff, decision="receive", opinion="")
        assert queries(client, reverse("filings:query") + "?size=20") == few
