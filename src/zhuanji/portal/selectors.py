"""Reads for the portal: public notice lists, the notices an administrator may manage, committee contacts."""

from dataclasses import dataclass

from django.db.models import Prefetch, Q

from zhuanji.orgs.acting import acting_of
from zhuanji.orgs.models import CommitteeContact, Organisation, OrgKind, Region

from .models import Notice

MANAGE_PERM = "portal.manage_notices"


def _region_q(region: Region | None) -> Q:
    """自治区 visitors see 自治区 notices; a 地州市 visitor sees its own and the 自治区 ones."""
    if region is None:
        return Q(region__isnull=True)
    return Q(region__isnull=True) | Q(region=region)


def notice_list_public(*, kind: str = "", category: str = "", region: Region | None = None, keyword: str = "",
                       all_regions: bool = False):
    qs = Notice.objects.filter(is_published=True).select_related("region")
    if not all_regions:
        qs = qs.filter(_region_q(region))
    if kind:
        qs = qs.filter(kind=kind)
    if category:
        qs = qs.filter(category=category)
    if keyword:
        qs = qs.filter(Q(title__icontains=keyword) | Q(body__icontains=keyword))
    return qs.order_by("-published_at", "-id")


def notice_get_public(*, pk: int) -> Notice:
    return Notice.objects.select_related("region").get(pk=pk, is_published=True)


@dataclass(frozen=True)
class NoticeScope:
    """Which notices an acting role may manage: every one (platform), the 自治区 level's, or one 地州市's."""

    everything: bool = False
    region_level: bool = False
    prefecture_id: int | None = None

    def q(self) -> Q:
        if self.everything:
            return Q()
        q = Q(pk__in=[])
        if self.region_level:
            q |= Q(region__isnull=True)
        if self.prefecture_id is not None:
            q |= Q(region_id=self.prefecture_id)
        return q

    def permits_region(self, region: Region | None) -> bool:
        if self.everything:
            return True
        if region is None or region.is_region:
            return self.region_level
        return region.pk == self.prefecture_id

    def regions(self):
        """The 地州市 one may publish for (the empty choice, 自治区, is offered when `region_level`)."""
        prefectures = Region.objects.filter(level=Region.Level.PREFECTURE)
        if self.everything:
            return prefectures
        return prefectures.filter(pk=self.prefecture_id) if self.prefecture_id is not None else prefectures.none()


def notice_scope(actor) -> NoticeScope:
    """The notices `actor` (an `Acting` or a user) manages, from the organisation it acts as and its region."""
    acting = acting_of(actor)
    if not acting.holds(MANAGE_PERM):
        return NoticeScope()
    org = acting.org
    # Platform administrators hold the permission as the platform does, whichever role they act in.
    if acting.user.is_superuser or org.kind == OrgKind.PLATFORM:
        return NoticeScope(everything=True)
    if org.region.is_region:
        return NoticeScope(region_level=True)
    return NoticeScope(prefecture_id=org.region_id)


def notice_list_manageable(*, actor, keyword: str = "", kind: str = "", status: str = ""):
    qs = Notice.objects.filter(notice_scope(actor).q()).select_related("region", "author")
    if keyword:
        qs = qs.filter(title__icontains=keyword)
    if kind:
        qs = qs.filter(kind=kind)
    if status == "published":
        qs = qs.filter(is_published=True)
    elif status == "draft":
        qs = qs.filter(is_published=False)
    return qs.order_by("-updated_at", "-id")


def committee_contact_list(*, region: Region | None = None, region_level: bool = False, keyword: str = ""):
    """评审办事机构联系方式: enabled committees with their profile (level, 组建单位, 办事机构) and its contacts.

    Filtered by the committee's level (自治区 or one 地州); a committee without a profile yet is listed by its
    own region with its details left empty. Contacts come in one prefetch query, whatever the page size.
    """
    qs = Organisation.objects.filter(kind=OrgKind.COMMITTEE, is_active=True)
    if region is not None:
        qs = qs.filter(Q(committee_profile__level=region) | Q(committee_profile__isnull=True, region=region))
    elif region_level:
        qs = qs.filter(Q(committee_profile__level__level=Region.Level.REGION)
                       | Q(committee_profile__isnull=True, region__level=Region.Level.REGION))
    if keyword:
        qs = qs.filter(Q(name__icontains=keyword) | Q(committee_profile__founder__name__icontains=keyword)
                       | Q(committee_profile__office_name__icontains=keyword))
    return (qs.select_related("region", "committee_profile__level", "committee_profile__founder")
            .prefetch_related(Prefetch("committee_profile__contacts",
                                       queryset=CommitteeContact.objects.order_by("sort", "pk")))
            .order_by("region__sort", "region__code", "code"))
