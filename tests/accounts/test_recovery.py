import datetime
import re

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from tests.factories import PASSWORD
from tests.sms import delivered
from zhuanji.accounts import services
from zhuanji.accounts.models import RecoveryChallenge, RecoveryTicket, SmsMessage
from zhuanji.accounts.routes import APPROVE, RECHECK_NODE, REJECT, ROUTE_KEY
from zhuanji.accounts.services.recovery import objection_token, ticket_from_objection
from zhuanji.accounts.sms import BaseBackend, DatabaseBackend, get_backend, redact
from zhuanji.audit.masking import mask_phone
from zhuanji.audit.models import AuditEntry
from zhuanji.common.fakeids import make_id_number
from zhuanji.notifications.models import Notification
from zhuanji.orgs.acting import acting_of
from zhuanji.reviews.models import Action, Case, CaseState
from zhuanji.reviews.routes import get_route
from zhuanji.reviews.selectors import case_queue
from zhuanji.reviews.services import STALE, case_act

from .conftest import NEW_PHONE, last_secret, png_upload, ticket_of

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "Xinmima#2026"


def decide(ticket, user, decision: str, opinion: str = "") -> Case:
    """The decision as the platform's pages take it: by the user acting in the role a new session starts in."""
    return case_act(case=ticket.case, actor=acting_of(user), decision=decision, opinion=opinion)


def send(world, identifier=None, phone=None):
    """A code request; its SMS leaves after commit (from the worker), so the callbacks are run."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return services.recovery_code_send(identifier=identifier or world.person.username,
                                           phone=phone or world.person.phone)


def test_code_is_sent_to_the_registered_phone_and_stored_hashed(world):
    challenge = send(world)
    code = last_secret(world.person.phone)
    assert re.fullmatch(r"\d{6}", code) and code not in challenge.code_hash
    logged = SmsMessage.objects.get().text
    assert "10分钟内有效" in logged and code not in logged and "「******」" in logged  # the log keeps no code


def test_a_phone_number_that_is_not_valid_is_refused(world):
    with pytest.raises(ValidationError):
        services.recovery_code_send(identifier=world.person.username, phone="1300000000")
    assert not RecoveryChallenge.objects.exists()


def wrong_code_answers(challenge) -> list:
    answers = []
    for _ in range(6):
        with pytest.raises(ValidationError) as exc_info:
            services.recovery_code_check(challenge_id=challenge.pk, code="000000")
        answers.append(exc_info.value.messages)
    return answers


@pytest.mark.parametrize("unmatched", ["other_phone", "unregistered"])
def test_a_request_matching_no_account_answers_like_one_that_does(world, unmatched):
    """Before: 账号不存在，或手机号码与注册时填写的不一致 told whether a number had an account."""
    if unmatched == "other_phone":
        decoy = send(world, phone="13000000000")
    else:
        decoy = send(world, identifier=make_id_number(4997))
    assert decoy.user is None and not SmsMessage.objects.exists()  # nothing is texted, to anyone
    entry = AuditEntry.objects.get(action="recovery_code_send")
    assert entry.after["matched"] is False
    real = send(world, identifier=world.other_person.username, phone=world.other_person.phone)
    expected = [[f"验证码错误，还可尝试{left}次"] for left in (4, 3, 2, 1)]
    expected += [["验证码错误次数过多，请重新获取"], ["验证码已失效，请重新获取"]]
    assert wrong_code_answers(decoy) == wrong_code_answers(real) == expected


@pytest.mark.parametrize("registered", [True, False])
def test_code_cannot_be_requested_twice_within_a_minute(world, registered):
    identifier = world.person.username if registered else make_id_number(4996)
    send(world, identifier=identifier)
    with pytest.raises(ValidationError, match="60秒"):
        send(world, identifier=identifier, phone="13000000000")


def test_one_phone_gets_at_most_five_codes_an_hour(world):
    for n in range(5):
        send(world, identifier=make_id_number(4900 + n), phone="13000000009")
    with pytest.raises(ValidationError, match="过于频繁"):
        send(world, identifier=make_id_number(4990), phone="13000000009")


def test_right_code_shows_the_account_and_allows_a_new_password(world):
    challenge = send(world)
    user = services.recovery_code_check(challenge_id=challenge.pk, code=last_secret(world.person.phone))
    assert user == world.person
    with pytest.raises(ValidationError):
        services.recovery_password_set(challenge_id=challenge.pk, password="weak")
    services.recovery_password_set(challenge_id=challenge.pk, password=NEW_PASSWORD)
    world.person.refresh_from_db()
    assert world.person.check_password(NEW_PASSWORD)
    with pytest.raises(ValidationError, match="验证码已失效"):  # a code is used once
        services.recovery_password_set(challenge_id=challenge.pk, password=NEW_PASSWORD)
    assert AuditEntry.objects.filter(action="password_reset", actor=world.person).exists()


def test_password_cannot_be_set_before_the_code_is_checked(world):
    challenge = send(world)
    with pytest.raises(ValidationError, match="验证码已失效"):
        services.recovery_password_set(challenge_id=challenge.pk, password=NEW_PASSWORD)


def test_five_wrong_codes_use_up_the_challenge(world):
    challenge = send(world)
    code = last_secret(world.person.phone)
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    for left in (4, 3, 2, 1):
        with pytest.raises(ValidationError, match=f"还可尝试{left}次"):
            services.recovery_code_check(challenge_id=challenge.pk, code=wrong)
    with pytest.raises(ValidationError, match="次数过多"):
        services.recovery_code_check(challenge_id=challenge.pk, code=wrong)
    assert RecoveryChallenge.objects.get().tries == 5
    with pytest.raises(ValidationError, match="验证码已失效"):
        services.recovery_code_check(challenge_id=challenge.pk, code=code)


def test_code_expires_after_ten_minutes(world):
    challenge = send(world)
    RecoveryChallenge.objects.filter(pk=challenge.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    with pytest.raises(ValidationError, match="验证码已失效"):
        services.recovery_code_check(challenge_id=challenge.pk, code=last_secret(world.person.phone))


def test_ticket_numbers_are_dated_but_not_sequential(ticket, world):
    """Before: GD + date + a daily sequence, so anyone could walk the numbers and read others' progress."""
    numbers = [ticket.number, *(ticket_of(world).number for _ in range(3))]
    for number in numbers:
        assert re.fullmatch(rf"GD{timezone.localdate():%Y%m%d}[2-9A-HJKMNP-Z]{{8}}", number)
    tails = [n[-8:] for n in numbers]
    assert len(set(tails)) == 4 and not any(t.isdigit() for t in tails)
    assert ticket.user == world.person
    assert ticket.id_photo.mime_type == "image/png" and ticket.id_photo.stored_name.endswith(".png")


@pytest.mark.parametrize(("field", "value", "message"), [
    ("identifier", "123456", "请输入正确的身份证号或统一社会信用代码"),
    ("phone", "12", "请输入以1开头的11位手机号码"),
    ("reason", "", "请填写申诉原因"),
])
def test_ticket_rejects_bad_input(world, field, value, message):
    data = {"name": "张伟", "identifier": world.person.username, "phone": "13700000001", "reason": "手机丢失",
            "id_photo": png_upload()}
    data[field] = value
    with pytest.raises(ValidationError) as exc_info:
        services.ticket_submit(**data)
    assert message in exc_info.value.message_dict[field]
    assert not Case.objects.exists()


def test_a_ticket_for_an_unregistered_number_is_filed_like_any_other(world, platform_reviewer):
    """Before: 该证件号码尚未注册账号 told the visitor the number had no account."""
    ticket = services.ticket_submit(name="张伟", identifier=make_id_number(4999), phone=NEW_PHONE, reason="手机丢失",
                                    id_photo=png_upload())
    assert ticket.user is None and ticket.case.state == CaseState.PENDING and ticket.number.startswith("GD")
    with pytest.raises(ValidationError, match="对应的账号不存在，请驳回"):  # its reviewers see none and refuse it
        decide(ticket, platform_reviewer, APPROVE.key)
    ticket.case.refresh_from_db()
    assert decide(ticket, platform_reviewer, REJECT.key, opinion="证件号码未注册").state == CaseState.REFUSED


def test_ticket_photo_is_checked_by_content(world):
    pdf = SimpleUploadedFile("id.png", b"%PDF-1.4 fake pdf body", content_type="image/png")
    with pytest.raises(ValidationError) as exc_info:
        services.ticket_submit(name="张伟", identifier=world.person.username, phone="13700000001", reason="x",
                               id_photo=pdf)
    assert "id_photo" in exc_info.value.message_dict


def test_filing_opens_a_pending_case_at_the_platform_with_no_submitter(ticket, world):
    case = Case.objects.get(pk=ticket.case_id)
    assert (case.route, case.state, case.node, case.current_org) == (ROUTE_KEY, CaseState.PENDING, "platform",
                                                                     world.platform)
    assert case.submitter is None and case.owner_org is None
    assert (case.number, case.title, case.year) == (ticket.number, f"{world.person.name} 账号找回",
                                                    timezone.localdate().year)
    submitted = case.steps.get()
    assert (submitted.action, submitted.handler, submitted.node_label) == (Action.SUBMIT, None, "申请人")
    assert ticket.case.state == CaseState.PENDING and ticket.status_label == "待审核"


@pytest.mark.parametrize("persona", ["platform_admin", "platform_reviewer"])
def test_ticket_waits_in_the_platform_reviewers_inbox(ticket, world, platform_reviewer, persona):
    reviewer = platform_reviewer if persona == "platform_reviewer" else getattr(world, persona)
    assert list(case_queue(user=acting_of(reviewer))) == [ticket.case]
    assert get_route(ROUTE_KEY).detail_url(ticket.case) == reverse("accounts:ticket_detail", args=[ticket.pk])


@pytest.mark.parametrize("persona", ["unit_admin", "hr_department_staff", "person"])
def test_others_neither_see_nor_decide_tickets(ticket, world, persona):
    user = getattr(world, persona)
    assert not case_queue(user=acting_of(user)).exists()
    with pytest.raises(ValidationError, match="无权办理") as exc_info:
        decide(ticket, user, APPROVE.key)
    assert exc_info.value.code == "forbidden"


def approve_both(ticket, first, second):
    """通过 at 平台管理 by `first`, then at 平台复核 by `second`."""
    case = decide(ticket, first, APPROVE.key)
    assert (case.state, case.node) == (CaseState.PENDING, RECHECK_NODE)
    ticket.case.refresh_from_db()
    return decide(ticket, second, APPROVE.key)


def test_approval_recovers_the_account_and_texts_after_commit(ticket, world, platform_reviewer, clock,
                                                              django_capture_on_commit_callbacks):
    for _ in range(6):  # strangers' failures: the recovered account is not held back by them
        with pytest.raises(ValidationError):
            services.login_attempt(identifier=world.person.username, password="Wrong#123", ip="203.0.113.1")
    old_phone = world.person.phone
    with django_capture_on_commit_callbacks(execute=True):
        case = approve_both(ticket, world.platform_admin, platform_reviewer)
        assert not SmsMessage.objects.filter(phone=NEW_PHONE).exists()  # not before the approval commits
    assert case.state == CaseState.APPROVED and case.node_label == "已找回"
    world.person.refresh_from_db()
    assert world.person.phone == NEW_PHONE
    temporary = last_secret(NEW_PHONE)
    assert world.person.check_password(temporary)
    assert services.login_attempt(identifier=world.person.username, password=temporary, ip=None) == world.person
    entry = AuditEntry.objects.get(action="ticket_approve")
    assert (entry.actor, entry.org_id) == (platform_reviewer, world.platform.pk)
    assert (entry.after["phone"], entry.after["old_phone"]) == ("137****0001", mask_phone(old_phone))
    assert [s.handler for s in case.steps.filter(action=Action.APPROVE)] == [world.platform_admin, platform_reviewer]
    # The old phone is told, with the link to object (and the temporary password never goes there).
    told = delivered(SmsMessage.objects.filter(phone=old_phone).latest("id"))
    assert "已通过" in told and temporary not in told
    assert ticket_from_objection(told.rsplit("/object/", 1)[1].rstrip("/")) == ticket  # its link to object


def objection_url(ticket) -> str:
    return reverse("accounts:ticket_object", args=[objection_token(ticket)])


def test_a_new_phone_needs_a_second_reviewer(ticket, world, platform_reviewer, django_capture_on_commit_callbacks):
    """Before: one administrator's approval of an anonymous ticket with any phone took the account over."""
    case = decide(ticket, platform_reviewer, APPROVE.key)
    assert (case.state, case.node, case.node_label) == (CaseState.PENDING, RECHECK_NODE, "平台复核")
    world.person.refresh_from_db()
    assert world.person.phone != NEW_PHONE and world.person.check_password(PASSWORD)  # nothing changed yet
    ticket.case.refresh_from_db()
    with pytest.raises(ValidationError, match="复核须由另一名审核人员办理") as exc_info:
        decide(ticket, platform_reviewer, APPROVE.key)
    assert exc_info.value.code == "same_reviewer"
    ticket.case.refresh_from_db()
    assert ticket.case.node == RECHECK_NODE and ticket.case.steps.count() == 2
    # Another reviewer may refuse at 复核 …
    assert decide(ticket, world.platform_admin, REJECT.key, opinion="照片与本人不符").state == CaseState.REFUSED
    world.person.refresh_from_db()
    assert world.person.phone != NEW_PHONE


def test_a_ticket_keeping_the_registered_phone_needs_one_reviewer(world, platform_reviewer,
                                                                  django_capture_on_commit_callbacks):
    ticket = ticket_of(world, phone=world.person.phone)
    with django_capture_on_commit_callbacks(execute=True):
        case = decide(ticket, platform_reviewer, APPROVE.key)
    assert case.state == CaseState.APPROVED  # 平台复核 skipped: the password goes to the owner's own phone
    world.person.refresh_from_db()
    assert world.person.check_password(last_secret(world.person.phone))


def test_the_account_holder_is_told_of_the_filing_by_sms_and_message(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ticket = ticket_of(world)
    told = delivered(SmsMessage.objects.get(phone=world.person.phone))
    assert ticket.number in told and "137****0001" in told and "不是我" in told
    assert settings.PUBLIC_BASE_URL + "/accounts/recover/ticket/object/" in told
    assert ticket_from_objection(told.rsplit("/object/", 1)[1].rstrip("/")) == ticket
    message = Notification.objects.get(recipient=world.person, title__contains="找回您账号")
    assert ticket_from_objection(message.url.rsplit("/object/", 1)[1].rstrip("/")) == ticket
    assert ticket.number in message.body
    assert not SmsMessage.objects.filter(phone=NEW_PHONE).exists()  # the asker learns nothing of the holder


def test_the_holders_objection_cancels_a_pending_ticket(client, ticket, world, platform_reviewer,
                                                        django_capture_on_commit_callbacks):
    url = objection_url(ticket)
    assert "不是我" in client.get(url).content.decode()
    ticket.case.refresh_from_db()
    assert ticket.case.state == CaseState.PENDING  # opening the link (an SMS app's preview) changes nothing
    decide(ticket, world.platform_admin, APPROVE.key)  # even at 平台复核
    with django_capture_on_commit_callbacks(execute=True):
        html = client.post(url).content.decode()
    assert "该工单已撤销" in html
    ticket.case.refresh_from_db()
    assert ticket.case.state == CaseState.CANCELLED and ticket.status_label == "已撤销"
    assert ticket.case.steps.last().action == Action.CANCEL
    assert "因账号持有人提出异议已撤销" in SmsMessage.objects.get(phone=NEW_PHONE).text
    assert AuditEntry.objects.get(action="ticket_objection").after == {"outcome": "cancelled"}
    with pytest.raises(ValidationError):
        decide(ticket, platform_reviewer, APPROVE.key)
    world.person.refresh_from_db()
    assert world.person.phone != NEW_PHONE
    assert "该工单已办结" in client.post(url).content.decode()


def test_an_objection_after_approval_goes_to_the_reviewers(client, ticket, world, platform_reviewer,
                                                           django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        approve_both(ticket, world.platform_admin, platform_reviewer)
    assert "平台管理员将立即核查" in client.post(objection_url(ticket)).content.decode()
    alerted = Notification.objects.filter(title__contains="提出异议").values_list("recipient", flat=True)
    assert set(alerted) >= {platform_reviewer.pk}


def test_a_forged_objection_link_does_nothing(client, ticket):
    url = objection_url(ticket)
    assert client.post(url[:-3] + "xx/").status_code == 404
    assert client.post(reverse("accounts:ticket_object", args=["1"])).status_code == 404
    ticket.case.refresh_from_db()
    assert ticket.case.state == CaseState.PENDING


def test_a_rolled_back_approval_texts_nothing(ticket, world, django_capture_on_commit_callbacks):
    # No account behind the ticket any more: the hook refuses, and the approval rolls back with it.
    RecoveryTicket.objects.filter(pk=ticket.pk).update(user=None, identifier=make_id_number(4999))
    with (django_capture_on_commit_callbacks(execute=True) as callbacks,
          pytest.raises(ValidationError, match="对应的账号不存在")):
        decide(ticket, world.platform_admin, APPROVE.key)  # not even passed on to 平台复核
    assert not callbacks and not SmsMessage.objects.exists()
    ticket.case.refresh_from_db()
    assert ticket.case.state == CaseState.PENDING and ticket.case.steps.count() == 1


def test_refusal_needs_a_reason_and_texts_it_after_commit(ticket, world, django_capture_on_commit_callbacks):
    with pytest.raises(ValidationError, match="请填写驳回原因"):
        decide(ticket, world.platform_admin, REJECT.key, opinion=" ")
    with django_capture_on_commit_callbacks(execute=True):
        case = decide(ticket, world.platform_admin, REJECT.key, opinion="照片不清晰")
        assert not SmsMessage.objects.exists()
    assert case.state == CaseState.REFUSED and case.steps.last().opinion == "照片不清晰"
    assert "照片不清晰" in SmsMessage.objects.get(phone=NEW_PHONE).text
    world.person.refresh_from_db()
    assert world.person.check_password(PASSWORD) and world.person.phone != NEW_PHONE


def test_refusal_reason_is_at_most_300_characters_even_from_the_engines_dialog(ticket, world):
    with pytest.raises(ValidationError, match="不能超过300个字") as exc_info:
        decide(ticket, world.platform_admin, REJECT.key, opinion="原" * 301)
    assert exc_info.value.code == "opinion_too_long"  # the 办理 dialog shows it beside the opinion
    ticket.case.refresh_from_db()
    assert ticket.case.state == CaseState.PENDING
    assert decide(ticket, world.platform_admin, REJECT.key, opinion="原" * 300).state == CaseState.REFUSED


@pytest.mark.parametrize("second", [APPROVE.key, REJECT.key])
def test_a_second_decision_is_refused(world, second, django_capture_on_commit_callbacks):
    ticket = ticket_of(world, phone=NEW_PHONE)
    world.person.phone = NEW_PHONE  # the ticket keeps the phone: one decision ends it
    world.person.save()
    with django_capture_on_commit_callbacks(execute=True):
        decide(ticket, world.platform_admin, APPROVE.key)
    with pytest.raises(ValidationError, match=STALE):  # the page the reviewer decided from
        decide(ticket, world.platform_admin, second, opinion="重复办理")
    ticket.case.refresh_from_db()
    with pytest.raises(ValidationError, match="该申请已审核通过，不能再办理"):
        decide(ticket, world.platform_admin, second, opinion="重复办理")
    assert SmsMessage.objects.filter(phone=NEW_PHONE).count() == 1


def progress(client, ticket) -> str:
    html = client.get(reverse("accounts:ticket_status"), {"number": ticket.number}).content.decode()
    return html[html.index('id="ticket-status"'):]


def test_progress_lookup_shows_each_state(client, world, platform_reviewer, django_capture_on_commit_callbacks):
    pending, refused, rechecking = ticket_of(world), ticket_of(world), ticket_of(world)
    with django_capture_on_commit_callbacks(execute=True):
        approved = ticket_of(world)
        decide(rechecking, world.platform_admin, APPROVE.key)
        decide(approved, world.platform_admin, APPROVE.key, opinion="内部审核意见")
        approved.case.refresh_from_db()
        decide(approved, platform_reviewer, APPROVE.key)
        decide(refused, world.platform_admin, REJECT.key, opinion="照片不清晰")
    assert "待审核" in progress(client, pending) and "办理时间" not in progress(client, pending)
    assert "待审核" in progress(client, rechecking) and "办理时间" not in progress(client, rechecking)
    shown = progress(client, approved)
    assert "已通过" in shown and "办理时间" in shown and "内部审核意见" not in shown and "驳回原因" not in shown
    shown = progress(client, refused)
    assert "已驳回" in shown and "办理时间" in shown and "驳回原因" in shown and "照片不清晰" in shown


class RecordingBackend(BaseBackend):
    sent: list = []

    def send(self, phone, text):
        self.sent.append((phone, text))


def test_sms_backend_is_loaded_from_settings(settings, world):
    assert isinstance(get_backend(), DatabaseBackend)
    settings.SMS_BACKEND = "tests.accounts.test_recovery.RecordingBackend"
    send(world)
    assert RecordingBackend.sent[-1][0] == world.person.phone and not SmsMessage.objects.exists()


def test_redact_hides_secrets():
    assert redact("验证码为「123456」，10分钟内有效") == "验证码为「******」，10分钟内有效"


def test_the_sms_log_keeps_no_secret_but_the_gateway_gets_it(world):
    """Before: codes and temporary passwords stood in clear in the 短信记录 table."""
    DatabaseBackend().send("13900000000", "验证码为「654321」")
    assert SmsMessage.objects.get().text == "验证码为「******」"


def test_ticket_submission_is_audited_with_masked_numbers(ticket, world):
    after = AuditEntry.objects.get(action="ticket_submit").after
    assert world.person.username not in str(after) and "13700000001" not in str(after)
    assert after == {"identifier": world.person.username[:4] + "*" * 12 + world.person.username[-2:],
                     "phone": "137****0001"}
