"""评审委员会管理: the title office of a committee's level maintains its 可评审专业 and its 办事机构.

The 自治区职称办公室 maintains the 自治区 committees, a 地州职称办公室 its 地州's (`CommitteeProfile.level`);
any other organisation is told the committee does not exist (the views' 404 comes from the same queryset).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from zhuanji.accounts.identifiers import clean_office_phone, clean_person_name, clean_phone
from zhuanji.audit.services import record, snapshot
from zhuanji.catalog.models import Level, Qualification
from zhuanji.catalog.scopes import CatalogPick

from ..access import require_perm
from ..models import CommitteeContact, CommitteeProfile, CommitteeScope, Organisation
from ..selectors import committees_managed

MANAGE = "orgs.manage_committees"
OFFICE_FIELDS = ("location", "office_name", "office_address")
CONTACT_FIELDS = ("post", "name", "phone", "mobile")


def _managed_profile(actor, committee: Organisation) -> CommitteeProfile:
    """The committee's profile, locked, when the actor is the title office of its level (else PermissionDenied)."""
    require_perm(actor, MANAGE)
    if not committees_managed(actor).filter(pk=committee.pk).exists():
        raise PermissionDenied("该评审委员会不由本职称办公室管理")
    return CommitteeProfile.objects.select_for_update().select_related("committee").get(committee=committee)


@transaction.atomic
def committee_office_update(*, actor, committee: Organisation, location: str = "", office_name: str = "",
                            office_address: str = "") -> CommitteeProfile:
    """办事机构信息: 所在地点, 办事机构 name and address."""
    profile = _managed_profile(actor, committee)
    before = snapshot(profile, OFFICE_FIELDS)
    profile.location, profile.office_name = location.strip(), office_name.strip()
    profile.office_address = office_address.strip()
    profile.full_clean()
    profile.save()
    record(actor=actor, action="orgs.committee_office_update", obj=profile, before=before,
           after=snapshot(profile, OFFICE_FIELDS))
    return profile


@transaction.atomic
def committee_contact_add(*, actor, committee: Organisation, name: str, post: str = CommitteeContact.Post.CONTACT,
                          phone: str = "", mobile: str = "") -> CommitteeContact:
    """A 办事机构 contact: the office phone is public (评审办事机构联系方式), the mobile is not."""
    profile = _managed_profile(actor, committee)
    phone, mobile = phone.strip(), mobile.strip()
    errors = {}
    try:
        name = clean_person_name(name, max_length=30)
    except ValidationError as exc:
        errors["name"], name = exc.messages, ""
    if not phone and not mobile:
        errors["phone"] = ["联系电话和手机至少填写一项"]
    elif phone:
        try:
            phone = clean_office_phone(phone)
        except ValidationError as exc:
            errors["phone"] = exc.messages
    if mobile:
        try:
            mobile = clean_phone(mobile)
        except ValidationError as exc:
            errors["mobile"] = exc.messages
    if name and profile.contacts.filter(name=name).exists():
        errors["name"] = [f"联系人“{name}”已存在"]
    if errors:
        raise ValidationError(errors)
    last = profile.contacts.order_by("-sort").values_list("sort", flat=True).first() or 0
    contact = CommitteeContact(profile=profile, post=post, name=name, phone=phone, mobile=mobile, sort=last + 1)
    contact.full_clean()
    contact.save()
    record(actor=actor, action="orgs.committee_contact_add", obj=contact,
           after={"committee": str(committee), **snapshot(contact, CONTACT_FIELDS)})
    return contact


@transaction.atomic
def committee_contact_remove(*, actor, contact: CommitteeContact) -> None:
    profile = _managed_profile(actor, contact.profile.committee)
    contact = profile.contacts.get(pk=contact.pk)
    before = {"committee": str(profile.committee), **snapshot(contact, CONTACT_FIELDS)}
    record(actor=actor, action="orgs.committee_contact_remove", obj=contact, before=before)
    contact.delete()


def _levels_for(pick: CatalogPick, levels) -> list[str]:
    if pick.kind == CatalogPick.QUALIFICATION:
        return [pick.qualification.level]
    levels = [level for level in Level.values if level in set(levels or ())]  # catalog order, no repeats
    if not levels:
        raise ValidationError({"levels": ["选择整个系列或专业时请选择级别"]})
    covered = Qualification.objects.active().filter(specialty__series=pick.series)
    if pick.specialty is not None:
        covered = covered.filter(specialty=pick.specialty)
    present = set(covered.filter(level__in=levels).values_list("level", flat=True))
    missing = [Level(level).label for level in levels if level not in present]
    if missing:
        what = pick.specialty.name if pick.specialty is not None else pick.series.name
        raise ValidationError({"levels": [f"{what}没有{'、'.join(missing)}的资格"]})
    return levels


@transaction.atomic
def committee_scope_grant(*, actor, committee: Organisation, pick: CatalogPick, levels=()) -> list[CommitteeScope]:
    """Add 可评审专业: a whole series or specialty at `levels`, or one qualification (at its own level).

    One row per level; levels already granted are left as they are, and granting nothing new is refused.
    """
    profile = _managed_profile(actor, committee)
    levels = _levels_for(pick, levels)
    existing = CommitteeScope.objects.filter(committee=committee, **pick.range_fields())
    already = set(existing.values_list("level", flat=True))
    new = [level for level in levels if level not in already]
    if not new:
        raise ValidationError(f"“{pick.path}”已是该评审委员会的可评审专业", code="already_granted")
    rows = []
    for level in new:
        row = CommitteeScope(committee=profile.committee, level=level, **pick.range_fields())
        row.full_clean()
        row.save()
        rows.append(row)
    record(actor=actor, action="orgs.committee_scope_grant", obj=committee, object_type="orgs.committeescope",
           after={"可评审专业": pick.path, "级别": [Level(level).label for level in new]})
    return rows


@transaction.atomic
def committee_scope_revoke(*, actor, scope: CommitteeScope) -> None:
    """Remove one 可评审专业 row (one target at one level)."""
    _managed_profile(actor, scope.committee)
    scope = CommitteeScope.objects.select_related("series", "specialty", "qualification__specialty__series",
                                                  "committee").get(pk=scope.pk)
    record(actor=actor, action="orgs.committee_scope_revoke", obj=scope.committee, object_type="orgs.committeescope",
           before={"可评审专业": scope.target_label, "级别": scope.get_level_display()})
    scope.delete()
