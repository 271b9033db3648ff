import datetime
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.factories import PASSWORD
from zhuanji.accounts import services
from zhuanji.accounts.models import RecoveryChallenge, RecoveryTicket, SmsMessage
from zhuanji.accounts.sms import BaseBackend, DatabaseBackend, get_backend, redact
from zhuanji.audit.models import AuditEntry
from zhuanji.common.fakeids import make_id_number

from .conftest import last_secret, png_upload

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "Xinmima#2026"


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
    assert ticket.user == world.person and ticket.status == RecoveryTicket.Status.PENDING
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


def test_ticket_photo_is_checked_by_content(world):
    pdf = SimpleUploadedFile("id.png", b"%PDF-1.4 fake pdf body", content_type="image/png")
    with pytest.raises(ValidationError) as exc_info:
        services.ticket_submit(name="张伟", identifier=world.person.username, phone="13700000001", reason="x",
                               id_photo=pdf)
    assert "id_photo" in exc_info.value.message_dict


def test_ticket_approval_sends_a_temporary_password_to_the_new_phone(ticket, world):
    services.ticket_approve(actor=world.platform_admin, ticket=ticket)
    ticket.refresh_from_db()
    world.person.refresh_from_db()
    assert ticket.status == RecoveryTicket.Status.APPROVED and ticket.reviewed_by == world.platform_admin
    assert world.person.phone == "13700000001"
    temporary = last_secret("13700000001")
    assert world.person.check_password(temporary)
    assert services.login_attempt(identifier=world.person.username, password=temporary, ip=None) == world.person
    with pytest.raises(ValidationError, match="已办理"):
        services.ticket_approve(actor=world.platform_admin, ticket=ticket)


def test_ticket_rejection_needs_a_reason_and_notifies(ticket, world):
    with pytest.raises(ValidationError):
        services.ticket_reject(actor=world.platform_admin, ticket=ticket, reason=" ")
    services.ticket_reject(actor=world.platform_admin, ticket=ticket, reason="照片不清晰")
    ticket.refresh_from_db()
    assert ticket.status == RecoveryTicket.Status.REJECTED and ticket.reject_reason == "照片不清晰"
    assert "照片不清晰" in SmsMessage.objects.filter(phone="13700000001").latest("id").text
    world.person.refresh_from_db()
    assert world.person.check_password(PASSWORD)


@pytest.mark.parametrize("persona", ["unit_admin", "hr_department_staff", "person"])
def test_only_platform_admins_review_tickets(ticket, world, persona):
    with pytest.raises(PermissionDenied):
        services.ticket_approve(actor=getattr(world, persona), ticket=ticket)
    with pytest.raises(PermissionDenied):
        services.ticket_reject(actor=getattr(world, persona), ticket=ticket, reason="不行")


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


def test_ticket_rejection_reason_is_at_most_300_characters(ticket, world):
    with pytest.raises(ValidationError, match="不能超过300个字"):
        services.ticket_reject(actor=world.platform_admin, ticket=ticket, reason="原" * 301)
    services.ticket_reject(actor=world.platform_admin, ticket=ticket, reason="原" * 300)
