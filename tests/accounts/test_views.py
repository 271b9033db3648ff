import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import PASSWORD
from zhuanji.accounts import services, throttle
from zhuanji.accounts.models import SmsMessage, User
from zhuanji.accounts.services.login import account_key
from zhuanji.audit.models import AuditEntry
from zhuanji.common.fakeids import make_credit_code, make_id_number

from .conftest import last_secret, png_upload, ticket_of

pytestmark = pytest.mark.django_db
CAPTCHA = {"captcha_0": "test", "captcha_1": "PASSED"}


def post_login(client, identifier, password, captcha="PASSED", **extra):
    data = {"identifier": identifier, "password": password, "captcha_0": "test", "captcha_1": captcha, **extra}
    return client.post(reverse("accounts:login"), data)


def test_login_page_shows_the_manual_s_labels(client):
    html = client.get(reverse("accounts:login")).content.decode()
    for text in ("身份证号码/单位组织机构代码/用户名", "找回用户名或密码", "注册", "五种登录方式",
                 "推荐使用谷歌浏览器或火狐浏览器", 'class="captcha"', "data-refresh-url"):
        assert text in html
    assert "登录已超时" not in html
    assert "登录已超时，请重新登录" in client.get(reverse("accounts:login") + "?timeout=1").content.decode()


def test_login_redirects_to_the_matrix(client, world):
    response = post_login(client, world.person.username, PASSWORD)
    assert response.status_code == 302 and response.url == reverse("portal:matrix")
    assert int(client.session["_auth_user_id"]) == world.person.pk


def test_login_follows_a_safe_next_only(client, world):
    assert post_login(client, world.person.username, PASSWORD, next="/my/").url == "/my/"
    client.logout()
    assert post_login(client, world.person.username, PASSWORD, next="https://evil.example/").url == reverse(
        "portal:matrix")


def test_login_page_carries_only_a_next_path_of_this_site(client):
    def carried(next_value):  # the login form's hidden `next`
        return client.get(reverse("accounts:login"), {"next": next_value}).context["next"]

    assert carried("/hours/") == "/hours/"
    assert carried("https://evil.example/") == ""
    assert carried("//evil.example/") == ""
    assert carried("portal:matrix") == ""


def test_wrong_captcha_checks_no_password(client, world):
    response = post_login(client, world.person.username, "Wrong#123", captcha="nope")
    assert "验证码错误" in response.content.decode()
    assert throttle.failures(account_key(world.person)) == 0
    assert not AuditEntry.objects.filter(action="login_failed").exists()


def test_wrong_password_message_and_back_off_page(client, world):
    html = post_login(client, world.person.username, "Wrong#123").content.decode()
    assert "账号或密码错误" in html and "再输错" not in html and "锁定" not in html
    for _ in range(4):
        post_login(client, world.person.username, "Wrong#123")
    html = post_login(client, world.person.username, PASSWORD).content.decode()
    assert "尝试过于频繁，请1分钟后再试" in html and "_auth_user_id" not in client.session


def test_a_login_leaves_a_device_cookie_that_outlasts_strangers_failures(client, world):
    response = post_login(client, world.person.username, PASSWORD)
    cookie = response.cookies["zhuanji_device"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax" and int(cookie["max-age"]) >= 30 * 24 * 3600
    client.post(reverse("accounts:logout"))
    for n in range(6):  # strangers, from six addresses
        with pytest.raises(ValidationError):
            services.login_attempt(identifier=world.person.username, password="Wrong#123", ip=f"203.0.113.{n}")
    response = post_login(client, world.person.username, PASSWORD)  # the browser still has its cookie
    assert response.status_code == 302 and response.cookies["zhuanji_device"].value == cookie.value


def test_logout_is_post_only_and_audited(login, world):
    client = login(world.person)
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302 and "_auth_user_id" not in client.session
    assert AuditEntry.objects.filter(action="logout", actor=world.person).exists()


def test_keepalive(login, world):
    client = login(None)
    assert client.post(reverse("accounts:keepalive")).status_code == 401
    client = login(world.person)
    assert client.get(reverse("accounts:keepalive")).status_code == 405
    assert client.post(reverse("accounts:keepalive")).status_code == 204


def test_register_person_then_duplicate_offers_recovery(client, world):
    id_number = make_id_number(321)
    data = {"id_number": id_number, "name": "阿依古丽", "ethnicity": "维吾尔族", "phone": "13500001111",
            "password": PASSWORD, "password2": PASSWORD, **CAPTCHA}
    response = client.post(reverse("accounts:register_person"), data)
    assert response.status_code == 302 and response.url == reverse("accounts:login")
    assert User.objects.get(username=id_number).person.ethnicity == "维吾尔族"
    html = client.post(reverse("accounts:register_person"), data).content.decode()
    assert "该身份证号已注册" in html and reverse("accounts:recover") in html


def test_register_person_password_mismatch_and_captcha(client, db):
    data = {"id_number": make_id_number(322), "name": "王磊", "ethnicity": "汉族", "phone": "13500001111",
            "password": PASSWORD, "password2": PASSWORD + "x", "captcha_0": "x", "captcha_1": "bad"}
    html = client.post(reverse("accounts:register_person"), data).content.decode()
    assert "两次输入的密码不一致" in html and "验证码错误" in html and not User.objects.exists()


def test_register_unit_shows_the_new_numbers(client, world):
    data = {"credit_code": make_credit_code(555), "name": "昌吉市第二中学", "region": world.urumqi.pk,
            "contact_name": "马丽", "contact_phone": "13600002222", "password": PASSWORD, "password2": PASSWORD,
            **CAPTCHA}
    html = client.post(reverse("accounts:register_unit"), data).content.decode()
    assert re.search(r"DWBH\d{8}", html) and re.search(r"YHBH\d{8}", html)
    assert "审核通过后即可登录" in html  # the unit waits for its 人社部门's review
    html = client.post(reverse("accounts:register_unit"), data).content.decode()
    assert "该统一社会信用代码已注册" in html and reverse("accounts:ticket_new") in html


def test_sms_recovery_flow(client, world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:recover_sms"),
                               {"identifier": world.person.username, "phone": world.person.phone, **CAPTCHA})
    assert response.url == reverse("accounts:recover_code")
    response = client.post(reverse("accounts:recover_code"), {"code": last_secret(world.person.phone)})
    assert response.url == reverse("accounts:recover_reset")
    html = client.get(reverse("accounts:recover_reset")).content.decode()
    assert world.person.username in html
    response = client.post(reverse("accounts:recover_reset"), {"password": "Xinmima#2026", "password2": "Xinmima#2026"})
    assert response.url == reverse("accounts:login")
    world.person.refresh_from_db()
    assert world.person.check_password("Xinmima#2026")


def test_code_pages_answer_the_same_for_an_unregistered_number(client, world, django_capture_on_commit_callbacks):
    pages = []
    for identifier in (world.person.username, make_id_number(4995)):
        client.cookies.clear()
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("accounts:recover_sms"),
                                   {"identifier": identifier, "phone": world.person.phone, **CAPTCHA}, follow=True)
        html = response.content.decode()
        pages.append((response.redirect_chain, "如果该证件号码已注册且手机号码与注册时一致" in html,
                      client.post(reverse("accounts:recover_code"), {"code": "000000"}).content.decode().count(
                          "验证码错误，还可尝试4次")))
    assert pages[0] == pages[1] == ([(reverse("accounts:recover_code"), 302)], True, 1)
    assert SmsMessage.objects.count() == 1  # only the registered number's phone got a code


def test_recover_code_without_a_challenge(client, db):
    html = client.post(reverse("accounts:recover_code"), {"code": "123456"}).content.decode()
    assert "验证码已失效" in html


def test_ticket_submission_and_public_status_is_masked(client, world):
    data = {"name": "张伟", "identifier": world.person.username, "phone": "13700000001", "reason": "手机号停用",
            "id_photo": png_upload(), **CAPTCHA}
    html = client.post(reverse("accounts:ticket_new"), data).content.decode()
    number = re.search(r"GD\d{8}[2-9A-Z]{8}", html).group(0)
    # The same page for a number with no account: filed, never "尚未注册".
    other = client.post(reverse("accounts:ticket_new"), {**data, "identifier": make_id_number(4994),
                                                          "id_photo": png_upload()}).content.decode()
    assert re.search(r"GD\d{8}[2-9A-Z]{8}", other) and "注册" not in other.split("ticket-number")[1][:300]
    html = client.get(reverse("accounts:ticket_status"), {"number": number}).content.decode()
    assert "待审核" in html and world.person.username not in html and world.person.username[:4] in html
    assert "未查询到该工单" in client.get(reverse("accounts:ticket_status"), {"number": "GD1"}).content.decode()


def test_ticket_review_pages(login, ticket, world, platform_reviewer, django_capture_on_commit_callbacks):
    client = login(world.platform_admin)
    assert client.get(reverse("accounts:ticket_approve", args=[ticket.pk])).status_code == 405
    html = client.get(reverse("accounts:ticket_list")).content.decode()
    assert ticket.number in html and "137****0001" in html and world.person.username not in html
    html = client.get(reverse("accounts:ticket_detail", args=[ticket.pk])).content.decode()
    photo_url = reverse("attachments:download", args=[ticket.id_photo.key])
    assert photo_url in html
    response = client.get(photo_url)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"\x89PNG")
    assert "流程步骤" in html and "流程日志" in html and "初审通过，转复核" in html and "须另一名审核人员复核" in html
    html = client.post(reverse("accounts:ticket_reject", args=[ticket.pk]), {"reason": ""}).content.decode()
    assert "请填写驳回原因" in html
    html = client.post(reverse("accounts:ticket_reject", args=[ticket.pk]), {"reason": "原" * 301}).content.decode()
    assert "驳回原因不能超过300个字" in html
    response = client.post(reverse("accounts:ticket_approve", args=[ticket.pk]), {"version": ticket.case.version},
                           follow=True)
    html = response.content.decode()
    assert "初审已通过，需由另一名审核人员复核后生效" in html and "您已办理本工单的初审" in html
    assert "复核通过并发送临时密码" not in html
    ticket.case.refresh_from_db()
    second = login(platform_reviewer)
    assert "复核通过并发送临时密码" in second.get(reverse("accounts:ticket_detail", args=[ticket.pk])).content.decode()
    version = {"version": ticket.case.version}
    with django_capture_on_commit_callbacks(execute=True):
        response = second.post(reverse("accounts:ticket_approve", args=[ticket.pk]), version, follow=True)
    assert "已通过，临时密码已通过短信发送" in response.content.decode()
    ticket.case.refresh_from_db()
    assert ticket.case.state == "approved"
    assert SmsMessage.objects.filter(phone="13700000001").count() == 1
    html = response.content.decode()
    assert "审核通过并发送临时密码" not in html and "已通过" in html and "已找回" in html
    # A second decision from the page seen before the first: the engine's refusal, never a 500.
    client = second
    response = client.post(reverse("accounts:ticket_reject", args=[ticket.pk]), {"reason": "晚了", **version})
    assert response.status_code == 200 and "该申请已被他人办理，请刷新后重试" in response.content.decode()
    response = client.post(reverse("accounts:ticket_approve", args=[ticket.pk]), follow=True)
    assert "该申请已审核通过，不能再办理" in response.content.decode()


@pytest.mark.parametrize("filter_", [("pending", "待审核"), ("approved", "已通过"), ("refused", "已驳回")])
def test_ticket_list_filters_by_the_case_state(login, world, filter_, platform_reviewer,
                                                django_capture_on_commit_callbacks):
    state, label = filter_
    pending, approved, refused = ticket_of(world), ticket_of(world), ticket_of(world)
    with django_capture_on_commit_callbacks(execute=True):
        login(platform_reviewer).post(reverse("accounts:ticket_approve", args=[approved.pk]))  # 初审
        client = login(world.platform_admin)
        client.post(reverse("accounts:ticket_approve", args=[approved.pk]), follow=True)  # 复核: the message shown
        client.post(reverse("accounts:ticket_reject", args=[refused.pk]), {"reason": "照片不清晰"}, follow=True)
    html = client.get(reverse("accounts:ticket_list"), {"status": state}).content.decode()
    shown = {t.number for t in (pending, approved, refused) if t.number in html}
    assert shown == {{"pending": pending, "approved": approved, "refused": refused}[state].number}
    assert f"<td>{label}</td>" in html


def test_ticket_is_decided_in_the_reviews_dialog_too(login, world, ticket, django_capture_on_commit_callbacks):
    client = login(world.platform_admin)
    assert client.get(reverse("reviews:case", args=[ticket.case_id])).url == reverse("accounts:ticket_detail",
                                                                                      args=[ticket.pk])
    html = client.get(reverse("reviews:act_form", args=[ticket.case_id])).content.decode()
    assert "工单审核" in html and "审核结果" in html and "通过" in html and "驳回" in html
    act = reverse("reviews:act", args=[ticket.case_id])
    data = {"decision": "reject", "version": ticket.case.version}
    html = client.post(act, {**data, "opinion": "原" * 301}).content.decode()
    assert "驳回原因不能超过300个字" in html
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(act, {**data, "opinion": "照片不清晰", "next": reverse("accounts:ticket_list")})
    assert response.url == reverse("accounts:ticket_list")
    assert "照片不清晰" in SmsMessage.objects.get(phone="13700000001").text


def test_sms_log_masks_phones_and_secrets(login, world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.recovery_code_send(identifier=world.person.username, phone=world.person.phone)
    code = last_secret(world.person.phone)
    html = login(world.platform_admin).get(reverse("accounts:sms_list")).content.decode()
    assert code not in html and "「******」" in html and world.person.phone not in html


def test_list_pages_do_not_grow_queries_with_rows(login, world):
    client = login(world.platform_admin)

    def queries(url):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx)

    def fill(n):
        for i in range(n):
            SmsMessage.objects.create(phone=f"1390000{i:04d}", text="x", backend="test")
            services.ticket_submit(name="张伟", identifier=world.person.username, phone="13700000001", reason="r",
                                   id_photo=png_upload())

    fill(2)
    few = (queries(reverse("accounts:ticket_list")), queries(reverse("accounts:sms_list")))
    fill(18)
    many = (queries(reverse("accounts:ticket_list") + "?size=50"), queries(reverse("accounts:sms_list") + "?size=50"))
    assert few == many


def test_profile_update_via_page(login, world):
    client = login(world.person)
    html = client.get(reverse("accounts:profile")).content.decode()
    assert "我的信息" in html and world.person.username not in html  # the ID number is masked
    response = client.post(reverse("accounts:profile"), {
        "ethnicity": "回族", "phone": "13811112222", "education": "大学本科", "degree": "学士",
        "work_unit": world.other_unit.pk, "photo": png_upload()})
    assert response.status_code == 302
    world.person.person.refresh_from_db()
    assert world.person.person.work_unit == world.other_unit and world.person.person.ethnicity == "回族"
    photo_url = reverse("attachments:download", args=[world.person.person.photo.key])
    assert photo_url in client.get(reverse("accounts:profile")).content.decode()
    assert client.get(photo_url).status_code == 200
    assert login(world.other_person).get(photo_url).status_code == 404


def test_password_change_page_keeps_the_session(login, world):
    client = login(world.unit_admin)
    response = client.post(reverse("accounts:password_change"),
                           {"old_password": PASSWORD, "new_password": "Newpass#2026", "password2": "Newpass#2026"})
    assert response.status_code == 302
    assert client.get(reverse("accounts:password_change")).status_code == 200
