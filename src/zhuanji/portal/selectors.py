"""Reads for the portal: public notice lists, the notices an administrator may manage, committee contacts."""

from django.db.models import Q

from zhuanji.orgs.models import Organisation, OrgKind, Region
from zhuanji.orgs.permissions import orgs_with_perm

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


class ManageScope:
    """Which notices a user may manage: all (platform), 自治区 level, and/or some 地州市."""

    def __init__(self, user):
        self.everything = False
        self.region_level = False
        self.prefecture_ids: set[int] = set()
        if user.is_authenticated and user.is_superuser:
            self.everything = True
            return
        for org in orgs_with_perm(user, MANAGE_PERM).select_related("region"):
            if org.kind == OrgKind.PLATFORM:
                self.everything = True
            elif org.region.is_region:
                self.region_level = True
            else:
                self.prefecture_ids.add(org.region_id)

    @property
    def allowed(self) -> bool:
        return self.everything or self.region_level or bool(self.prefecture_ids)

    def q(self) -> Q:
        if self.everything:
            return Q()
        q = Q(region__in=self.prefecture_ids)
        if self.region_level:
            q |= Q(region__isnull=True)
        return q

    def permits_region(self, region: Region | None) -> bool:
        if self.everything:
            return True
        if region is None or region.is_region:
            return self.region_level
        return region.pk in self.prefecture_ids

    def regions(self):
        """The 地州市 the user may publish for (the empty choice, 自治区, is offered when `region_level`)."""
        prefectures = Region.objects.filter(level=Region.Level.PREFECTURE)
        return prefectures if self.everything else prefectures.filter(pk__in=self.prefecture_ids)


def notice_list_manageable(*, user, keyword: str = "", kind: str = "", status: str = ""):
    scope = ManageScope(user)
    if not scope.allowed:
        return Notice.objects.none()
    qs = Notice.objects.filter(scope.q()).select_related("region", "author")
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
    """评审办事机构联系方式: committees with their 组建单位, address and public contact phone."""
    qs = Organisation.objects.filter(kind=OrgKind.COMMITTEE, is_active=True).select_related("region", "parent")
    if region is not None:
        qs = qs.filter(region=region)
    elif region_level:
        qs = qs.filter(region__level=Region.Level.REGION)
    if keyword:
        qs = qs.filter(Q(name__icontains=keyword) | Q(parent__name__icontains=keyword))
    return qs.order_by("region__sort", "region__code", "name")
