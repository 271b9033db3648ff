"""The acting context (当前角色): one rule for gates, services and audit rows."""

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from tests.factories import staff_of
from zhuanji.audit.models import AuditEntry
from zhuanji.audit.services import SYSTEM, record
from zhuanji.orgs.access import has_perm, require_perm
from zhuanji.orgs.acting import Acting, acting_as, acting_of
from zhuanji.orgs.models import Membership, Role
from zhuanji.orgs.registry import PERSON_PERMISSIONS
from zhuanji.orgs.services.units import unit_rename

pytestmark = pytest.mark.django_db

UNIT_INFO = {"address": "喀什市解放北路1号", "postcode": "844000", "contact_name": "王芳",
             "contact_phone": "0998-2345678", "legal_representative": "李建国", "unit_nature": "事业单位"}


@pytest.fixture
def two_units(world):
    """新疆大学's admin is also an admin of the 喀什 hospital (a later membership, so not the default role)."""
    first = Membership.objects.get(user=world.unit_admin)
    second = Membership.objects.create(user=world.unit_admin, org=world.other_unit, role=Role.ADMIN)
    return first, second


def test_a_user_without_a_membership_acts_as_no_organisation(world):
    acting = acting_of(world.person)
    assert acting.membership is None and acting.org is None
    assert acting.perms == PERSON_PERMISSIONS


def test_a_user_with_one_membership_acts_in_it(world):
    acting = acting_of(world.unit_admin)
    assert acting.membership == Membership.objects.get(user=world.unit_admin)
    assert acting.org == world.unit
    assert {"orgs.manage_unit", "reviews.act"} <= acting.perms


def test_a_user_with_two_memberships_starts_in_the_first_enabled_one(world, two_units):
    first, second = two_units
    assert acting_of(world.unit_admin).membership == first
    first.is_active = False
    first.save(update_fields=["is_active"])
    assert acting_of(world.unit_admin).membership == second


def test_acting_of_takes_an_acting_as_it_is_and_refuses_the_system(world):
    acting = Acting(world.unit_admin, Membership.objects.get(user=world.unit_admin))
    assert acting_of(acting) is acting
    assert acting_of(AnonymousUser()).perms == frozenset()
    with pytest.raises(TypeError):
        acting_of(SYSTEM)


def test_nobody_acts_in_someone_elses_membership(world):
    with pytest.raises(ValueError):
        Acting(world.unit_admin, Membership.objects.get(user=world.other_unit_admin))


def test_holds_with_and_without_an_organisation(world):
    acting = acting_of(world.unit_admin)
    assert acting.holds("orgs.manage_unit")
    assert acting.holds("orgs.manage_unit", org=world.unit)
    assert not acting.holds("orgs.manage_unit", org=world.other_unit)
    assert not acting.holds("certificates.issue")
    # A person permission belongs to no organisation, so naming one does not narrow it.
    assert acting_of(world.person).holds("hours.apply", org=world.unit)


def test_another_membership_counts_only_when_acting_in_it(world, two_units):
    _, second = two_units
    assert not has_perm(world.unit_admin, "orgs.manage_unit", org=world.other_unit)
    with pytest.raises(PermissionDenied):
        unit_rename(actor=world.unit_admin, unit=world.other_unit, name="喀什地区第一人民医院（新）", reason="更名")
    as_second = Acting(world.unit_admin, second)
    require_perm(as_second, "orgs.manage_unit", org=world.other_unit)
    assert not as_second.holds("orgs.manage_unit", org=world.unit)
    unit_rename(actor=as_second, unit=world.other_unit, name="喀什地区第一人民医院（新）", reason="更名")
    assert acting_as(world.unit_admin, world.other_unit) == as_second


def test_the_gate_follows_the_role_chosen_in_the_session(world, login, two_units):
    _, second = two_units
    Membership.objects.create(user=world.unit_admin, org=world.hr_bureau, role=Role.REVIEWER)
    client = login(world.unit_admin)
    assert client.get(reverse("certificates:issued")).status_code == 403  # a unit issues no certificates
    bureau = Membership.objects.get(user=world.unit_admin, org=world.hr_bureau)
    client.post(reverse("orgs:switch"), {"membership": bureau.pk})
    assert client.get(reverse("certificates:issued")).status_code == 200
    client.post(reverse("orgs:switch"), {"membership": second.pk})
    assert client.get(reverse("certificates:issued")).status_code == 403
    assert "喀什地区第一人民医院" in client.get(reverse("orgs:unit_info")).content.decode()


def test_the_gate_sends_anonymous_visitors_to_login_and_refuses_others_with_the_perms_name(world, login):
    response = login(None).get(reverse("catalog:series_list"))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))
    response = login(world.unit_admin).get(reverse("catalog:series_list"))
    assert response.status_code == 403 and "您没有职称目录管理权限" in response.content.decode()


def test_the_audit_row_names_the_organisation_acted_as(world, login, two_units):
    _, second = two_units
    client = login(world.unit_admin)
    client.post(reverse("orgs:switch"), {"membership": second.pk})
    client.post(reverse("orgs:unit_info_edit"), UNIT_INFO)
    entry = AuditEntry.objects.get(action="orgs.unit_info_update")
    assert entry.org_id == world.other_unit.pk and entry.actor == world.unit_admin


def test_record_takes_an_acting_actor(world, two_units):
    _, second = two_units
    acting = Acting(world.unit_admin, second)
    entry = record(actor=acting, action="x.acted", obj=world.other_unit)
    assert (entry.actor, entry.org_id) == (world.unit_admin, world.other_unit.pk)
    assert record(actor=acting, action="x.named", org=world.unit).org_id == world.unit.pk


def test_platform_admins_hold_the_platforms_permissions_in_any_role(world):
    admin = staff_of(world.other_unit, Role.CLERK, name="兼任经办人的平台管理员", is_superuser=True)
    acting = acting_of(admin)
    assert acting.org == world.other_unit
    assert {"platform.manage_orgs", "portal.manage_notices"} <= acting.perms
    assert not acting.holds("reviews.act") and not acting.holds("orgs.manage_unit")
    assert acting_of(world.platform_admin).holds("platform.view_audit")


SRC = Path(__file__).resolve().parents[2] / "src" / "zhuanji"
SECOND_GATES = re.compile(r"\b_require\(|ManageScope|manager_required|_require_manager|request\.membership\b")


def test_every_view_uses_the_one_gate():
    left = [f"{path.relative_to(SRC)}:{n}" for path in SRC.rglob("*.py")
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if SECOND_GATES.search(line)]
    assert not left, f"gates other than orgs.decorators.perm_required: {left}"
