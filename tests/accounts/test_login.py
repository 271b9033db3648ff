"""Login: back-off per account, device, IP and subnet instead of a lock-out; the same answers for registered and
unregistered identifiers (issue 10 §7)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.factories import PASSWORD, PersonUserFactory
from tests.sms import last_secret
from zhuanji.accounts import services, throttle
from zhuanji.accounts.services.login import account_key, device_token
from zhuanji.audit.models import AuditEntry
from zhuanji.common.fakeids import make_id_number

pytestmark = pytest.mark.django_db
IP = "10.1.2.3"
THROTTLED = "尝试过于频繁，请{}分钟后再试"


def attempt(identifier, password, ip=IP, device=""):
    return services.login_attempt(identifier=identifier, password=password, ip=ip, device=device)


def fail(identifier, password="Wrong#123", ip=IP, device=""):
    with pytest.raises(ValidationError) as exc_info:
        attempt(identifier, password, ip=ip, device=device)
    return exc_info.value


def test_login_by_id_number_credit_code_and_user_name(world):
    assert attempt(world.person.username.lower(), PASSWORD) == world.person
    world.unit.registered_account = world.unit_admin
    world.unit.save()
    assert attempt(world.unit.credit_code, PASSWORD) == world.unit_admin
    assert attempt(world.unit_admin.username, PASSWORD) == world.unit_admin
    entry = AuditEntry.objects.filter(action="login").first()
    assert entry.ip == IP and entry.actor == world.unit_admin


def test_wrong_password_says_no_more_than_that_and_is_audited(world):
    error = fail(world.person.username)
    assert error.messages == ["账号或密码错误"] and error.code == "bad_credentials"  # no "再输错N次"
    entry = AuditEntry.objects.get(action="login_failed")
    assert entry.after["identifier"][:4] == world.person.username[:4] and entry.ip == IP  # (masked by the log)
    assert entry.after["reason"] == "bad_password" and entry.after["failures"]["account"] == 1


def test_unknown_identifier_fails_generically_and_is_audited(world):
    assert fail("nobody").messages == ["账号或密码错误"]
    entry = AuditEntry.objects.get(action="login_failed")
    assert entry.actor is None and entry.after == {"identifier": "nobody", "reason": "unknown"}


def test_registered_and_unregistered_id_numbers_get_the_same_answers(world, clock):
    """The answers, in order, to six wrong passwords: identical whether or not the number has an account."""

    def answers(identifier, ip):
        return [fail(identifier, ip=ip).messages for _ in range(6)]

    registered = answers(world.person.username, "10.0.1.1")
    unregistered = answers(make_id_number(4998), "10.0.2.1")
    assert registered == unregistered == [["账号或密码错误"]] * 5 + [[THROTTLED.format(1)]]


def test_failures_back_off_progressively_even_for_the_right_password(world, clock):
    for _ in range(5):
        fail(world.person.username)
    error = fail(world.person.username, PASSWORD)  # not even checked
    assert error.code == "throttled" and error.messages == [THROTTLED.format(1)]
    entry = AuditEntry.objects.get(action="login_throttled")
    assert entry.actor == world.person and entry.after["scopes"] == ["account"] and entry.after["wait_seconds"] == 60
    clock.advance(61)
    fail(world.person.username)  # one try after the wait; wrong again: the next wait doubles
    assert fail(world.person.username, PASSWORD).messages == [THROTTLED.format(2)]
    clock.advance(121)
    fail(world.person.username)
    assert fail(world.person.username, PASSWORD).messages == [THROTTLED.format(4)]
    clock.advance(241)
    assert attempt(world.person.username, PASSWORD) == world.person
    assert throttle.failures(account_key(world.person)) == 0  # a success forgets the failures


def test_the_wait_never_passes_thirty_minutes(world, clock):
    for _ in range(5):
        fail(world.person.username, ip=None)
    for wait in (60, 120, 240, 480, 960, 1800, 1800):
        assert fail(world.person.username, PASSWORD, ip=None).messages == [THROTTLED.format(wait // 60)]
        clock.advance(wait + 1)
        fail(world.person.username, ip=None)


def test_a_success_starts_the_count_again(world, clock):
    for _ in range(4):
        fail(world.person.username)
    attempt(world.person.username, PASSWORD)
    for _ in range(4):
        assert fail(world.person.username).code == "bad_credentials"


def test_five_failures_from_five_ips_do_not_lock_the_owner_out(world, client, clock):
    """Before: 5 failures from 5 addresses locked the account for 30 minutes, whatever its owner did."""
    owner = client.post(reverse("accounts:login"), {"identifier": world.person.username, "password": PASSWORD,
                                                    "captcha_0": "t", "captcha_1": "PASSED"})
    device = owner.cookies["zhuanji_device"].value  # the owner's browser logged in before
    client.post(reverse("accounts:logout"))
    for n in range(5):
        fail(world.person.username, ip=f"203.0.{n}.7")
    # From the browser they logged in from before: straight in, the strangers' failures count elsewhere.
    assert attempt(world.person.username, PASSWORD, ip="198.51.100.9", device=device) == world.person
    for n in range(5):
        fail(world.person.username, ip=f"203.0.{n}.8")
    # From a new browser: a minute's wait, not thirty.
    assert fail(world.person.username, PASSWORD, ip="198.51.100.9").messages == [THROTTLED.format(1)]
    clock.advance(61)
    assert attempt(world.person.username, PASSWORD, ip="198.51.100.9") == world.person


def test_a_verified_sms_code_lifts_the_back_off(world, clock, django_capture_on_commit_callbacks):
    for _ in range(6):
        fail(world.person.username, ip="203.0.113.5")
    with django_capture_on_commit_callbacks(execute=True):
        challenge = services.recovery_code_send(identifier=world.person.username, phone=world.person.phone)
    services.recovery_code_check(challenge_id=challenge.pk, code=last_secret(world.person.phone))
    assert attempt(world.person.username, PASSWORD, ip="198.51.100.9") == world.person


def test_a_device_cookie_counts_on_that_device_only(world, clock):
    token = device_token(world.person)
    for _ in range(5):
        fail(world.person.username, device=token)
    assert fail(world.person.username, PASSWORD, device=token).code == "throttled"
    # The device's failures neither slowed the account elsewhere nor the address.
    assert attempt(world.person.username, PASSWORD) == world.person


def test_a_device_cookie_of_another_account_or_forged_is_ignored(world, clock):
    others = device_token(world.other_person)
    for token in (others, others[:-2] + "xx", "garbage"):
        fail(world.person.username, device=token)
    assert throttle.failures(account_key(world.person)) == 3


def test_one_address_spraying_many_accounts_is_slowed(world, clock):
    """Before: 20 accounts sprayed from one address were never slowed."""
    people = [PersonUserFactory() for _ in range(10)] + [None] * 10
    answers = [fail(p.username if p else make_id_number(5000 + i), ip="192.0.2.50").code
               for i, p in enumerate(people)]
    assert answers[:10] == ["bad_credentials"] * 10 and set(answers[10:]) == {"throttled"}
    # Another address is not slowed, and the address's owners still get in with a device they used before.
    assert attempt(world.person.username, PASSWORD, ip="198.51.100.1") == world.person
    assert attempt(world.person.username, PASSWORD, ip="192.0.2.50", device=device_token(world.person))


def test_a_subnet_spraying_from_many_addresses_is_slowed(world, clock):
    people = [PersonUserFactory() for _ in range(31)]
    codes = [fail(p.username, ip=f"192.0.2.{i + 1}").code for i, p in enumerate(people)]
    assert codes[:30] == ["bad_credentials"] * 30 and codes[30] == "throttled"
    assert fail(world.person.username, PASSWORD, ip="192.0.2.200").code == "throttled"  # the same /24
    assert attempt(world.person.username, PASSWORD, ip="192.0.3.1") == world.person
    assert AuditEntry.objects.filter(action="login_throttled", after__scopes=["subnet"]).exists()


def test_ipv6_addresses_share_their_64(world, clock):
    for n in range(30):
        fail(make_id_number(6000 + n), ip=f"2001:db8:1:2::{n + 1:x}")
    assert fail(world.person.username, PASSWORD, ip="2001:db8:1:2:ffff::1").code == "throttled"
    assert attempt(world.person.username, PASSWORD, ip="2001:db8:1:3::1") == world.person


def test_inactive_account_is_refused_after_right_password(world):
    world.person.is_active = False
    world.person.save()
    assert fail(world.person.username, PASSWORD).messages == ["该账号已停用，请联系单位管理员"]


def test_logout_is_audited(world):
    services.logout_record(actor=world.person, ip=IP)
    assert AuditEntry.objects.get(action="logout").actor == world.person


def test_a_disabled_account_loses_its_open_session(world, login):
    client = login(world.unit_admin)
    assert client.get(reverse("accounts:password_change")).status_code == 200
    world.unit_admin.is_active = False
    world.unit_admin.save(update_fields=["is_active"])
    assert client.get(reverse("accounts:password_change")).status_code == 302


def test_the_authentication_backend_is_throttled_too(world, clock):
    from django.contrib.auth import authenticate

    for _ in range(5):
        assert authenticate(None, username=world.person.username, password="Wrong#123") is None
    assert authenticate(None, username=world.person.username, password=PASSWORD) is None
    assert AuditEntry.objects.filter(action="login_throttled").count() == 1
