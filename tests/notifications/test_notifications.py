"""消息: every case event tells who must act or whose document it is; nothing for a rolled-back change;
SMS only after commit."""

import pytest
from django.db import transaction
from django.urls import reverse

from tests.factories import staff_of
from tests.reviews.conftest import make_memo, memo_world  # noqa: F401 - fixtures used below
from tests.reviews.docapp.services import filing_create
from zhuanji.accounts.models import SmsMessage
from zhuanji.notifications.models import Notification
from zhuanji.notifications.services import notify
from zhuanji.orgs.models import Role
from zhuanji.reviews.services import case_act, case_approve, case_return, case_submit

pytestmark = pytest.mark.django_db


def _titles(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).order_by("id").values_list("title", flat=True))


def test_each_event_notifies_who_must_act_or_whose_document_it_is(make_memo, memo_world):  # noqa: F811
    w = memo_world
    case = make_memo("draft").case
    case = case_submit(case=case, actor=w.person)
    assert _titles(w.unit_admin) == [f"您有新的待办：测试备忘录 {case.number}"]
    case = case_approve(case=case, actor=w.unit_admin, next_org=w.competent)
    assert _titles(w.competent_staff) == [f"您有新的待办：测试备忘录 {case.number}"]
    assert _titles(w.hr_bureau_staff) == []  # the candidate not chosen
    case_return(case=case, actor=w.competent_staff, opinion="请补充论文")
    assert _titles(w.person) == [f"您的测试备忘录 {case.number}已被退回"]
    message = Notification.objects.get(recipient=w.person)
    assert message.body == "请补充论文" and message.url == reverse("reviews:case", args=[case.pk])


def test_an_organisation_s_document_tells_its_members_who_file_it(memo_world):  # noqa: F811
    w = memo_world
    clerk = staff_of(w.ce_base, Role.CLERK)
    case = case_submit(case=filing_create(actor=w.ce_base_admin, owner=w.ce_base, title="备案").case,
                       actor=w.ce_base_admin)
    case_act(case=case, actor=w.competent_staff, decision="return", opinion="请补充")
    assert len(_titles(w.ce_base_admin)) == 1 and _titles(clerk) == []


def test_nothing_for_a_rolled_back_transition(make_memo, memo_world):  # noqa: F811
    case = make_memo("draft").case
    with pytest.raises(RuntimeError), transaction.atomic():
        case_submit(case=case, actor=memo_world.person)
        raise RuntimeError("rolled back")
    assert not Notification.objects.exists()


def test_sms_goes_only_after_commit(memo_world, django_capture_on_commit_callbacks):  # noqa: F811
    w = memo_world
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify(recipients=[w.person], title="报名成功", body="请按短信提示缴费", sms=True)
    assert not SmsMessage.objects.exists() and len(callbacks) == 1
    callbacks[0]()
    assert SmsMessage.objects.get().text == "报名成功。请按短信提示缴费"


def test_top_bar_count_list_open_and_read_all(memo_world, client):  # noqa: F811
    w = memo_world
    notify(recipients=[w.person], title="第一条", url="/hours/")
    notify(recipients=[w.person], title="第二条", url="https://evil.example/")
    client.force_login(w.person)
    body = client.get(reverse("notifications:index")).content.decode()
    assert "2条未读" in body and "第一条" in body and "第二条" in body
    first, second = Notification.objects.order_by("id")
    response = client.post(reverse("notifications:open", args=[first.pk]))
    assert response.status_code == 302 and response["Location"] == "/hours/"
    # An outside address is never stored: the message leads back to the list.
    assert client.post(reverse("notifications:open", args=[second.pk]))["Location"] == reverse(
        "notifications:index")
    assert "未读" not in client.get(reverse("notifications:index") + "?unread=1").content.decode().split(
        "<tbody>")[1].split("</tbody>")[0]
    notify(recipients=[w.person], title="第三条")
    client.post(reverse("notifications:read_all"))
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_the_list_s_query_count_does_not_grow(memo_world, client, django_assert_max_num_queries):  # noqa: F811
    w = memo_world
    client.force_login(w.person)
    notify(recipients=[w.person], title="一条")
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("notifications:index"))
    for n in range(30):
        notify(recipients=[w.person], title=f"第{n}条")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("notifications:index"))


@pytest.mark.parametrize("url", ["//evil.example/", "/\\evil.example/", "/\\\\evil.example/", "https://evil.example/",
                                 "javascript:alert(1)"])
def test_a_link_to_another_host_is_never_stored(memo_world, url):  # noqa: F811
    notify(recipients=[memo_world.person], title="链接", url=url)
    assert Notification.objects.get().url == ""
