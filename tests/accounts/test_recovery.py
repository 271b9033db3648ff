import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from tests.factories import PASSWORD
from zhuanji.accounts import services
from zhuanji.accounts.models import RecoveryChallenge, RecoveryTicket, SmsMessage
from zhuanji.accounts.routes import APPROVE, REJECT, ROUTE_KEY
from zhuanji.accounts.sms import BaseBackend, DatabaseBackend, get_backend, redact
from zhuanji.audit.models import AuditEntry
from zhuanji.common.fakeids import make_id_number
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


def send(world):
    return services.recovery_code_send(identifier=world.person.username, phone=world.person.phone)


def test_code_is_sent_to_the_registered_phone_and_stored_hashed(world):
    challenge = send(world)
    code = last_secret(world.person.phone)
    assert re.fullmatch(r"\d{6}", code) and code not in challenge.code_hash
    assert "10分钟内有效" in SmsMessage.objects.get().text


@pytest.mark.parametrize("phone", ["13000000000", "1300000000"])
def test_code_needs_the_registered_phone(world, phone):
    with pytest.raises(ValidationError):
        services.recovery_code_send(identifier=world.person.username, phone=phone)
    assert not SmsMessage.objects.exists()


def test_code_cannot_be_requested_twice_within_a_minute(world):
    send(world)
    with pytest.raises(ValidationError, match="60秒"):
        send(world)


def test_right_code_shows_the_account_and_allows_a_new_password(world):
    challenge = send(world)
    world.person.locked_until = timezone.now() + datetime.timedelta(minutes=20)
    world.person.failed_logins = 5
    world.person.save()
    user = services.recovery_code_check(challenge_id=challenge.pk, code=last_secret(world.person.phone))
    assert user == world.person
    with pytest.raises(ValidationError):
        services.recovery_password_set(challenge_id=challenge.pk, password="weak")
    services.recovery_password_set(challenge_id=challenge.pk, password=NEW_PASSWORD)
    world.person.refresh_from_db()
    assert world.person.check_password(NEW_PASSWORD) and world.person.locked_until is None
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


def test_ticket_gets_a_daily_number(ticket, world):
    assert re.fullmatch(rf"GD{timezone.localdate():%Y%m%d}\d{{6}}", ticket.number)
    assert ticket.user == world.person
    assert ticket.id_photo.name.endswith(".png")


@pytest.mark.parametrize(("field", "value", "message"), [
    ("identifier", "123456", "请输入正确的身份证号或统一社会信用代码"),
    ("identifier", "650102199001011239", None),  # a valid but unregistered number
    ("phone", "12", "请输入以1开头的11位手机号码"),
    ("reason", "", "请填写申诉原因"),
])
def test_ticket_rejects_bad_input(world, field, value, message):
    data = {"name": "张伟", "identifier": world.person.username, "phone": "13700000001", "reason": "手机丢失",
            "id_photo": png_upload()}
    data[field] = value if message else make_id_number(4999)
    with pytest.raises(ValidationError) as exc_info:
        services.ticket_submit(**data)
    assert (message or "该证件号码尚未注册账号，请直接注册") in exc_info.value.message_dict[field]
    assert not Case.objects.exists()


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


def test_approval_recovers_the_account_and_texts_after_commit(ticket, world, platform_reviewer,
                                                              django_capture_on_commit_callbacks):
    world.person.failed_logins, world.person.locked_until = 5, timezone.now() + datetime.timedelta(minutes=20)
    world.person.save()
    with django_capture_on_commit_callbacks(execute=True):
        case = decide(ticket, platform_reviewer, APPROVE.key)
        assert not SmsMessage.objects.filter(phone=NEW_PHONE).exists()  # not before the approval commits
    assert case.state == CaseState.APPROVED and case.node_label == "已找回"
    world.person.refresh_from_db()
    assert world.person.phone == NEW_PHONE and world.person.locked_until is None and world.person.failed_logins == 0
    temporary = last_secret(NEW_PHONE)
    assert world.person.check_password(temporary)
    assert services.login_attempt(identifier=world.person.username, password=temporary, ip=None) == world.person
    entry = AuditEntry.objects.get(action="ticket_approve")
    assert (entry.actor, entry.org_id) == (platform_reviewer, world.platform.pk)
    assert entry.after == {"username": world.person.username, "phone": "137****0001"}
    assert case.steps.last().handler == platform_reviewer


def test_a_rolled_back_approval_texts_nothing(ticket, world, django_capture_on_commit_callbacks):
    # No account behind the ticket any more: the hook refuses, and the approval rolls back with it.
    RecoveryTicket.objects.filter(pk=ticket.pk).update(user=None, identifier=make_id_number(4999))
    with (django_capture_on_commit_callbacks(execute=True) as callbacks,
          pytest.raises(ValidationError, match="对应的账号不存在")):
        decide(ticket, world.platform_admin, APPROVE.key)
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
def test_a_second_decision_is_refused(ticket, world, second, django_capture_on_commit_callbacks):
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


def test_progress_lookup_shows_each_state(client, world, django_capture_on_commit_callbacks):
    pending, refused = ticket_of(world), ticket_of(world)
    with django_capture_on_commit_callbacks(execute=True):
        approved = ticket_of(world)
        decide(approved, world.platform_admin, APPROVE.key, opinion="内部审核意见")
        decide(refused, world.platform_admin, REJECT.key, opinion="照片不清晰")
    assert "待审核" in progress(client, pending) and "办理时间" not in progress(client, pending)
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


def test_ticket_submission_is_audited_with_masked_numbers(ticket, world):
    after = AuditEntry.objects.get(action="ticket_submit").after
    assert world.person.username not in str(after) and "13700000001" not in str(after)
    assert after == {"identifier": world.person.username[:4] + "*" * 12 + world.person.username[-2:],
                     "phone": "137****0001"}
