"""The permission rules every view and service leans on (mutation spot-checks found them untested here)."""

import pytest

from tests.factories import staff_of
from zhuanji.orgs.access import has_perm
from zhuanji.orgs.acting import Acting
from zhuanji.orgs.models import Membership, Role

pytestmark = pytest.mark.django_db


def test_person_permissions_belong_to_individuals_only(world):
    assert has_perm(world.person, "person.profile")
    assert not has_perm(world.unit_admin, "person.profile")
    assert not has_perm(world.platform_admin, "hours.apply")


def test_a_disabled_membership_grants_nothing(world):
    assert has_perm(world.unit_admin, "orgs.manage_unit", org=world.unit)
    Membership.objects.filter(user=world.unit_admin).update(is_active=False)
    assert not has_perm(world.unit_admin, "orgs.manage_unit", org=world.unit)
    membership = Membership.objects.get(user=world.unit_admin)
    assert "orgs.manage_unit" not in Acting(world.unit_admin, membership).perms


def test_a_disabled_organisation_grants_nothing(world):
    world.unit.is_active = False
    world.unit.save(update_fields=["is_active"])
    assert not has_perm(world.unit_admin, "orgs.manage_unit", org=world.unit)


def test_a_disabled_account_holds_no_perm(world):
    world.unit_admin.is_active = False
    world.unit_admin.save(update_fields=["is_active"])
    assert not has_perm(world.unit_admin, "orgs.manage_unit", org=world.unit)


def test_superuser_shortcut_covers_platform_perms_only(world):
    admin = staff_of(world.other_unit, Role.CLERK, name="另一超级用户", is_superuser=True)
    assert has_perm(admin, "platform.manage_orgs")
    # Reviewing is membership: a superuser does not act for an organisation it is not a reviewer of.
    assert not has_perm(admin, "reviews.act")
    assert not has_perm(admin, "orgs.manage_unit", org=world.unit)


def test_a_role_chosen_earlier_in_a_since_disabled_organisation_is_not_used(world):
    from types import SimpleNamespace

    from zhuanji.orgs.middleware import SESSION_KEY, _acting

    own = Membership.objects.get(user=world.unit_admin)
    chosen = Membership.objects.create(user=world.unit_admin, org=world.competent, role=Role.ADMIN)
    request = SimpleNamespace(user=world.unit_admin, session={SESSION_KEY: chosen.pk})
    assert _acting(request).membership == chosen
    world.competent.is_active = False
    world.competent.save(update_fields=["is_active"])
    assert _acting(request).membership == own
