"""The committee's 我的主页 (its panel also on the portal's 我的主页) and 设置时间 (its windows, the dialog)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from zhuanji.filings.models import Window
from zhuanji.reviews.services import case_act

from .conftest import make_ready
from .test_office_views import plan_for, submitted

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def received(fw, i: int = 0):
    filing = submitted(fw, i)
    case_act(case=filing.case, actor=fw.office_staff, decision="receive", opinion="")
    filing.refresh_from_db()
    return filing


class TestCommitteeHome:
    def test_tiles_and_zero_counts(self, fw, login):
        make_ready(fw)
        submitted(fw)
        html = login(fw.admin.user).get(reverse("filings:home")).content.decode()
        for text in ("我的主页", "常用功能", "★我的备案", "评审委员会信息备案登记", "设置时间",
                     "您可以设置系列的提交起止时间", "申请书统计", "本年度全部申请书", "已审核申请书",
                     "待审核申请书", "查看详情"):
            assert text in html, text
        assert html.count('<span class="stat-count">0</span>') == 3
        assert f'href="{reverse("filings:list")}"' in html and f'href="{reverse("filings:windows")}"' in html
        assert f'href="{reverse("reviews:query")}"' in html and f'href="{reverse("reviews:inbox")}"' in html
        # This year's filings by state: one draft, one at the office.
        assert "草稿 <span" in html and "审核中 <span" in html and "共2个备案" in html
        assert ">常用功能</h2>" in html and "{%" not in html and "{#" not in html

    def test_a_clerk_gets_no_link_it_cannot_open(self, fw, login):
        html = login(fw.clerk.user).get(reverse("filings:home")).content.decode()
        assert "申请书统计" in html and f'href="{reverse("reviews:inbox")}"' not in html

    @pytest.mark.parametrize("who", ["office_staff", "kashgar_office_staff"])
    def test_an_office_is_refused(self, fw, login, who):
        client = login(getattr(fw, who).user)
        for name in ("filings:home", "filings:windows"):
            assert client.get(reverse(name)).status_code == 403

    def test_the_portal_home_shows_the_panel_to_a_committee_only(self, fw, login):
        html = login(fw.admin.user).get(reverse("portal:my_home")).content.decode()
        assert "申请书统计" in html and "★我的备案" in html and "待审核申请书" in html
        assert html.count(">常用功能</h2>") == 1  # the panel's tiles are titled 备案工作 there
        for user in (fw.office_staff.user, fw.world.unit_admin, fw.world.person):
            html = login(user).get(reverse("portal:my_home")).content.decode()
            assert "申请书统计" not in html and "★我的备案" not in html

    def test_menu_and_tiles(self, fw, login):
        html = login(fw.admin.user).get(reverse("portal:my_home")).content.decode()
        assert "备案工作" in html and f'href="{reverse("filings:list")}"' in html
        html = login(fw.office_staff.user).get(reverse("portal:matrix")).content.decode()
        assert "备案审核" in html and f'href="{reverse("filings:queue")}"' in html
        html = login(fw.office_staff.user).get(reverse("portal:my_home")).content.decode()
        assert "待审核备案" in html and "备案查询" in html and "设置时间" not in html


class TestWindows:
    def test_grouped_by_filing_and_series(self, fw, login):
        filing = received(fw)
        make_ready(fw, title="草稿不开窗口")
        html = login(fw.admin.user).get(reverse("filings:windows")).content.decode()
        for text in (filing.title, "系列", "资格", "计划时间", "申报开始时间", "申报截止时间", "状态", "2个",
                     "2026/1/5–2026/1/10", "已截止"):
            assert text in html, text
        series = filing.items.first().qualification.specialty.series
        assert reverse("filings:window_set", args=[filing.pk, series.pk]) in html
        assert "草稿不开窗口" not in html
        assert filing.title not in login(fw.other_admin.user).get(reverse("filings:windows")).content.decode()

    def test_query_count_does_not_grow_with_rows(self, fw, login):
        for i in range(2):
            received(fw, i)
        client = login(fw.admin.user)
        with CaptureQueriesContext(connection) as few:
            assert client.get(reverse("filings:windows")).status_code == 200
        for i in range(2, 12):
            received(fw, i)
        with CaptureQueriesContext(connection) as many:
            assert client.get(reverse("filings:windows") + "?size=20").status_code == 200
        assert len(many.captured_queries) == len(few.captured_queries)
        assert Window.objects.filter(committee=fw.committee).count() == 24

    def test_dialog_sets_the_times_inside_the_plan(self, fw, login):
        filing = received(fw)  # plan: 申报 2026-01-05 … 2026-01-10
        series = filing.items.first().qualification.specialty.series
        url = reverse("filings:window_set", args=[filing.pk, series.pk])
        client = login(fw.admin.user)
        html = client.get(url, **HTMX).content.decode()
        assert "申报开始时间" in html and "申报截止时间" in html and 'type="date"' in html
        assert 'hx-post="' + url + '"' in html and "2026/1/5至2026/1/10" in html
        response = client.post(url, {"opens_on": "2026-01-06", "closes_on": "2026-01-09"}, **HTMX)
        assert response.status_code == 204 and response["HX-Redirect"] == reverse("filings:windows")
        assert set(filing.windows.values_list("opens_on", "closes_on")) == {
            (datetime.date(2026, 1, 6), datetime.date(2026, 1, 9))}

    def test_dialog_refuses_dates_outside_the_plan(self, fw, login):
        filing = received(fw)
        series = filing.items.first().qualification.specialty.series
        url = reverse("filings:window_set", args=[filing.pk, series.pk])
        client = login(fw.admin.user)
        response = client.post(url, {"opens_on": "2026-01-01", "closes_on": "2026-01-09"}, **HTMX)
        html = response.content.decode()
        assert response.status_code == 200 and "申报时间应在备案的计划时间之内" in html
        html = client.post(url, {"opens_on": "2026-01-09", "closes_on": "2026-01-06"}, **HTMX).content.decode()
        assert "申报截止时间不能早于申报开始时间" in html
        html = client.post(url, {"opens_on": "", "closes_on": ""}, **HTMX).content.decode()
        assert "请选择申报开始时间" in html and "请选择申报截止时间" in html
        assert set(filing.windows.values_list("opens_on", "closes_on")) == {
            (plan_for(0)["apply_start"], plan_for(0)["apply_end"])}

    def test_plain_page_without_htmx(self, fw, login):
        filing = received(fw)
        series = filing.items.first().qualification.specialty.series
        url = reverse("filings:window_set", args=[filing.pk, series.pk])
        client = login(fw.admin.user)
        html = client.get(url).content.decode()
        assert "<html" in html.lower() and "申报开始时间" in html
        response = client.post(url, {"opens_on": "2026-01-06", "closes_on": "2026-01-10"})
        assert response.status_code == 302 and response["Location"] == reverse("filings:windows")

    def test_another_committee_and_unknown_series_get_404(self, fw, login):
        filing = received(fw)
        series = filing.items.first().qualification.specialty.series
        url = reverse("filings:window_set", args=[filing.pk, series.pk])
        client = login(fw.other_admin.user)
        assert client.get(url).status_code == 404
        assert client.post(url, {"opens_on": "2026-01-06", "closes_on": "2026-01-09"}).status_code == 404
        client = login(fw.admin.user)
        teachers = fw.catalog.university.series
        assert teachers.pk != series.pk
        assert client.get(reverse("filings:window_set", args=[filing.pk, teachers.pk])).status_code == 404
        draft = make_ready(fw, title="草稿")
        assert client.get(reverse("filings:window_set", args=[draft.pk, series.pk])).status_code == 404
