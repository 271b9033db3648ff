"""找回用户名或密码: by an SMS code to the registered phone, or by a ticket (工单) reviewed by platform admins
on the review engine (route "accounts.recovery")."""

import datetime
import secrets
import uuid

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from zhuanji.audit.masking import mask_id_number, mask_phone
from zhuanji.audit.services import SYSTEM, record
from zhuanji.common.files import PHOTO, validate_upload
from zhuanji.common.numbering import next_number
from zhuanji.reviews.services import case_open, case_submit

from ..backends import resolve_identifier
from ..identifiers import clean_credit_code, clean_id_number, clean_phone, is_credit_code, is_id_number
from ..models import RecoveryChallenge, RecoveryTicket, User
from ..passwords import set_temporary_password
from ..routes import ROUTE_KEY
from ..sms import secret, send_sms, send_sms_after_commit
from ._common import Errors, check_password_policy

CODE_VALID = datetime.timedelta(minutes=10)
CODE_MAX_TRIES = 5
RESEND_AFTER = datetime.timedelta(seconds=60)
CODE_EXPIRED = "验证码已失效，请重新获取"
# A 驳回原因 is texted in full, and a text message holds 500 characters with its sign and wording.
REJECT_REASON_MAX = 300


def _sign(text: str) -> str:
    return f"【{settings.PLATFORM_NAME}】{text}"


@transaction.atomic
def recovery_code_send(*, identifier: str, phone: str) -> RecoveryChallenge:
    """Send a 6-digit code to the account's registered phone; the same message for any mismatch."""
    errors = Errors()
    if not (identifier or "").strip():
        errors.add("identifier", "请输入身份证号或统一社会信用代码")
    phone = errors.check("phone", clean_phone, phone)
    errors.raise_if_any()
    user = resolve_identifier(identifier)
    if user is None or user.phone != phone:
        raise ValidationError("账号不存在，或手机号码与注册时填写的不一致", code="no_match")
    now = timezone.now()
    if RecoveryChallenge.objects.filter(user=user, created_at__gt=now - RESEND_AFTER).exists():
        raise ValidationError("验证码已发送，请60秒后再重新获取", code="too_soon")
    code = f"{secrets.randbelow(10**6):06d}"
    challenge = RecoveryChallenge.objects.create(user=user, phone=phone, code_hash=make_password(code),
                                                 expires_at=now + CODE_VALID)
    minutes = int(CODE_VALID.total_seconds() // 60)
    send_sms(phone, _sign(f"您正在找回平台账号，验证码为{secret(code)}，{minutes}分钟内有效。如非本人操作请忽略。"))
    record(actor=SYSTEM, action="recovery_code_send", obj=user, after={"phone": mask_phone(phone)})
    return challenge


def _open_challenge(challenge_id, now) -> RecoveryChallenge | None:
    challenge = (RecoveryChallenge.objects.select_for_update().select_related("user")
                 .filter(pk=challenge_id).first() if challenge_id else None)
    if challenge is None or challenge.used_at or challenge.expires_at <= now or challenge.tries >= CODE_MAX_TRIES:
        return None
    return challenge


def recovery_code_check(*, challenge_id: int | None, code: str) -> User:
    """The account behind a correct code; each wrong code uses up one of 5 tries."""
    now = timezone.now()
    with transaction.atomic():
        challenge = _open_challenge(challenge_id, now)
        if challenge is None:
            error = ValidationError(CODE_EXPIRED, code="expired")
        elif not check_password((code or "").strip(), challenge.code_hash):
            challenge.tries += 1
            challenge.save(update_fields=["tries"])
            left = CODE_MAX_TRIES - challenge.tries
            error = ValidationError(f"验证码错误，还可尝试{left}次" if left else "验证码错误次数过多，请重新获取",
                                    code="wrong_code")
        else:
            error = None
            challenge.verified_at = now
            challenge.expires_at = now + CODE_VALID  # time to choose a new password
            challenge.save(update_fields=["verified_at", "expires_at"])
            record(actor=SYSTEM, action="recovery_code_verified", obj=challenge.user)
    if error is not None:  # raised outside the block so the used-up try is kept
        raise error
    return challenge.user


@transaction.atomic
def recovery_password_set(*, challenge_id: int | None, password: str) -> User:
    challenge = _open_challenge(challenge_id, timezone.now())
    if challenge is None or challenge.verified_at is None:
        raise ValidationError(CODE_EXPIRED, code="expired")
    user = challenge.user
    check_password_policy(password, user=user)
    user.set_password(password)
    user.must_change_password = False  # chosen by the user themselves
    user.failed_logins, user.locked_until = 0, None
    user.save(update_fields=["password", "must_change_password", "failed_logins", "locked_until", "updated_at"])
    challenge.used_at = timezone.now()
    challenge.save(update_fields=["used_at"])
    record(actor=user, action="password_reset", obj=user, after={"via": "sms"})
    return user


def _clean_ticket_identifier(value: str) -> str:
    value = (value or "").strip().upper()
    if is_id_number(value):
        return clean_id_number(value)
    if is_credit_code(value):
        return clean_credit_code(value)
    raise ValidationError("请输入正确的身份证号或统一社会信用代码", code="identifier_invalid")


@transaction.atomic
def ticket_submit(*, name: str, identifier: str, phone: str, reason: str, id_photo) -> RecoveryTicket:
    """Anyone may file a ticket for a registered ID number or credit code; the ticket number is shown to them.

    The ticket has no submitter to act for it: the system files it, straight to the platform's reviewers.
    """
    errors = Errors()
    name = (name or "").strip()
    if not name:
        errors.add("name", "请输入姓名或单位名称")
    identifier = errors.check("identifier", _clean_ticket_identifier, identifier)
    user = resolve_identifier(identifier) if identifier else None
    if identifier and user is None:
        errors.add("identifier", "该证件号码尚未注册账号，请直接注册")
    phone = errors.check("phone", clean_phone, phone)
    reason = (reason or "").strip()
    if not reason:
        errors.add("reason", "请填写申诉原因")
    kind = errors.check("id_photo", validate_upload, id_photo, PHOTO)
    errors.raise_if_any()

    ticket = RecoveryTicket(number=next_number("GD", width=6, daily=True), name=name[:100], identifier=identifier,
                            phone=phone, reason=reason[:300], user=user)
    ticket.id_photo.save(f"{uuid.uuid4().hex}.{kind}", id_photo, save=False)
    ticket.full_clean(exclude=["case"])
    case_open(route_key=ROUTE_KEY, document=ticket, year=timezone.localdate().year, number=ticket.number,
              title=f"{ticket.name} 账号找回")
    ticket.case = case_submit(case=ticket.case, actor=SYSTEM)
    record(actor=SYSTEM, action="ticket_submit", obj=ticket,
           after={"identifier": mask_id_number(identifier), "phone": mask_phone(phone)})
    return ticket


def ticket_recover(*, ticket: RecoveryTicket, actor) -> User:
    """The ticket's 通过 (its route's hook, inside the approval's transaction): the account gets the ticket's
    phone and a temporary password, and is unlocked; the password is texted once the approval has committed."""
    user = ticket.user or resolve_identifier(ticket.identifier)
    if user is None:
        raise ValidationError("该工单对应的账号不存在，请驳回", code="no_account")
    password = set_temporary_password(user)
    # The ticket exists because the old phone is often lost: the verified new one becomes the account's.
    user.phone = ticket.phone
    user.failed_logins, user.locked_until = 0, None
    user.save(update_fields=["password", "must_change_password", "phone", "failed_logins", "locked_until",
                             "updated_at"])
    ticket.user = user
    ticket.save(update_fields=["user"])
    record(actor=actor, action="ticket_approve", obj=ticket,
           after={"username": user.username, "phone": mask_phone(ticket.phone)})
    # Queued here rather than by an after-commit subscription: the password exists only in this call.
    send_sms_after_commit(ticket.phone, _sign(f"您的账号找回工单{ticket.number}已通过。用户名：{user.username}，"
                                              f"临时密码：{secret(password)}，请登录后立即修改密码。"))
    return user


def ticket_check_refusal(*, reason: str) -> None:
    """Inside the refusal's transaction: the engine's own 办理 dialog allows longer opinions than a text holds."""
    if len(reason) > REJECT_REASON_MAX:
        raise ValidationError(f"驳回原因不能超过{REJECT_REASON_MAX}个字", code="opinion_too_long")


def ticket_notify_refused(*, ticket: RecoveryTicket, reason: str) -> None:
    """The ticket's 驳回, texted to its phone once the refusal has committed."""
    send_sms_after_commit(ticket.phone, _sign(f"您的账号找回工单{ticket.number}未通过，原因：{reason}。"))
