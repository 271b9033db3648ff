"""`record()`: an entry always names its actor and takes the request's IP and acting organisation."""

import datetime

import pytest
from django.urls import reverse

from tests.factories import PASSWORD
from zhuanji.audit.models import AuditEntry
from zhuanji.audit.services import record

pytestmark = pytest.mark.django_db


def test_an_entry_without_an_actor_is_refused(world):
    with pytest.raises(ValueError):
        record(actor=None, action="login")
    assert not AuditEntry.objects.exists()


def test_values_that_are_not_json_are_stored_as_text(world):
    entry = record(actor=world.person, action="login", after={"day": datetime.date(2026, 1, 2)})
    assert AuditEntry.objects.get(pk=entry.pk).after == {"day": "2026-01-02"}


def test_an_entry_made_in_a_request_takes_its_ip_and_acting_organisation(world, login):
    client = login(world.unit_admin)
    new = "Xinmima#2026"
    response = client.post(reverse("accounts:password_change"),
                           {"old_password": PASSWORD, "new_password": new, "password2": new},
                           REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="password_change")
    assert entry.ip == "10.1.2.3" and entry.org_id == world.unit.pk
