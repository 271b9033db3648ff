"""Login with a progressive back-off instead of a lock-out; every attempt is audited.

Failures are counted per account, per IP address and per subnet (IPv4 /24, IPv6 /64), each with its own
back-off (settings.LOGIN_BACKOFF): a few failures pass, then each further attempt waits 1, 2, 4 … up to
30 minutes after the one before. A refusal says only 尝试过于频繁，请N分钟后再试 — never how many tries are
left, and the same for an identifier that has no account (which gets a counter of its own and costs the
same hashing time), so the page tells nobody whether a citizen is registered.

A stranger can slow an account down but not lock its owner out: a browser the account logged in from
before carries a signed device cookie, and attempts with it count on that device only (not on the
account, the IP or the subnet); and a verified SMS code (`recovery_code_check`) clears the account's
back-off. The counters live in `accounts.throttle` (atomic on Redis, a table otherwise).
"""

import hashlib
import ipaddress
import secrets

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction

from zhuanji.audit.services import SYSTEM, record
from zhuanji.orgs.acting import memberships_of

from .. import throttle
from ..backends import resolve_identifier
from ..models import User
from .unit_review import unit_registration_refusal

BAD_CREDENTIALS = "账号或密码错误"
DEVICE_SALT = "zhuanji.accounts.login.device"
DEVICE_COOKIE = "zhuanji_device"


def throttled_message(seconds: int) -> str:
    return f"尝试过于频繁，请{max(1, -(-seconds // 60))}分钟后再试"


def _policy(scope: str) -> throttle.Backoff:
    return throttle.Backoff(*settings.LOGIN_BACKOFF[scope])


def account_key(user: User) -> str:
    return f"login:acct:u{user.pk}"


def _unknown_key(identifier: str) -> str:
    digest = hashlib.sha256(identifier.upper().encode()).hexdigest()[:32]
    return f"login:acct:i{digest}"


def subnet_of(ip: str) -> str | None:
    """The IPv4 /24 or IPv6 /64 around `ip`, or None for something that is not an address."""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return None
    prefix = 24 if address.version == 4 else 64
    return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False))


def device_token(user: User, current: str = "") -> str:
    """The signed device cookie for `user`: the current one when it is already theirs, else a new one."""
    if _device_id(current, user) is not None:
        return current
    return signing.dumps({"u": user.pk, "d": secrets.token_urlsafe(12)}, salt=DEVICE_SALT, compress=True)


def _device_id(token: str, user: User | None) -> str | None:
    """The device id in `token` when it is a valid cookie of `user`'s, else None."""
    if not token or user is None:
        return None
    try:
        data = signing.loads(token, salt=DEVICE_SALT, max_age=settings.LOGIN_DEVICE_COOKIE_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("u") != user.pk or not isinstance(data.get("d"), str):
        return None
    return data["d"]


def _scopes(user: User | None, identifier: str, ip: str | None, device: str) -> list[tuple[str, str]]:
    """The (scope, key) counters this attempt is measured on, widest first."""
    device_id = _device_id(device, user)
    if device_id is not None:
        return [("device", f"login:dev:{device_id}")]
    scopes = []
    if ip:
        net = subnet_of(ip)
        if net:
            scopes.append(("subnet", f"login:net:{net}"))
        scopes.append(("ip", f"login:ip:{ip}"))
    scopes.append(("account", account_key(user) if user is not None else _unknown_key(identifier)))
    return scopes


def _admit(scopes) -> tuple[list[throttle.Entry], int, list[str]]:
    """Enter every counter or none: (entries, 0, []) or ([], seconds to wait, the scopes that refused)."""
    closed = [scope for scope, key in scopes if throttle.waiting([key])]
    if closed:
        return [], throttle.waiting([key for _, key in scopes]), closed
    entries = []
    for scope, key in scopes:
        result = throttle.enter(key, _policy(scope))
        if isinstance(result, int):
            for entry in entries:
                throttle.release(entry)
            return [], result, [scope]
        entries.append(result)
    return entries, 0, []


def _settle_success(entries: list[throttle.Entry], scopes) -> None:
    """The password was right: the account's (or device's) failures are forgotten, the IP's attempt taken back."""
    for (scope, key), entry in zip(scopes, entries, strict=True):
        if scope in ("account", "device"):
            throttle.reset(key)
        else:
            throttle.release(entry)


def clear_backoff(user: User) -> None:
    """Forget the account's failed logins (its owner proved themselves another way: an SMS code, a ticket)."""
    throttle.reset(account_key(user))


def _unit_refusal(user: User) -> ValidationError | None:
    """The refusal for a staff user whose only organisation is a unit not (yet) approved by its review."""
    if user.is_person or user.is_superuser or memberships_of(user).exists():
        return None
    return unit_registration_refusal(user)


def _audit(user: User | None, identifier: str, ip: str | None, *, action: str, **facts) -> None:
    after = {"identifier": identifier, **facts}
    with transaction.atomic():
        if user is None:
            record(actor=SYSTEM, action=action, object_type="accounts.user", object_repr=identifier[:200],
                   after=after, ip=ip)
        else:
            record(actor=user, action=action, obj=user, after=after, ip=ip)


def login_attempt(*, identifier: str, password: str, ip: str | None, device: str = "") -> User:
    """The account for these credentials, or ValidationError with the message the login page shows.

    `device` is the browser's device cookie (`device_token`), if it sent one. The counters are written
    outside any transaction of ours, so a refusal raised afterwards does not roll them back.
    """
    identifier = (identifier or "").strip()
    user = resolve_identifier(identifier)
    scopes = _scopes(user, identifier, ip, device)
    entries, wait, closed = _admit(scopes)
    if wait:
        _audit(user, identifier, ip, action="login_throttled", reason="throttled", scopes=closed, wait_seconds=wait)
        raise ValidationError(throttled_message(wait), code="throttled")
    if user is None:
        User().set_password(password)  # the same hashing time as a real account: no enumeration by timing
        _audit(None, identifier, ip, action="login_failed", reason="unknown")
        raise ValidationError(BAD_CREDENTIALS, code="bad_credentials")
    if not user.check_password(password or ""):
        _audit(user, identifier, ip, action="login_failed", reason="bad_password",
               failures={scope: throttle.failures(key) for scope, key in scopes})
        raise ValidationError(BAD_CREDENTIALS, code="bad_credentials")
    # The password is right: whatever follows, it was not a guess, and the owner is here.
    _settle_success(entries, scopes)
    clear_backoff(user)
    if not user.is_active:
        _audit(user, identifier, ip, action="login_failed", reason="inactive")
        raise ValidationError("该账号已停用，请联系单位管理员", code="inactive")
    # Told only now the password is known right: a unit's admin waits for its registration's review.
    refusal = _unit_refusal(user)
    if refusal is not None:
        _audit(user, identifier, ip, action="login_failed", reason=refusal.code)
        raise refusal
    _audit(user, identifier, ip, action="login", **({"device": True} if scopes[0][0] == "device" else {}))
    return user


@transaction.atomic
def logout_record(*, actor: User, ip: str | None) -> None:
    record(actor=actor, action="logout", obj=actor, ip=ip)


def login_captcha_failed(*, identifier: str, ip: str | None) -> None:
    """A login refused for a wrong captcha (no password was checked): audited against the account it named."""
    identifier = (identifier or "").strip()[:64]
    _audit(resolve_identifier(identifier), action="login_captcha_failed", identifier=identifier, ip=ip,
           reason="captcha")
