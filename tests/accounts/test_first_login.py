"""A password someone else chose (初始密码, 重置, 找回) must be changed at the next login, before anything else."""

import pytest
from django.urls import reverse

from tests.sms import last_secret
from zhuanji.accounts.models import SmsMessage, User
from zhuanji.accounts.services import staff_user_create
from zhuanji.orgs.models import Role
from zhuanji.orgs.services.users import staff_user_reset_password

pytestmark = pytest.mark.django_db


def _initial_password() -> str:
    return last_secret()


def test_a_user_created_with_a_texted_password_changes_it_first(world, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        user = staff_user_create(actor=world.unit_admin, org=world.unit, name="新同事", phone="13912345678",
                                 role=Role.REVIEWER)
    assert user.must_change_password and "首次登录须修改密码" in SmsMessage.objects.get().text
    client.force_login(user)
    response = client.get(reverse("portal:my_home"))
    assert response.status_code == 302 and response["Location"] == reverse("accounts:password_change")
    response = client.get(reverse("reviews:inbox"), headers={"HX-Request": "true"})
    assert response.status_code == 204 and response["HX-Redirect"] == reverse("accounts:password_change")
    assert client.get(reverse("accounts:password_change")).status_code == 200

    new = "Xinjiang@2026a"
    client.post(reverse("accounts:password_change"),
                {"old_password": _initial_password(), "new_password": new, "password2": new})
    assert not User.objects.get(pk=user.pk).must_change_password
    assert client.get(reverse("portal:my_home")).status_code == 200


def test_a_reset_password_must_be_changed_too(world, django_capture_on_commit_callbacks):
    membership = world.unit_admin.memberships.get()
    with django_capture_on_commit_callbacks(execute=True):
        staff_user_create(actor=world.unit_admin, org=world.unit, name="经办人", phone="13912345679",
                          role=Role.CLERK, password="Chosen@2026x")
    chosen = User.objects.get(name="经办人")
    assert not chosen.must_change_password  # the creator chose it and told them
    with django_capture_on_commit_callbacks(execute=True):
        staff_user_reset_password(actor=world.unit_admin, membership=chosen.memberships.get())
    assert User.objects.get(pk=chosen.pk).must_change_password
    assert membership.user.must_change_password is False
