"""找回用户名或密码: by an SMS code to the registered phone, or by a ticket (工单) reviewed by platform admins
on the review engine (route "accounts.recovery").

Neither tells a visitor whether an ID number has an account: a code request that matches nothing gets a
challenge with no account and no SMS, and answers, counts tries and expires exactly like a real one; a
ticket for an unregistered number is filed like any other (its reviewers see no account and refuse it).

A ticket can take an account over, so its holder is told: the account's old phone (and its 消息) hears of
the filing and of the approval, with a signed link to object (`ticket_object`: a pending ticket is
cancelled); and a ticket that replaces the phone is approved by two different reviewers (routes.py).
"""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from zhuanji.attachments.content import clean_upload
from zhuanji.attachments.services import attachment_add
from zhuanji.attachments.storage import atomic
from zhuanji.audit.masking import mask_id_number, mask_phone
from zhuanji.audit.services import SYSTEM, record
from zhuanji.common.files import PHOTO
from zhuanji.notifications.services import notify
from zhuanji.orgs.access import members_holding
from zhuanji.orgs.models import Organisation, OrgKind
from zhuanji.reviews.models import CaseState
from zhuanji.reviews.services import case_cancel, case_open, case_submit

from .. import throttle
from ..backends import resolve_identifier
from ..identifiers import clean_credit_code, clean_id_number, clean_phone, is_credit_code, is_id_number
from ..models import RecoveryChallenge, RecoveryTicket, User
from ..passwords import set_temporary_password
from ..routes import ROUTE_KEY
from ..sms import secret, send_sms_after_commit
from ._common import Errors, check_password_policy
from .login import clear_backoff

CODE_VALID = datetime.timedelta(minutes=10)
CODE_MAX_TRIES = 5
RESEND_AFTER = datetime.timedelta(seconds=60)
# Texts to one phone number in an hour, whatever the identifier typed with it.
CODES_PER_PHONE_HOUR = 5
CODE_EXPIRED = "验证码已失效，请重新获取"
# What the page says after a code request, whether or not an account matched.
CODE_SENT = "如果该证件号码已注册且手机号码与注册时一致，验证码已发送到该手机，10分钟内有效"
TOO_SOON = "验证码已发送，请60秒后再重新获取"
OBJECTION_SALT = "zhuanji.accounts.ticket_objection"
OBJECTION_VALID = datetime.timedelta(days=30)
# Ticket numbers: GD + the date + 8 random characters (no 0/O, 1/I/L), not a count anyone can walk.
TICKET_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
# A 驳回原因 is texted in full, and a text message holds 500 characters with its sign and wording.
REJECT_REASON_MAX = 300


def _sign(text: str) -> str:
    return f"【{settings.PLATFORM_NAME}】{text}"


def recovery_code_send(*, identifier: str, phone: str) -> RecoveryChallenge:
    """Text a 6-digit code to the account's registered phone when `identifier` and `phone` match one.

    Whether they do is never told: a mismatch gets a challenge with no account whose code goes nowhere,
    the same answer (`CODE_SENT`), the same 60-second wait and the same hashing; the SMS itself leaves
    from the worker after commit, so no gateway delay tells either.
    """
    errors = Errors()
    if not (identifier or "").strip():
        errors.add("identifier", "请输入身份证号或统一社会信用代码")
    phone = errors.check("phone", clean_phone, phone)
    errors.raise_if_any()
    identifier = identifier.strip()
    # Counted before any account is looked up (and outside the transaction, so a refusal keeps its count).
    typed = hashlib.sha256(identifier.upper().encode()).hexdigest()[:32]
    if not throttle.once("recovery_code", typed, seconds=int(RESEND_AFTER.total_seconds())):
        raise ValidationError(TOO_SOON, code="too_soon")
    if not throttle.hit("recovery_code_phone", phone, limit=CODES_PER_PHONE_HOUR, window=3600):
        raise ValidationError("该手机号码获取验证码过于频繁，请1小时后再试", code="too_many")
    user = resolve_identifier(identifier)
    matched = user is not None and user.phone == phone
    now = timezone.now()
    code = f"{secrets.randbelow(10**6):06d}"
    with transaction.atomic():
        # One code a minute per account, however its identifier was typed (ID number, credit code, user name).
        if matched and RecoveryChallenge.objects.filter(user=user, created_at__gt=now - RESEND_AFTER).exists():
            raise ValidationError(TOO_SOON, code="too_soon")
        challenge = RecoveryChallenge.objects.create(user=user if matched else None, phone=phone,
                                                     code_hash=make_password(code), expires_at=now + CODE_VALID)
        if matched:
            minutes = int(CODE_VALID.total_seconds() // 60)
            send_sms_after_commit(phone, _sign(f"您正在找回平台账号，验证码为{secret(code)}，{minutes}分钟内有效。"
                                               f"如非本人操作请忽略。"))
            record(actor=SYSTEM, action="recovery_code_send", obj=user, after={"phone": mask_phone(phone)})
        else:
            record(actor=SYSTEM, action="recovery_code_send", obj=challenge,
                   after={"identifier": mask_id_number(identifier.upper()), "phone": mask_phone(phone),
                          "matched": False})
    return challenge


def _open_challenge(challenge_id, now) -> RecoveryChallenge | None:
    challenge = (RecoveryChallenge.objects.select_for_update(of=("self",)).select_related("user")
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
        # A challenge with no account never matches (its code was sent to no one), after the same hashing.
        elif not check_password((code or "").strip(), challenge.code_hash) or challenge.user_id is None:
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
            clear_backoff(challenge.user)  # the owner proved themselves: strangers' failures no longer hold them
            record(actor=SYSTEM, action="recovery_code_verified", obj=challenge.user)
    if error is not None:  # raised outside the block so the used-up try is kept
        raise error
    return challenge.user


@transaction.atomic
def recovery_password_set(*, challenge_id: int | None, password: str) -> User:
    challenge = _open_challenge(challenge_id, timezone.now())
    if challenge is None or challenge.verified_at is None or challenge.user is None:
        raise ValidationError(CODE_EXPIRED, code="expired")
    user = challenge.user
    check_password_policy(password, user=user)
    user.set_password(password)
    user.must_change_password = False  # chosen by the user themselves
    user.save(update_fields=["password", "must_change_password", "updated_at"])
    clear_backoff(user)
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


def _ticket_number() -> str:
    """GD + today + 8 random characters, unique (31^8 per day: a clash is retried, never expected)."""
    prefix = f"GD{timezone.localdate():%Y%m%d}"
    for _ in range(10):
        number = prefix + "".join(secrets.choice(TICKET_ALPHABET) for _ in range(8))
        if not RecoveryTicket.objects.filter(number=number).exists():
            return number
    raise IntegrityError("no free ticket number")


@atomic()
def ticket_submit(*, name: str, identifier: str, phone: str, reason: str, id_photo) -> RecoveryTicket:
    """Anyone may file a ticket for an ID number or credit code; the ticket number is shown to them.

    Filed the same whether or not the number has an account (the page must not tell); the reviewers see
    that none is behind it and refuse it. The ticket has no submitter to act for it: the system files it,
    straight to the platform's reviewers, and the account's holder is told (`ticket_notify_filed`).
    """
    errors = Errors()
    name = (name or "").strip()
    if not name:
        errors.add("name", "请输入姓名或单位名称")
    identifier = errors.check("identifier", _clean_ticket_identifier, identifier)
    user = resolve_identifier(identifier) if identifier else None
    phone = errors.check("phone", clean_phone, phone)
    reason = (reason or "").strip()
    if not reason:
        errors.add("reason", "请填写申诉原因")
    id_photo = errors.check("id_photo", clean_upload, id_photo, PHOTO)
    errors.raise_if_any()

    ticket = RecoveryTicket(number=_ticket_number(), name=name[:100], identifier=identifier,
                            phone=phone, reason=reason[:300], user=user)
    ticket.full_clean(exclude=["case"])
    case_open(route_key=ROUTE_KEY, document=ticket, year=timezone.localdate().year, number=ticket.number,
              title=f"{ticket.name} 账号找回")
    attachment_add(actor=SYSTEM, owner=ticket, slot=RecoveryTicket.ID_PHOTO_SLOT, upload=id_photo, rule=PHOTO)
    ticket.case = case_submit(case=ticket.case, actor=SYSTEM)
    record(actor=SYSTEM, action="ticket_submit", obj=ticket,
           after={"identifier": mask_id_number(identifier), "phone": mask_phone(phone)})
    return ticket


def ticket_account(ticket: RecoveryTicket) -> User | None:
    return ticket.user or resolve_identifier(ticket.identifier)


def ticket_require_account(*, ticket: RecoveryTicket) -> User:
    """A ticket with no account behind it is refused, never passed on (inside the decision's transaction)."""
    user = ticket_account(ticket)
    if user is None:
        raise ValidationError("该工单对应的账号不存在，请驳回", code="no_account")
    return user


def ticket_recover(*, ticket: RecoveryTicket, actor) -> User:
    """The ticket's 通过 (its route's hook, inside the approval's transaction): the account gets the ticket's
    phone and a temporary password, and its login back-off is cleared; the password is texted, and the
    old phone told, once the approval has committed."""
    user = ticket_require_account(ticket=ticket)
    old_phone = user.phone
    password = set_temporary_password(user)
    # The ticket exists because the old phone is often lost: the verified new one becomes the account's.
    user.phone = ticket.phone
    user.save(update_fields=["password", "must_change_password", "phone", "updated_at"])
    clear_backoff(user)
    ticket.user = user
    ticket.save(update_fields=["user"])
    record(actor=actor, action="ticket_approve", obj=ticket,
           after={"username": user.username, "phone": mask_phone(ticket.phone),
                  "old_phone": mask_phone(old_phone) if old_phone else ""})
    # Queued here rather than by an after-commit subscription: the password exists only in this call.
    send_sms_after_commit(ticket.phone, _sign(f"您的账号找回工单{ticket.number}已通过。用户名：{user.username}，"
                                              f"临时密码：{secret(password)}，请登录后立即修改密码。"))
    _tell_holder(ticket, user, old_phone, approved=True)
    return user


# ---- the account holder's say -------------------------------------------------------------------

def objection_token(ticket: RecoveryTicket) -> str:
    return signing.dumps(ticket.pk, salt=OBJECTION_SALT)


def ticket_from_objection(token: str) -> RecoveryTicket | None:
    """The ticket a (signed, 30-day) objection link names, or None for a bad or expired one."""
    try:
        pk = signing.loads(token or "", salt=OBJECTION_SALT, max_age=OBJECTION_VALID)
    except signing.BadSignature:
        return None
    return RecoveryTicket.objects.select_related("case", "user").filter(pk=pk).first() if isinstance(pk, int) else None


def _objection_path(ticket: RecoveryTicket) -> str:
    return reverse("accounts:ticket_object", args=[objection_token(ticket)])


def _tell_holder(ticket: RecoveryTicket, user: User, old_phone: str, *, approved: bool) -> None:
    """The account's holder hears of a ticket on their account (its old phone and its 消息), with a link to
    object; the phone the ticket gives is not theirs to be told on (it is the asker's)."""
    path = _objection_path(ticket)
    new_phone = mask_phone(ticket.phone)
    if approved:
        title = "您的账号已通过账号找回工单更换手机号码并重置密码"
        body = (f"工单{ticket.number}已审核通过，账号绑定手机已改为{new_phone}。如非本人申请，"
                f"请立即点击链接提出异议，平台将核查处理。")
    else:
        title = "有人提交了找回您账号的工单"
        body = (f"工单{ticket.number}申请将账号绑定手机改为{new_phone}并重置密码。如非本人操作，"
                f"请点击链接选择“不是我”撤销该工单。")
    notify(recipients=[user], title=title, body=body, url=path, case=ticket.case)
    if old_phone and old_phone != ticket.phone:
        send_sms_after_commit(old_phone, _sign(f"{title}：{body}{settings.PUBLIC_BASE_URL}{path}"))


def ticket_notify_filed(*, ticket: RecoveryTicket) -> None:
    """On filing (the route's `case.submitted` hook): tell the account's holder, if there is an account."""
    user = ticket_account(ticket)
    if user is not None:
        _tell_holder(ticket, user, user.phone, approved=False)


def _platform_reviewers():
    platform = Organisation.objects.filter(kind=OrgKind.PLATFORM).first()
    return list(members_holding(platform, "platform.review_tickets")) if platform else []


@transaction.atomic
def ticket_object(*, ticket: RecoveryTicket) -> str:
    """不是我: the account's holder objects through their signed link. A pending ticket is cancelled (the
    system's 撤销); an approved one is put before the platform's reviewers. Returns what became of it."""
    case = ticket.case
    case.refresh_from_db()
    if not case.is_final:
        try:
            case_cancel(case=case, actor=SYSTEM, opinion="账号持有人提出异议（不是本人申请），工单已撤销")
        except ValidationError:  # decided a moment ago: treated below as the decided ticket it now is
            case.refresh_from_db()
        else:
            record(actor=SYSTEM, action="ticket_objection", obj=ticket, after={"outcome": "cancelled"})
            text = f"您提交的账号找回工单{ticket.number}因账号持有人提出异议已撤销。"
            send_sms_after_commit(ticket.phone, _sign(text))
            return "cancelled"
    if case.state == CaseState.APPROVED:
        record(actor=SYSTEM, action="ticket_objection", obj=ticket, after={"outcome": "reported"})
        notify(recipients=_platform_reviewers(), title=f"账号找回工单{ticket.number}的账号持有人提出异议",
               body="该工单已通过，但原账号持有人表示并非本人申请，请立即核查并处理该账号。",
               url=reverse("accounts:ticket_detail", args=[ticket.pk]), case=case)
        return "reported"
    return "closed"


def ticket_check_refusal(*, reason: str) -> None:
    """Inside the refusal's transaction: the engine's own 办理 dialog allows longer opinions than a text holds."""
    if len(reason) > REJECT_REASON_MAX:
        raise ValidationError(f"驳回原因不能超过{REJECT_REASON_MAX}个字", code="opinion_too_long")


def ticket_notify_refused(*, ticket: RecoveryTicket, reason: str) -> None:
    """The ticket's 驳回, texted to its phone once the refusal has committed."""
    send_sms_after_commit(ticket.phone, _sign(f"您的账号找回工单{ticket.number}未通过，原因：{reason}。"))
