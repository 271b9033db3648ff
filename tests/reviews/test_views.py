import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from zhuanji.reviews.models import Case, CaseState
from zhuanji.reviews.services import case_approve

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["act", "withdraw", "batch"])
def test_state_changes_refuse_get(make_memo, memo_world, login, name):
    case = make_memo("unit").case
    client = login(memo_world.unit_admin)
    url = reverse(f"reviews:{name}", args=[] if name == "batch" else [case.pk])
    assert client.get(url).status_code == 405
    assert Case.objects.get(pk=case.pk).version == case.version


def test_act_dialog_offers_the_next_node_candidates(make_memo, memo_world, login):
    w = memo_world
    case = make_memo("unit").case
    response = login(w.unit_admin).get(reverse("reviews:act_form", args=[case.pk]), HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.templates[0].name == "reviews/_act_form.html"
    for text in ("信息审核", "审核推荐", "同意", "退回", "选择提交单位", "推荐意见",
                 w.competent.name, w.hr_bureau.name):
        assert text in body
    assert w.committee.name not in body

    at_recommender = make_memo("recommender").case  # the office is the only candidate: nothing to choose
    body = login(w.competent_staff).get(reverse("reviews:act_form", args=[at_recommender.pk])).content.decode()
    assert "选择提交单位" not in body


def test_act_form_of_a_visible_case_not_at_my_org_changes_nothing(make_memo, memo_world, login):
    case = make_memo("recommender").case  # passed through 新疆大学, now at 教育厅
    client = login(memo_world.unit_admin)
    assert client.get(reverse("reviews:act_form", args=[case.pk])).status_code == 409
    assert client.post(reverse("reviews:act", args=[case.pk]), {"decision": "approve"}).status_code == 409
    assert Case.objects.get(pk=case.pk).version == case.version
    # Its applicant sees the case but never acts on it.
    assert login(memo_world.person).get(reverse("reviews:act_form", args=[case.pk])).status_code == 403


def test_approve_with_choice(make_memo, memo_world, login):
    w = memo_world
    case = make_memo("unit").case
    response = login(w.unit_admin).post(reverse("reviews:act", args=[case.pk]), {
        "decision": "approve", "next_org": w.hr_bureau.pk, "opinion": "同意推荐", "version": case.version})
    assert response.status_code == 302 and response["Location"] == reverse("reviews:inbox")
    case.refresh_from_db()
    assert (case.node, case.current_org) == ("recommender", w.hr_bureau)
    assert case.steps.order_by("-seq").first().opinion == "同意推荐"


def test_htmx_approve_redirects_the_page(make_memo, memo_world, login):
    w = memo_world
    case = make_memo("recommender").case
    response = login(w.competent_staff).post(
        reverse("reviews:act", args=[case.pk]), {"decision": "approve", "version": case.version,
                                                 "next": reverse("reviews:flow", args=[case.pk])},
        HTTP_HX_REQUEST="true")
    assert response.status_code == 204
    assert response["HX-Redirect"] == reverse("reviews:flow", args=[case.pk])
    assert Case.objects.get(pk=case.pk).current_org == w.title_office


def test_return_without_opinion_shows_error_beside_field(make_memo, memo_world, login):
    case = make_memo("unit").case
    response = login(memo_world.unit_admin).post(reverse("reviews:act", args=[case.pk]), {
        "decision": "return", "opinion": "", "version": case.version})
    assert response.status_code == 200
    assert response.context["form"].errors["opinion"] == ["请填写退回意见"]
    assert "退回意见" in response.content.decode()
    assert Case.objects.get(pk=case.pk).version == case.version


def test_missing_choice_is_reported_on_the_select(make_memo, memo_world, login):
    case = make_memo("unit").case
    response = login(memo_world.unit_admin).post(reverse("reviews:act", args=[case.pk]), {
        "decision": "approve", "version": case.version})
    assert response.context["form"].errors["next_org"] == ["请选择提交单位"]


def test_stale_version_is_refused(make_memo, memo_world, login):
    w = memo_world
    case = make_memo("unit").case
    response = login(w.unit_admin).post(reverse("reviews:act", args=[case.pk]), {
        "decision": "return", "opinion": "退回", "version": case.version + 7})
    assert "该申请已被他人办理，请刷新后重试" in response.content.decode()
    assert Case.objects.get(pk=case.pk).state == CaseState.PENDING


def test_inbox_lists_only_my_orgs_cases(make_memo, memo_world, login):
    w = memo_world
    mine = make_memo("unit").case
    theirs = make_memo("unit", by=w.other_person, unit=w.other_unit, title="喀什的备忘录").case
    body = login(w.unit_admin).get(reverse("reviews:inbox")).content.decode()
    assert mine.number in body and theirs.number not in body
    for text in ("我要审核", "我要收回", "本页全选", "批量退回所选(申请人)", "批量提交所选", "共1条"):
        assert text in body
    body = login(w.other_unit_admin).get(reverse("reviews:inbox")).content.decode()
    assert theirs.number in body and mine.number not in body


def test_inbox_filters(make_memo, memo_world, login):
    make_memo("unit", title="关于甲的备忘录")
    make_memo("unit", title="关于乙的备忘录")
    client = login(memo_world.unit_admin)
    body = client.get(reverse("reviews:inbox"), {"q": "乙"}).content.decode()
    assert "关于乙的备忘录" in body and "关于甲的备忘录" not in body
    assert "暂无数据" in client.get(reverse("reviews:inbox"), {"year": 2019}).content.decode()
    assert "共2条" in client.get(reverse("reviews:inbox"), {"route": "docapp.memo", "year": 2023}).content.decode()


def test_withdraw_tab_and_action(make_memo, memo_world, login):
    w = memo_world
    case = make_memo("recommender").case
    client = login(w.unit_admin)
    body = client.get(reverse("reviews:inbox"), {"tab": "withdraw"}).content.decode()
    assert case.number in body and "收回" in body
    response = client.post(reverse("reviews:withdraw", args=[case.pk]), {"version": case.version})
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.node, case.current_org) == ("unit", w.unit)


def test_withdraw_refused_shows_message(make_memo, memo_world, login):
    case = make_memo("recommender").case
    response = login(memo_world.competent_staff).post(reverse("reviews:withdraw", args=[case.pk]), follow=True)
    assert "只有提交该申请的单位或申请人可以收回" in response.content.decode()


def test_applicant_withdraws_from_first_node(make_memo, memo_world, login):
    case = make_memo("unit").case
    login(memo_world.person).post(reverse("reviews:withdraw", args=[case.pk]), {"next": "/my/"})
    assert Case.objects.get(pk=case.pk).state == CaseState.WITHDRAWN


def test_batch_approve_and_return(make_memo, memo_world, login):
    w = memo_world
    office = [make_memo("office").case for _ in range(2)]
    elsewhere = make_memo("unit").case
    client = login(w.title_office_staff)
    response = client.post(reverse("reviews:batch"), {
        "ids": [c.pk for c in office] + [elsewhere.pk], "action": "approve", "opinion": "同意"}, follow=True)
    body = response.content.decode()
    assert "已批量同意2条" in body and "1条申请已不在您的待办中，未办理" in body
    assert {c.state for c in Case.objects.filter(pk__in=[c.pk for c in office])} == {CaseState.APPROVED}
    assert Case.objects.get(pk=elsewhere.pk).node == "unit"

    response = login(w.unit_admin).post(reverse("reviews:batch"), {"ids": [elsewhere.pk], "action": "return"},
                                        follow=True)
    assert f"{elsewhere.number}：请填写退回意见" in response.content.decode()
    login(w.unit_admin).post(reverse("reviews:batch"), {"ids": [elsewhere.pk], "action": "return",
                                                        "opinion": "统一退回"})
    assert Case.objects.get(pk=elsewhere.pk).state == CaseState.RETURNED


def test_batch_without_selection(memo_world, login):
    response = login(memo_world.unit_admin).post(reverse("reviews:batch"), {"action": "approve"}, follow=True)
    assert "请先勾选要办理的申请" in response.content.decode()


def test_flow_page_shows_log_and_diagram(make_memo, memo_world, login):
    w = memo_world
    case = make_memo("recommender").case
    body = login(w.competent_staff).get(reverse("reviews:flow", args=[case.pk])).content.decode()
    for text in ("流程日志", "序号", "节点", "办理单位", "办理人", "开始时间", "结束时间", "用时", "办理意见", "操作",
                 "当前状态", "同意推荐", w.unit_admin.username, w.unit.name, "流程步骤", "已接收材料",
                 f"办理单位：{w.competent.name}", "鼠标移动到节点看联系方式"):
        assert text in body, text
    # The applicant's handler number is their ID number: masked.
    assert w.person.username not in body
    assert w.person.username[:4] + "*" * 12 in body


def test_case_redirects_to_document_detail(make_memo, memo_world, login):
    case = make_memo("unit").case
    response = login(memo_world.unit_admin).get(reverse("reviews:case", args=[case.pk]))
    assert response["Location"] == reverse("reviews:flow", args=[case.pk])


def test_query_page_by_year(make_memo, memo_world, login):
    w = memo_world
    passed = make_memo("office").case
    client = login(w.unit_admin)
    body = client.get(reverse("reviews:query"), {"year": 2023}).content.decode()
    assert passed.number in body and "审核中" in body
    assert passed.number not in client.get(reverse("reviews:query"), {"year": 2022}).content.decode()


@pytest.mark.parametrize("name", ["inbox", "query"])
def test_list_query_count_does_not_grow_with_rows(make_memo, memo_world, login, name):
    w = memo_world
    client = login(w.competent_staff)
    for _ in range(2):
        make_memo("recommender")
    with CaptureQueriesContext(connection) as small:
        client.get(reverse(f"reviews:{name}"), {"size": 50, "year": 2023})
    for _ in range(18):
        make_memo("recommender")
    with CaptureQueriesContext(connection) as large:
        response = client.get(reverse(f"reviews:{name}"), {"size": 50, "year": 2023})
    assert "共20条" in response.content.decode()
    assert len(large.captured_queries) == len(small.captured_queries)


def test_menu_shows_inbox_to_reviewers(memo_world):
    from zhuanji.orgs.acting import Acting
    from zhuanji.portal.menus import menu_for

    w = memo_world
    unit_perms = Acting(w.unit_admin, w.unit_admin.memberships.get()).perms
    labels = [i["label"] for s in menu_for(unit_perms) for i in s["items"] if s["label"] == "审核办理"]
    assert labels == ["我的待办", "审核查询"]
    assert not [s for s in menu_for(Acting(w.person).perms) if s["label"] == "审核办理"]



def test_an_offsite_next_is_ignored(make_memo, memo_world, login):
    case = make_memo("recommender").case
    response = login(memo_world.unit_admin).post(reverse("reviews:withdraw", args=[case.pk]),
                                                 {"version": case.version, "next": "https://evil.example/x"})
    assert response.status_code == 302 and "evil.example" not in response["Location"]


def test_batch_approve_asks_for_the_next_organisation_common_to_all(make_memo, memo_world, login):
    w = memo_world
    cases = [make_memo("unit").case for _ in range(2)]
    client = login(w.unit_admin)
    response = client.post(reverse("reviews:batch"), {"ids": [c.pk for c in cases], "action": "approve",
                                                      "opinion": "同意推荐"})
    body = response.content.decode()
    assert response.status_code == 200 and "选择提交单位" in body
    assert w.competent.name in body and w.hr_bureau.name in body
    assert {c.state for c in Case.objects.filter(pk__in=[c.pk for c in cases])} == {CaseState.PENDING}
    assert {c.node for c in Case.objects.filter(pk__in=[c.pk for c in cases])} == {"unit"}

    response = client.post(reverse("reviews:batch"), {"ids": [c.pk for c in cases], "action": "approve",
                                                      "opinion": "同意推荐", "next_org": w.hr_bureau.pk}, follow=True)
    assert "已批量同意2条" in response.content.decode()
    assert {(c.node, c.current_org_id) for c in Case.objects.filter(pk__in=[c.pk for c in cases])} == {
        ("recommender", w.hr_bureau.pk)}


def test_batch_candidates_are_the_intersection(make_memo, memo_world):
    from zhuanji.orgs.models import Recommendation
    from zhuanji.reviews.selectors import batch_candidates

    w = memo_world
    Recommendation.objects.create(unit=w.other_unit, recommender=w.competent)
    ours, theirs = make_memo("unit").case, make_memo("unit", unit=w.other_unit).case
    assert list(batch_candidates([ours])) == sorted([w.competent, w.hr_bureau], key=lambda o: o.code)
    assert list(batch_candidates([ours, theirs])) == [w.competent]
    assert batch_candidates([make_memo("recommender").case]) is None  # the office is the only one: no choice


def test_a_stale_or_second_act_dialog_says_what_happened(make_memo, memo_world, login):
    w = memo_world
    case = make_memo("unit").case
    client = login(w.unit_admin)
    stale_form = client.get(reverse("reviews:act_form", args=[case.pk]), headers={"HX-Request": "true"})
    assert stale_form.status_code == 200
    case_approve(case=case, actor=w.unit_admin, next_org=w.competent)  # done in another tab
    response = client.get(reverse("reviews:act_form", args=[case.pk]), headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "该申请已不在您单位的待办中（当前节点：推荐单位），请刷新页面。" in response.content.decode()
    response = client.post(reverse("reviews:act", args=[case.pk]), {"decision": "approve", "version": 0})
    assert response.status_code == 409 and "请刷新页面" in response.content.decode()
    make_memo_approved = make_memo("approved").case
    response = login(w.title_office_staff).get(reverse("reviews:act_form", args=[make_memo_approved.pk]))
    assert "该申请已办理，当前状态为“已通过”，无需再办理。" in response.content.decode()
