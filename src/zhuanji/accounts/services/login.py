"""Login with lock-out: 5 consecutive failures lock an account for 30 minutes; every attempt is audited."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from zhuanji.audit.services import SYSTEM, record
from zhuanji.orgs.acting import memberships_of

from ..backends import resolve_identifier
from ..models import User
from .unit_review import unit_registration_refusal

BAD_CREDENTIALS = "账号或密码错误"


def _locked_message(until: datetime.datetime) -> str:
    return f"登录失败次数过多，账号已被锁定，请于{timezone.localtime(until):%Y-%m-%d %H:%M}后再试"


def _unit_refusal(user: User) -> ValidationError | None:
    """The refusal for a staff user whose only organisation is a unit not (yet) approved by its review."""
    if user.is_person or user.is_superuser or memberships_of(user).exists():
        return None
    return unit_registration_refusal(user)


def _attempt(user: User, password: str, identifier: str, ip: str | None) -> ValidationError | None:
    """Check one attempt on a locked row and record its outcome; returns the error to raise, if any."""
    now = timezone.now()
    facts = {"identifier": identifier}
    if user.is_locked(now):
        record(actor=user, action="login_locked", obj=user, after={**facts, "locked_until": user.locked_until}, ip=ip)
        return ValidationError(_locked_message(user.locked_until), code="locked")
    failures = 0 if user.locked_until else user.failed_logins  # an expired lock starts a fresh count
    if not user.check_password(password or ""):
        failures += 1
        if failures >= settings.LOGIN_MAX_FAILURES:
            until = now + datetime.timedelta(seconds=settings.LOGIN_LOCK_SECONDS)
            User.objects.filter(pk=user.pk).update(failed_logins=failures, locked_until=until)
            record(actor=user, action="login_failed", obj=user, after={**facts, "failures": failures}, ip=ip)
            record(actor=user, action="login_locked", obj=user, after={**facts, "locked_until": until}, ip=ip)
            return ValidationError(_locked_message(until), code="locked")
        User.objects.filter(pk=user.pk).update(failed_logins=failures, locked_until=None)
        record(actor=user, action="login_failed", obj=user, after={**facts, "failures": failures}, ip=ip)
        left = settings.LOGIN_MAX_FAILURES - failures
        minutes = settings.LOGIN_LOCK_SECONDS // 60
        return ValidationError(f"{BAD_CREDENTIALS}，再输错{left}次账号将被锁定{minutes}分钟", code="bad_credentials")
    if not user.is_active:
        record(actor=user, action="login_failed", obj=user, after={**facts, "reason": "inactive"}, ip=ip)
        return ValidationError("该账号已停用，请联系单位管理员", code="inactive")
    # Told only now the password is known right: a unit's admin waits for its registration's review.
    refusal = _unit_refusal(user)
    if refusal is not None:
        record(actor=user, action="login_failed", obj=user, after={**facts, "reason": refusal.code}, ip=ip)
        return refusal
    # update(), not save(): a login is not an edit of the account (updated_at marks stale users).
    User.objects.filter(pk=user.pk).update(failed_logins=0, locked_until=None)
    record(actor=user, action="login", obj=user, after=facts, ip=ip)
    return None


def login_attempt(*, identifier: str, password: str, ip: str | None) -> User:
    """The account for these credentials, or ValidationError with the message the login page shows."""
    identifier = (identifier or "").strip()
    user = resolve_identifier(identifier)
    if user is None:
        User().set_password(password)  # the same hashing time as a real account: no enumeration by timing
        with transaction.atomic():
            record(actor=SYSTEM, action="login_failed", object_type="accounts.user", object_repr=identifier[:200],
                   after={"identifier": identifier, "reason": "unknown"}, ip=ip)
        raise ValidationError(BAD_CREDENTIALS, code="bad_credentials")
    # The counter is written before the error is raised, outside the atomic block, so it is not rolled back.
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        error = _attempt(user, password, identifier, ip)
    if error is not None:
        raise error
    user.refresh_from_db(fields=["failed_logins", "locked_until"])
    return user


@transaction.atomic
def logout_record(*, actor: User, ip: str | None) -> None:
    record(actor=actor, action="logout", obj=actor, ip=ip)
