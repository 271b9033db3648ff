import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.factories import PASSWORD
from zhuanji.accounts import services
from zhuanji.audit.models import AuditEntry

pytestmark = pytest.mark.django_db
IP = "10.1.2.3"


def attempt(identifier, password):
    return services.login_attempt(identifier=identifier, password=password, ip=IP)


def fail(identifier, password="Wrong#123"):
    with pytest.raises(ValidationError) as exc_info:
        attempt(identifier, password)
    return exc_info.value


def test_login_by_id_number_credit_code_and_user_name(world):
    assert attempt(world.person.username.lower(), PASSWORD) == world.person
    world.unit.registered_account = world.unit_admin
    world.unit.save()
    assert attempt(world.unit.credit_code, PASSWORD) == world.unit_admin
    assert attempt(world.unit_admin.username, PASSWORD) == world.unit_admin
    entry = AuditEntry.objects.filter(action="login").first()
    assert entry.ip == IP and entry.actor == world.unit_admin


def test_wrong_password_counts_and_is_audited_with_identifier_and_ip(world):
    error = fail(world.person.username)
    assert error.messages == ["账号或密码错误，再输错4次账号将被锁定30分钟"]
    world.person.refresh_from_db()
    assert world.person.failed_logins == 1
    entry = AuditEntry.objects.get(action="login_failed")
    assert entry.after["identifier"] == world.person.username and entry.ip == IP


def test_unknown_identifier_fails_generically_and_is_audited(world):
    assert fail("nobody").messages == ["账号或密码错误"]
    entry = AuditEntry.objects.get(action="login_failed")
    assert entry.actor is None and entry.after == {"identifier": "nobody", "reason": "unknown"}


def test_five_failures_lock_for_thirty_minutes_even_with_the_right_password(world):
    for _ in range(4):
        fail(world.person.username)
    error = fail(world.person.username)
    assert error.code == "locked" and "账号已被锁定" in error.messages[0]
    world.person.refresh_from_db()
    expected = timezone.now() + datetime.timedelta(minutes=30)
    assert abs((world.person.locked_until - expected).total_seconds()) < 5
    sixth = fail(world.person.username, PASSWORD)
    assert sixth.code == "locked"
    assert f"{timezone.localtime(world.person.locked_until):%Y-%m-%d %H:%M}" in sixth.messages[0]
    assert AuditEntry.objects.filter(action="login_locked").count() == 2
    assert not AuditEntry.objects.filter(action="login").exists()


def test_lock_expires_after_thirty_minutes_and_success_resets_the_counter(world):
    for _ in range(5):
        fail(world.person.username)
    world.person.refresh_from_db()
    world.person.locked_until = timezone.now() - datetime.timedelta(seconds=1)  # time travel past the lock
    world.person.save()
    assert attempt(world.person.username, PASSWORD) == world.person
    world.person.refresh_from_db()
    assert (world.person.failed_logins, world.person.locked_until) == (0, None)


def test_expired_lock_starts_a_fresh_count(world):
    world.person.failed_logins = 5
    world.person.locked_until = timezone.now() - datetime.timedelta(minutes=1)
    world.person.save()
    assert "再输错4次" in fail(world.person.username).messages[0]


def test_success_resets_counter_without_touching_updated_at(world):
    fail(world.person.username)
    world.person.refresh_from_db()
    edited = world.person.updated_at
    attempt(world.person.username, PASSWORD)
    world.person.refresh_from_db()
    assert world.person.failed_logins == 0 and world.person.updated_at == edited


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
