import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from zhuanji.audit.models import AuditEntry
from zhuanji.orgs.models import CommitteeContact
from zhuanji.portal.models import Notice
from zhuanji.portal.regions import SESSION_KEY

from ..factories import OrganisationFactory
from .conftest import NoticeFactory


def _at(month, day):
    return timezone.make_aware(datetime.datetime(2023, month, day, 10, 0))


def test_home_lists_notices_and_policies_with_short_dates(world, client):
    NoticeFactory(title="关于开展2023年度自治区工程系列安全工程专业职称评审的通知", published_at=_at(10, 24))
    NoticeFactory(title="自治区职称政策", kind=Notice.Kind.POLICY, published_at=_at(10, 17))
    NoticeFactory(title="职称评审申报业务操作指南", kind=Notice.Kind.GUIDE)
    NoticeFactory(title="尚未发布的通知", is_published=False, published_at=None)
    html = client.get(reverse("portal:home")).content.decode()
    assert "关于开展2023年度自治区工程系列安全工程专业职称评审的通知" in html and ">10-24<" in html
    assert "自治区职称政策" in html and ">10-17<" in html
    assert "职称评审申报业务操作指南" in html
    assert "尚未发布的通知" not in html
    assert "自治区本级统一登录入口" in html
    nav = ("首页", "职称服务", "证书查询", "继续教育", "专项人才", "专家系统", "在线帮助", "搜索", "登录", "注册")
    assert all(label in html for label in nav)


def test_list_pages_show_full_dates_and_paginate(world, client):
    for day in range(1, 13):
        NoticeFactory(title=f"通知第{day}号", published_at=_at(9, day))
    NoticeFactory(title="一条政策", kind=Notice.Kind.POLICY, published_at=_at(8, 1))
    html = client.get(reverse("portal:notices")).content.decode()
    assert "共12条" in html and "2023-09-12" in html and "一条政策" not in html
    html = client.get(reverse("portal:notices"), {"page": 2}).content.decode()
    assert "通知第2号" in html and "通知第12号" not in html
    html = client.get(reverse("portal:policies")).content.decode()
    assert "一条政策" in html and "2023-08-01" in html and "共1条" in html


def test_help_lists_operation_guides(world, client):
    NoticeFactory(title="授予业务操作指南", kind=Notice.Kind.GUIDE)
    NoticeFactory(title="普通通知")
    html = client.get(reverse("portal:help")).content.decode()
    assert "在线帮助" in html and "授予业务操作指南" in html and "普通通知" not in html


def test_notice_detail_renders_sanitised_body_and_hides_drafts(world, client):
    notice = NoticeFactory(body="<p>报送截止时间为<strong>11月30日</strong></p>")
    html = client.get(reverse("portal:notice_detail", args=[notice.pk])).content.decode()
    assert "<strong>11月30日</strong>" in html and notice.title in html
    draft = NoticeFactory(is_published=False)
    assert client.get(reverse("portal:notice_detail", args=[draft.pk])).status_code == 404
    prefecture = NoticeFactory(region=world.kashgar)
    assert client.get(reverse("portal:notice_detail", args=[prefecture.pk])).status_code == 200


def test_region_switcher_changes_notices_contacts_and_login_title(world, client):
    NoticeFactory(title="自治区本级通知")
    NoticeFactory(title="乌鲁木齐市本地通知", region=world.urumqi)
    OrganisationFactory(kind="committee", name="乌鲁木齐市中级职称评审委员会", region=world.urumqi)
    html = client.get(reverse("portal:home")).content.decode()
    assert "乌鲁木齐市本地通知" not in html and "自治区本级统一登录入口" in html

    response = client.post(reverse("portal:switch_region"), {"region": world.urumqi.code, "next": "/notices/"})
    assert response.status_code == 302 and response["Location"] == "/notices/"
    assert client.session[SESSION_KEY] == world.urumqi.code
    html = client.get(reverse("portal:home")).content.decode()
    assert "乌鲁木齐市本地通知" in html and "自治区本级通知" in html
    assert "乌鲁木齐市统一登录入口" in html
    html = client.get(reverse("portal:contacts")).content.decode()
    assert "乌鲁木齐市中级职称评审委员会" in html and world.committee.name not in html

    client.post(reverse("portal:switch_region"), {"region": world.region.code})
    assert SESSION_KEY not in client.session
    assert "乌鲁木齐市本地通知" not in client.get(reverse("portal:home")).content.decode()


def test_region_switch_is_post_only_and_refuses_foreign_redirects(world, client):
    assert client.get(reverse("portal:switch_region")).status_code == 405
    response = client.post(reverse("portal:switch_region"), {"region": "nonsense", "next": "https://evil.example/"})
    assert response["Location"] == reverse("portal:home")
    assert SESSION_KEY not in client.session


def test_category_pages_list_their_notices_guides_and_links(world, client):
    NoticeFactory(title="继续教育报名通知", category=Notice.Category.TRAINING)
    NoticeFactory(title="继续教育报名操作指南", kind=Notice.Kind.GUIDE, category=Notice.Category.TRAINING)
    NoticeFactory(title="职称评审通知", category=Notice.Category.TITLES)
    html = client.get(reverse("portal:category", args=["training"])).content.decode()
    assert "继续教育报名通知" in html and "继续教育报名操作指南" in html and "职称评审通知" not in html
    assert reverse("portal:matrix") in html
    html = client.get(reverse("portal:category", args=["titles"])).content.decode()
    assert "职称评审通知" in html and reverse("portal:contacts") in html
    assert client.get(reverse("portal:category", args=["nothing"])).status_code == 404


def test_search_finds_notices_across_regions(world, client):
    NoticeFactory(title="关于延长2023年度自治区党干校教师系列职称申报时间的通知")
    NoticeFactory(title="喀什地区党干校教师评审通知", region=world.kashgar)
    NoticeFactory(title="无关的通知")
    html = client.get(reverse("portal:search")).content.decode()
    assert "请输入关键字" in html
    html = client.get(reverse("portal:search"), {"q": "党干校"}).content.decode()
    assert "共2条" in html and "无关的通知" not in html and "喀什地区党干校教师评审通知" in html


def test_contacts_lookup_shows_public_contact_details(world, client):
    """Every column comes from the committee's profile: level, 组建单位, 办事机构, its contacts and address."""
    profile = world.committee.committee_profile
    profile.office_name = "教育厅职称评审办公室"
    profile.office_address = "乌鲁木齐市新华南路1号"
    profile.save()
    profile.contacts.create(post=CommitteeContact.Post.HEAD, name="王主任", phone="0991-2856600", mobile="13899887766")
    profile.contacts.create(name="李干事", phone="0991-2856677", sort=2)
    html = client.get(reverse("portal:contacts")).content.decode()
    row = html.split(world.committee.name, 1)[1].split("</tr>", 1)[0]
    for text in ("新疆维吾尔自治区", "新疆维吾尔自治区教育厅", "教育厅职称评审办公室", "王主任", "（负责人）", "李干事",
                 "0991-2856600", "0991-2856677", "乌鲁木齐市新华南路1号"):
        assert text in row
    assert "—" not in row
    assert "13899887766" not in html  # a contact's mobile is not public
    html = client.get(reverse("portal:contacts"), {"region": "", "keyword": "不存在"}).content.decode()
    assert "暂无数据" in html


def test_contacts_lookup_lists_by_the_committee_level_and_falls_back_to_its_location(world, client):
    # A 自治区-level committee seated in 乌鲁木齐 is listed under 自治区本级, not 乌鲁木齐市.
    seated = OrganisationFactory(kind="committee", name="自治区工程系列高级职称评审委员会", region=world.urumqi,
                                 committee_level=world.region)
    seated.committee_profile.location = "乌鲁木齐市"
    seated.committee_profile.save()
    html = client.get(reverse("portal:contacts"), {"region": ""}).content.decode()
    row = html.split(seated.name, 1)[1].split("</tr>", 1)[0]
    assert "乌鲁木齐市" in row  # no 办事机构 address yet: the 所在地点 stands in
    html = client.get(reverse("portal:contacts"), {"region": world.urumqi.code}).content.decode()
    assert seated.name not in html
    html = client.get(reverse("portal:contacts"), {"region": "", "keyword": "教育厅"}).content.decode()
    assert world.committee.name in html and seated.name not in html


def test_certificate_lookup_page_explains_where_the_service_is(world, client):
    html = client.get(reverse("portal:certificates")).content.decode()
    assert "证书编号" in html and "姓名" in html


def _committees_with_contacts(world, n):
    for committee in OrganisationFactory.create_batch(n, kind="committee", region=world.urumqi,
                                                      founder=world.hr_bureau):
        committee.committee_profile.contacts.create(name="联系人", phone="0991-1234567")


def test_public_list_query_counts_do_not_grow(world, client):
    def count(url, make):
        make()
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx)

    for url, make in (
        (reverse("portal:notices"), lambda: NoticeFactory.create_batch(2, region=world.urumqi)),
        (reverse("portal:contacts") + "?region=" + world.urumqi.code,
         lambda: _committees_with_contacts(world, 2)),
        (reverse("portal:search") + "?q=通知", lambda: NoticeFactory.create_batch(2, region=world.kashgar)),
    ):
        client.post(reverse("portal:switch_region"), {"region": world.urumqi.code})
        small = count(url, make)
        large = count(url, lambda m=make: [m() for _ in range(9)])
        assert small == large, url


# --- 业务矩阵 and 我的主页 ---------------------------------------------------------------------------

def test_matrix_shows_tiles_by_permission(world, login):
    html = login(world.platform_admin).get(reverse("portal:matrix")).content.decode()
    assert "平台管理" in html and "通知公告管理" in html and "审计日志" in html and "数量：" in html
    assert "当前角色" in html
    html = login(world.person).get(reverse("portal:matrix")).content.decode()
    assert "通知公告管理" not in html and "审计日志" not in html and "当前角色：[申请人]" in html


def test_matrix_tile_with_children_opens_a_chooser(world, login, monkeypatch):
    from zhuanji.portal import menus
    from zhuanji.portal.menus import Item, Tile

    tile = Tile("继续教育-职称-电子证书", "继续教育", "【公需科目】报名、【专业科目】报名等。", "portal:my_home",
                "person.profile", children=(Item("继续教育【公需科目】报名", "portal:help", "person.profile"),
                                            Item("无权限的子项", "portal:help", "platform.view_audit"),
                                            Item("未上线的子项", "nowhere:at_all", "person.profile")))
    real = menus.declared
    monkeypatch.setattr(menus, "declared", lambda module, attr: (tile,) if attr == "TILES" else real(module, attr))
    html = login(world.person).get(reverse("portal:matrix")).content.decode()
    assert "继续教育-职称-电子证书 <small>数量：1</small>" in html
    assert 'data-bs-toggle="modal"' in html and "继续教育【公需科目】报名" in html
    assert "无权限的子项" not in html and "未上线的子项" not in html


def test_left_menu_merges_platform_sections(world, login):
    html = login(world.platform_admin).get(reverse("portal:my_home")).content.decode()
    assert html.count("</i> 平台管理</summary>") == 1
    assert reverse("portal:manage_notices") in html and reverse("audit:list") in html


def test_my_home_welcomes_with_name_role_and_org(world, login):
    html = login(world.unit_admin).get(reverse("portal:my_home")).content.decode()
    assert "您好，新疆大学管理员" in html and "基层单位管理员" in html and "新疆大学" in html and "常用功能" in html
    html = login(world.person).get(reverse("portal:my_home")).content.decode()
    assert "您好，张伟" in html and "申请人" in html and "新疆大学" in html
    assert world.person.phone not in html


def test_my_home_shows_the_todo_count_of_the_role_acted_as(world, login):
    from tests.reviews.docapp.services import filing_create
    from zhuanji.orgs.models import Role
    from zhuanji.reviews.services import case_submit

    for title in ("第一期培训前备案", "第二期培训前备案"):
        filing = filing_create(actor=world.ce_base_admin, owner=world.ce_base, title=title)
        case_submit(case=filing.case, actor=world.ce_base_admin)  # → 主管单位初审 at 教育厅
    client = login(world.competent_staff)
    html = client.get(reverse("portal:my_home")).content.decode()
    assert "我的待办" in html and '<p class="display-6 mb-2">2</p>' in html
    # 切换角色 to another organisation: its own 待办 (none), not the first role's.
    second = world.competent_staff.memberships.create(org=world.hr_bureau, role=Role.REVIEWER)
    client.post(reverse("orgs:switch"), {"membership": second.pk})
    html = client.get(reverse("portal:my_home")).content.decode()
    assert "我的待办" in html and '<p class="display-6 mb-2">0</p>' in html
    html = login(world.person).get(reverse("portal:my_home")).content.decode()
    assert "我的待办" not in html


# --- 通知公告管理 ------------------------------------------------------------------------------------

def test_manager_creates_publishes_and_deletes_through_pages(world, login):
    client = login(world.platform_admin)
    response = client.get(reverse("portal:notice_create"))
    assert "0/100" in response.content.decode() and "自治区本级" in response.content.decode()
    response = client.post(reverse("portal:notice_create"), {
        "kind": "notice", "category": "titles", "region": "", "title": "关于开展2023年度职称评审的通知",
        "body": "<p>正文</p><script>alert(1)</script>"})
    assert response.status_code == 302
    notice = Notice.objects.get()
    assert notice.body == "<p>正文</p>" and not notice.is_published
    assert client.get(reverse("portal:notice_publish", args=[notice.pk])).status_code == 405
    client.post(reverse("portal:notice_publish", args=[notice.pk]))
    notice.refresh_from_db()
    assert notice.is_published
    html = login(None).get(reverse("portal:home")).content.decode()
    assert "关于开展2023年度职称评审的通知" in html
    client = login(world.platform_admin)
    response = client.post(reverse("portal:notice_edit", args=[notice.pk]), {
        "kind": "policy", "category": "titles", "region": world.urumqi.pk, "title": "改后的标题", "body": ""})
    assert response.status_code == 302, response.content.decode()[-3000:]
    notice.refresh_from_db()
    assert (notice.kind, notice.region, notice.title) == ("policy", world.urumqi, "改后的标题")
    client.post(reverse("portal:notice_unpublish", args=[notice.pk]))
    client.post(reverse("portal:notice_delete", args=[notice.pk]))
    assert not Notice.objects.exists()
    assert AuditEntry.objects.filter(action__startswith="notice.").count() == 5


def test_notice_form_shows_chinese_errors(world, login):
    response = login(world.platform_admin).post(reverse("portal:notice_create"),
                                                {"kind": "notice", "category": "titles", "title": ""})
    assert response.status_code == 200
    assert "请填写标题" in response.content.decode()


def test_prefecture_manager_form_and_scope(world, login, hr_bureau_admin):
    client = login(hr_bureau_admin)
    html = client.get(reverse("portal:notice_create")).content.decode()
    assert "自治区本级" not in html and "乌鲁木齐市" in html and "喀什地区" not in html
    response = client.post(reverse("portal:notice_create"), {
        "kind": "notice", "category": "titles", "region": world.kashgar.pk, "title": "越权", "body": ""})
    assert response.status_code == 200 and not Notice.objects.exists()
    other = NoticeFactory()
    assert client.get(reverse("portal:notice_edit", args=[other.pk])).status_code == 404
    assert client.post(reverse("portal:notice_delete", args=[other.pk])).status_code == 404
    assert Notice.objects.filter(pk=other.pk).exists()


def test_manage_list_filters_and_query_count(world, login):
    client = login(world.platform_admin)
    NoticeFactory(title="已发布的通知")
    NoticeFactory(title="草稿通知", is_published=False, published_at=None)
    html = client.get(reverse("portal:manage_notices"), {"status": "draft"}).content.decode()
    assert "草稿通知" in html and "已发布的通知" not in html and "共1条" in html

    def count():
        with CaptureQueriesContext(connection) as ctx:
            client.get(reverse("portal:manage_notices"))
        return len(ctx)

    small = count()
    NoticeFactory.create_batch(18, region=world.kashgar)
    assert count() == small


# --- pagination component, health, API -------------------------------------------------------------

def test_pagination_keeps_filters_size_and_offers_jump(world, client):
    for i in range(25):
        NoticeFactory(title=f"党干校通知{i}")
    html = client.get(reverse("portal:search"), {"q": "党干校", "size": 10}).content.decode()
    assert "共25条" in html
    assert "?q=%E5%85%9A%E5%B9%B2%E6%A0%A1&amp;size=10&amp;page=2" in html
    assert 'name="q" value="党干校"' in html  # kept when the size or page jump form submits
    assert "前往" in html and 'max="3"' in html and "10条/页" in html
    html = client.get(reverse("portal:search"), {"q": "党干校", "size": 20, "page": 2}).content.decode()
    assert html.count('href="/notices/') == 5 and 'aria-current="page"><span class="page-link">2<' in html
    assert client.get(reverse("portal:search"), {"q": "党干校", "size": "abc", "page": "x"}).status_code == 200


@pytest.mark.django_db
def test_healthz_reports_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok" and response.json()["database"] == "ok"


@pytest.mark.django_db
def test_openapi_schema_has_title(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.json()["info"]["title"] == "专技平台 API"


def test_login_page_title_follows_the_region(world, client):
    assert "自治区本级统一登录入口" in client.get(reverse("accounts:login")).content.decode()
    client.post(reverse("portal:switch_region"), {"region": world.urumqi.code})
    assert "乌鲁木齐市统一登录入口" in client.get(reverse("accounts:login")).content.decode()
