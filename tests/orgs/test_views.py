import pytest
from django import forms
from django.urls import reverse

from tests.factories import OrganisationFactory, UnitFactory, staff_of
from zhuanji.orgs.middleware import SESSION_KEY
from zhuanji.orgs.models import Membership, OrgKind, Recommendation, Role
from zhuanji.orgs.widgets import UnitPickerField

pytestmark = pytest.mark.django_db

NO_MATCH_HINT = "列表中没有显示申报人工作单位，请通知单位管理员在平台中进行单位注册并被审核通过后，再进行申报"


def _query_count(django_assert_max_num_queries, client, url, limit):
    with django_assert_max_num_queries(limit):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("rows", [2, 20])
def test_org_list_queries_do_not_grow(world, login, django_assert_max_num_queries, rows):
    for _ in range(rows):
        OrganisationFactory(parent=world.hr_department)
    _query_count(django_assert_max_num_queries, login(world.platform_admin),
                 reverse("orgs:org_list") + "?size=50", 14)


@pytest.mark.parametrize("rows", [2, 20])
def test_user_list_queries_do_not_grow(world, login, django_assert_max_num_queries, rows):
    for _ in range(rows):
        staff_of(world.unit, Role.CLERK)
    _query_count(django_assert_max_num_queries, login(world.unit_admin), reverse("orgs:users") + "?size=50", 14)


@pytest.mark.parametrize("rows", [2, 20])
def test_unit_search_queries_do_not_grow(world, login, django_assert_max_num_queries, rows):
    for n in range(rows):
        UnitFactory(name=f"新疆测试查询单位{n}")
    _query_count(django_assert_max_num_queries, login(world.person),
                 reverse("orgs:unit_search") + "?keyword=新疆测试&size=50", 10)


def test_org_list_filters(world, login):
    client = login(world.platform_admin)
    page = client.get(reverse("orgs:org_list"), {"kind": OrgKind.UNIT}).content.decode()
    assert "新疆大学" in page and "乌鲁木齐市人力资源和社会保障局" not in page
    page = client.get(reverse("orgs:org_list"), {"region": world.kashgar.pk}).content.decode()
    assert "喀什地区第一人民医院" in page and "新疆大学" not in page
    page = client.get(reverse("orgs:org_list"), {"parent": world.competent.pk}).content.decode()
    assert "新疆大学继续教育学院" in page and "喀什地区第一人民医院" not in page


def test_platform_admin_creates_and_disables_an_organisation(world, login):
    client = login(world.platform_admin)
    response = client.post(reverse("orgs:org_create"), {
        "name": "新疆维吾尔自治区水利厅", "kind": OrgKind.COMPETENT_DEPARTMENT, "region": world.region.pk})
    assert response.status_code == 302
    response = client.post(reverse("orgs:org_create"), {"name": "某基地", "kind": OrgKind.CE_BASE,
                                                         "region": world.region.pk})
    assert "继续教育基地必须选择基地级别" in response.content.decode()
    client.post(reverse("orgs:org_toggle", args=[world.ce_base.pk]))
    world.ce_base.refresh_from_db()
    assert not world.ce_base.is_active


def test_unit_admin_manages_own_users(world, login):
    client = login(world.unit_admin)
    response = client.post(reverse("orgs:user_create"), {"name": "新经办人", "phone": "13811112222",
                                                         "role": Role.CLERK})
    assert response.status_code == 302
    membership = Membership.objects.get(org=world.unit, user__name="新经办人")
    assert membership.user.username.startswith("YHBH")
    page = client.get(reverse("orgs:users")).content.decode()
    assert "138****2222" in page and "13811112222" not in page and "喀什医院管理员" not in page
    response = client.post(reverse("orgs:user_edit", args=[membership.pk]),
                           {"name": "新经办人", "phone": "1381111", "role": Role.CLERK})
    assert "请输入以1开头的11位手机号码" in response.content.decode()


def test_platform_admin_picks_the_organisation(world, login):
    client = login(world.platform_admin)
    page = client.get(reverse("orgs:users"), {"org": world.other_unit.pk}).content.decode()
    assert "喀什医院管理员" in page and "新疆大学管理员" not in page
    assert login(world.unit_admin).get(reverse("orgs:users"), {"org": world.other_unit.pk}).status_code == 404


def test_unit_info_banner_until_complete(world, login):
    world.unit.legal_representative = ""
    world.unit.save()
    client = login(world.unit_admin)
    assert "单位信息不完整，将不能审核申报材料" in client.get(reverse("orgs:unit_info")).content.decode()
    client.post(reverse("orgs:unit_info_edit"), {
        "address": "乌鲁木齐市天山区解放南路1号", "postcode": "830000", "contact_name": "王芳",
        "contact_phone": "0991-2345678", "legal_representative": "李建国", "unit_nature": "事业单位"})
    assert "单位信息不完整" not in client.get(reverse("orgs:unit_info")).content.decode()



def test_short_postcode_gets_the_services_chinese_message(world, login):
    response = login(world.unit_admin).post(reverse("orgs:unit_info_edit"), {
        "address": "乌鲁木齐市天山区解放南路1号", "postcode": "12", "contact_name": "王芳",
        "contact_phone": "0991-2345678", "legal_representative": "李建国", "unit_nature": "事业单位"})
    body = response.content.decode()
    assert "邮政编码应为6位数字" in body and "确保该变量" not in body

def test_rename_through_the_page(world, login):
    client = login(world.unit_admin)
    response = client.post(reverse("orgs:unit_rename"), {"name": "新疆大学（新）", "reason": ""})
    assert "请填写变更原因" in response.content.decode()
    client.post(reverse("orgs:unit_rename"), {"name": "新疆大学（新）", "reason": "更名"})
    world.unit.refresh_from_db()
    assert world.unit.name == "新疆大学（新）"


def test_third_recommender_is_refused_on_the_page(world, login):
    client = login(world.unit_admin)
    page = client.get(reverse("orgs:unit_recommenders"), {"region": world.urumqi.pk},
                      headers={"HX-Request": "true"}).content.decode()
    assert "乌鲁木齐市人力资源和社会保障局" in page and "教育厅" not in page
    for org in (world.hr_department, world.competent):
        client.post(reverse("orgs:unit_recommenders"), {"region": org.region_id, "recommender": org.pk})
    response = client.post(reverse("orgs:unit_recommenders"),
                           {"region": world.urumqi.pk, "recommender": world.hr_bureau.pk})
    assert "一个基层单位最多可选择2个推荐单位" in response.content.decode()
    assert Recommendation.objects.filter(unit=world.unit).count() == 2


def test_another_units_recommendation_is_404(world, login):
    link = Recommendation.objects.create(unit=world.other_unit, recommender=world.competent)
    assert login(world.unit_admin).post(reverse("orgs:unit_recommender_remove", args=[link.pk])).status_code == 404
    assert Recommendation.objects.filter(pk=link.pk).exists()


def test_role_switch_changes_the_current_membership(world, login):
    second = Membership.objects.create(user=world.unit_admin, org=world.competent, role=Role.REVIEWER)
    client = login(world.unit_admin)
    assert "新疆维吾尔自治区教育厅" in client.get(reverse("orgs:switch")).content.decode()
    assert client.post(reverse("orgs:switch"), {"membership": second.pk}).status_code == 302
    assert client.session[SESSION_KEY] == second.pk
    assert client.get(reverse("orgs:unit_info")).status_code == 403  # now acting for the 教育厅
    other = Membership.objects.get(user=world.other_unit_admin)
    assert client.post(reverse("orgs:switch"), {"membership": other.pk}).status_code == 404


def test_unit_search_dialog_results_and_hint(world, login):
    client = login(world.person)
    dialog = client.get(reverse("orgs:unit_search"), {"target": "id_work_unit"},
                        headers={"HX-Request": "true", "HX-Target": "dialog-content"}).content.decode()
    assert "选择工作单位" in dialog and "点击搜索单位" in dialog and "暂无数据" in dialog
    results = client.get(reverse("orgs:unit_search"), {"keyword": "新疆大", "target": "id_work_unit"},
                         headers={"HX-Request": "true", "HX-Target": "unit-results"}).content.decode()
    assert f'data-unit-id="{world.unit.pk}"' in results and 'data-target="id_work_unit"' in results
    assert "<html" not in results
    nothing = client.get(reverse("orgs:unit_search"), {"keyword": "不存在的单位", "target": "x\"><script>"},
                         headers={"HX-Request": "true", "HX-Target": "unit-results"}).content.decode()
    assert NO_MATCH_HINT in nothing and "<script>" not in nothing


class _ProfileForm(forms.Form):
    work_unit = UnitPickerField()


def test_unit_picker_field_renders_and_validates(world):
    html = str(_ProfileForm(initial={"work_unit": world.unit.pk})["work_unit"])
    assert 'type="hidden" name="work_unit"' in html and 'value="新疆大学"' in html
    assert reverse("orgs:unit_search") + "?target=id_work_unit" in html
    assert _ProfileForm({"work_unit": world.unit.pk}).is_valid()
    form = _ProfileForm({"work_unit": world.competent.pk})
    assert not form.is_valid() and "请通过“选择工作单位”选择已注册的基层单位" in form.errors["work_unit"][0]
