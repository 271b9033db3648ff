"""Issue 10 §10: what is recorded, with which organisation, and ID numbers stored only masked (with a keyed hash
that still finds them)."""

import json

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from tests.accounts.conftest import ticket_of
from tests.factories import PASSWORD, MembershipFactory, give_photo, staff_of
from zhuanji.accounts import services as accounts
from zhuanji.accounts.models import RecoveryTicket
from zhuanji.attachments.selectors import attachment_first
from zhuanji.audit.masking import mask_id_number, subject_hash
from zhuanji.audit.models import AuditEntry
from zhuanji.audit.services import SYSTEM, record
from zhuanji.orgs.models import Role

pytestmark = pytest.mark.django_db


def post_login(client, identifier, password=PASSWORD, captcha="PASSED"):
    return client.post(reverse("accounts:login"), {"identifier": identifier, "password": password,
                                                   "captcha_0": "test", "captcha_1": captcha})


def everything_stored() -> str:
    """Every audit row as the database holds it, as one text."""
    return json.dumps(list(AuditEntry.objects.values()), ensure_ascii=False, default=str)


# ID numbers -----------------------------------------------------------------------------------------------------

def test_a_person_s_login_stores_their_id_number_masked_and_hashed(client, world):
    id_number = world.person.username
    assert post_login(client, id_number).status_code == 302
    entry = AuditEntry.objects.get(action="login")
    masked = mask_id_number(id_number)
    assert masked in entry.actor_label and masked in entry.object_repr and entry.after["identifier"] == masked
    assert entry.subject_hash == subject_hash(id_number) and entry.actor == world.person
    assert id_number not in everything_stored()


def test_an_id_number_anywhere_in_what_a_caller_passes_is_masked(world):
    other = "650102199001011234"
    record(actor=SYSTEM, action="x.any", object_repr=f"关于{other}的申请",
           before={"people": [{"id": other}]}, after={"note": f"身份证号{other.lower()}"})
    assert other not in everything_stored() and mask_id_number(other) in everything_stored()
    assert AuditEntry.objects.get().subject_hash == subject_hash(other)


def test_a_profile_update_and_a_certificate_keep_no_whole_id_number(world, issue):
    id_number = world.person.username
    accounts.person_profile_update(actor=world.person, person=world.person.person, ethnicity="哈萨克族",
                                   phone="13600001111", education="硕士研究生", degree="硕士", work_unit=world.unit)
    cert = issue()
    assert cert.id_number == id_number
    assert id_number not in everything_stored()
    for action in ("person_profile_update", "certificates.issue"):
        assert AuditEntry.objects.get(action=action).subject_hash == subject_hash(id_number)


def test_the_auditor_finds_every_entry_about_a_person_by_their_whole_id_number(client, world, issue, login):
    id_number = world.person.username
    post_login(client, id_number)                                   # by them
    issue()                                                         # about them, by the title office
    record(actor=SYSTEM, action="x.other", obj=world.other_person)  # about someone else
    admin = login(world.platform_admin)
    html = admin.get(reverse("audit:list"), {"keyword": id_number}).content.decode()
    table = html[html.index("<table"):html.index("</table>")]  # the search box keeps what the auditor typed
    assert 'title="login"' in table and 'title="certificates.issue"' in table and 'title="x.other"' not in table
    assert id_number not in table
    html = admin.get(reverse("audit:list"), {"keyword": world.other_person.username}).content.decode()
    assert 'title="x.other"' in html and 'title="login"' not in html and "共1条" in html
    # The search itself is recorded, the number searched for masked (and hashed).
    viewing = AuditEntry.objects.filter(action="audit.log_view").latest("id")
    assert viewing.after["keyword"] == mask_id_number(world.other_person.username)
    assert viewing.subject_hash == subject_hash(world.other_person.username)


# The acting organisation ----------------------------------------------------------------------------------------

def test_login_rows_carry_the_organisation_of_the_role_the_session_starts_in(client, world):
    assert post_login(client, world.unit_admin.username).status_code == 302
    assert AuditEntry.objects.get(action="login").org_id == world.unit.pk
    client.logout()
    post_login(client, world.competent_staff.username, "Wrong#123")
    assert AuditEntry.objects.get(action="login_failed").org_id == world.competent.pk


def test_a_refused_login_has_no_organisation_only_when_no_account_is_known(client, world):
    post_login(client, "YHBH99999999", "Wrong#123")
    entry = AuditEntry.objects.get(action="login_failed")
    assert entry.actor is None and entry.org_id is None


def test_an_entry_about_another_user_takes_that_user_s_default_role(world):
    # Outside a request (a job): the user's default role, as a new session of theirs would start in.
    assert record(actor=world.hr_bureau_staff, action="x.job").org_id == world.hr_bureau.pk
    assert record(actor=world.person, action="x.job").org_id is None


def test_in_a_request_the_role_acted_as_wins(world, login):
    second = staff_of(world.unit, Role.REVIEWER, name="两个角色")
    MembershipFactory(user=second, org=world.competent, role=Role.REVIEWER)
    client = login(second)
    membership = second.memberships.get(org=world.competent)
    client.post(reverse("orgs:switch"), {"membership": membership.pk})
    client.post(reverse("accounts:logout"))
    assert AuditEntry.objects.get(action="logout").org_id == world.competent.pk


# What is recorded -----------------------------------------------------------------------------------------------

def test_a_wrong_captcha_is_recorded_against_the_account_named(client, world):
    response = post_login(client, world.unit_admin.username, captcha="nope")
    assert "验证码错误" in response.content.decode()
    entry = AuditEntry.objects.get(action="login_captcha_failed")
    assert entry.actor == world.unit_admin and entry.org_id == world.unit.pk and entry.after["reason"] == "captcha"
    post_login(client, "nobody", captcha="nope")
    assert AuditEntry.objects.filter(action="login_captcha_failed", actor=None, org=None).count() == 1


def test_a_refused_object_is_recorded_once_a_minute(world, issue, login):
    cert = issue()
    client = login(world.other_unit_admin)
    url = reverse("certificates:detail", args=[cert.pk])
    for _ in range(3):
        assert client.get(url).status_code == 404
    entry = AuditEntry.objects.get(action="audit.not_found")
    assert entry.actor == world.other_unit_admin and entry.org_id == world.other_unit.pk
    assert entry.after["path"] == url and entry.after["status"] == 404
    assert entry.after["view"] == "certificates:detail" and entry.after["kwargs"] == {"pk": str(cert.pk)}

    assert client.get(reverse("audit:list")).status_code == 403
    assert AuditEntry.objects.get(action="audit.access_denied").after["path"] == reverse("audit:list")

    cache.clear()  # a minute later
    client.get(url)
    assert AuditEntry.objects.filter(action="audit.not_found").count() == 2


def test_refusals_of_anonymous_visitors_are_recorded_under_protected_prefixes_only(world):
    client = Client(enforce_csrf_checks=True)
    assert client.get(reverse("portal:notice_detail", args=[999999])).status_code == 404
    assert client.get("/no/such/page/").status_code == 404
    assert client.post(reverse("accounts:login"), {}).status_code == 403  # no CSRF token, a public page
    assert not AuditEntry.objects.exists()
    assert client.post(reverse("certificates:bulk_create"), {}).status_code == 403  # under a protected prefix
    entry = AuditEntry.objects.get(action="audit.access_denied")
    assert entry.actor is None and entry.actor_label == "匿名用户" and entry.after["view"] == "certificates:bulk_create"


def test_exports_and_certificate_downloads_are_recorded(world, issue, login):
    cert = issue()
    client = login(world.title_office_staff)
    assert client.get(reverse("certificates:issued_export"), {"search": "张伟"}).status_code == 200
    export = AuditEntry.objects.get(action="certificates.export")
    assert export.org_id == world.title_office.pk and export.after["rows"] == 1 and export.after["search"] == "张伟"
    response = client.get(reverse("certificates:download", args=[cert.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    download = AuditEntry.objects.get(action="certificates.download")
    assert download.object_id == str(cert.pk) and download.subject_hash == subject_hash(cert.id_number)


def test_the_catalog_export_is_recorded(world, login):
    assert login(world.platform_admin).get(reverse("catalog:export")).status_code == 200
    entry = AuditEntry.objects.get(action="catalog.export")
    assert entry.actor == world.platform_admin and entry.org_id == world.platform.pk


def test_id_photo_and_evidence_views_are_recorded(world, login):
    ticket = ticket_of(world)
    reviewer = staff_of(world.platform, Role.REVIEWER, name="平台审核员")
    photo = attachment_first(ticket, RecoveryTicket.ID_PHOTO_SLOT)
    assert login(reviewer).get(reverse("attachments:download", args=[photo.key])).status_code == 200
    entry = AuditEntry.objects.get(action="attachments.download")
    assert entry.actor == reviewer and entry.org_id == world.platform.pk
    assert entry.after["slot"] == RecoveryTicket.ID_PHOTO_SLOT and entry.after["owner"] == "accounts.recoveryticket"
    assert entry.subject_hash == subject_hash(world.person.username)

    give_photo(world.person)
    own = attachment_first(world.person.person, "photo")
    assert login(world.person).get(reverse("attachments:download", args=[own.key])).status_code == 200
    assert AuditEntry.objects.filter(action="attachments.download", actor=world.person).count() == 1


def test_audit_and_sms_log_views_are_recorded_with_their_filters(world, login):
    client = login(world.platform_admin)
    client.get(reverse("audit:list"), {"action": "login", "keyword": "张伟"})
    viewing = AuditEntry.objects.get(action="audit.log_view")
    assert viewing.after == {"action": "login", "keyword": "张伟", "page": 1, "rows": 0}
    client.get(reverse("audit:detail", args=[viewing.pk]))
    assert AuditEntry.objects.get(action="audit.entry_view").object_id == str(viewing.pk)
    client.get(reverse("accounts:sms_list"), {"phone": "1390000"})
    sms = AuditEntry.objects.get(action="accounts.sms_log_view")
    assert sms.after["phone"] == "1390000" and sms.actor == world.platform_admin
