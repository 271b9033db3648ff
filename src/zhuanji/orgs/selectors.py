"""Read queries for organisations, units and their users; every list starts from a scoped queryset."""

from datetime import timedelta

from django.db import connection
from django.db.models import BooleanField, Count, ExpressionWrapper, Q
from django.utils import timezone

from zhuanji.catalog.models import Level

from .acting import Acting, acting_of
from .models import (
    CommitteeContact,
    CommitteeProfile,
    CommitteeScope,
    Membership,
    Organisation,
    OrgKind,
    Recommendation,
    Region,
)
from .services.units import RECOMMENDER_KINDS

# A user whose details were not edited (confirmed) within a year is 信息过期: filings refuse stale users.
STALE_AFTER = timedelta(days=365)


def _prefix_q(field: str, value: str) -> Q:
    """`field` starts with `value`, in a form each database answers from its b-tree index.

    PostgreSQL serves LIKE 'x%' from the pattern-ops index Django creates for indexed text columns;
    SQLite's LIKE is case-insensitive and skips a plain index, so a range on the same column is added.
    """
    q = Q(**{f"{field}__startswith": value})
    if connection.vendor == "sqlite":
        q &= Q(**{f"{field}__gte": value, f"{field}__lt": value + "\U0010ffff"})
    return q


def org_list(*, name: str = "", kind: str = "", region: Region | None = None,
             parent: Organisation | None = None):
    """机构管理: the whole tree for platform admins, filtered by 单位名称, 机构类型, 所属区域 or 上级单位."""
    qs = Organisation.objects.select_related("region", "parent", "base_profile")
    if name:
        qs = qs.filter(name__contains=name.strip())
    if kind:
        qs = qs.filter(kind=kind)
    if region is not None:
        qs = qs.filter(region=region)
    if parent is not None:
        qs = qs.filter(parent=parent)
    return qs.order_by("kind", "region__sort", "code")


def admin_org_queryset(acting: Acting):
    """The organisations the acting role may administer as a platform admin: all of them, or none (→ 404)."""
    if acting.holds("platform.manage_orgs"):
        return Organisation.objects.all()
    return Organisation.objects.none()


def unit_search(*, keyword: str = "", code: str = ""):
    """选择工作单位: enabled 基层单位 whose 单位名称 contains what was typed (大学, 第一人民医院 …), or whose
    单位职称编码 starts with it.

    On PostgreSQL the name search reads a trigram index (migration `orgs.0006`); with neither criterion
    nothing is listed rather than every unit of the region.
    """
    keyword, code = (keyword or "").strip(), (code or "").strip().upper()
    if not keyword and not code:
        return Organisation.objects.none()
    condition = Q(kind=OrgKind.UNIT, is_active=True)
    if keyword:
        condition &= Q(name__contains=keyword)
    if code:
        condition &= _prefix_q("code", code)
    return Organisation.objects.filter(condition).only("id", "name", "code").order_by("name", "id")


def user_managed_orgs(acting: Acting):
    """我的用户: the acting role's own organisation, or every organisation for a platform admin."""
    if acting.holds("platform.manage_orgs"):
        return Organisation.objects.all()
    if acting.org is not None and acting.holds("orgs.manage_users"):
        return Organisation.objects.filter(pk=acting.org.pk)
    return Organisation.objects.none()


def org_user_list(*, orgs, org: Organisation | None = None, keyword: str = ""):
    """Memberships of `orgs` (narrowed to `org`), each with `is_stale` (信息过期) computed by the database."""
    cutoff = timezone.now() - STALE_AFTER
    condition = Q(org__in=orgs)
    if org is not None:
        condition &= Q(org=org)
    if keyword:
        condition &= Q(user__name__contains=keyword) | Q(user__username__startswith=keyword.upper())
    return (
        Membership.objects.filter(condition)
        .select_related("user", "org")
        .annotate(is_stale=ExpressionWrapper(Q(user__updated_at__lt=cutoff), output_field=BooleanField()))
        .order_by("org__code", "user__username")
    )


def unit_recommendation_list(*, unit: Organisation):
    return Recommendation.objects.filter(unit=unit).select_related("recommender", "recommender__region").order_by("pk")


def recommender_candidates(*, region: Region):
    """推荐单位 choices in one region: 人社厅 / 地州人社局 / 行业主管部门 there."""
    return (Organisation.objects.filter(kind__in=RECOMMENDER_KINDS, region=region, is_active=True)
            .order_by("kind", "code"))


# ---- committees -----------------------------------------------------------------------------------------------

def committees_managed(actor):
    """评审委员会管理: the committees of the acting title office's level (its region); none for anyone else (→ 404)."""
    acting = acting_of(actor)
    org = acting.org
    if org is None or org.kind != OrgKind.TITLE_OFFICE or not acting.holds("orgs.manage_committees", org):
        return Organisation.objects.none()
    return Organisation.objects.filter(kind=OrgKind.COMMITTEE, committee_profile__level_id=org.region_id)


def committee_list_managed(*, actor, keyword: str = ""):
    """The managed committees with their profile, 组建单位 and number of 可评审专业 rows, by name."""
    qs = committees_managed(actor)
    if keyword:
        qs = qs.filter(name__contains=keyword.strip())
    return (qs.select_related("committee_profile__level", "committee_profile__founder")
            .annotate(scope_count=Count("committee_scopes")).order_by("code"))


def committee_get_managed(*, actor, pk: int) -> Organisation:
    """One managed committee with its profile (raises Organisation.DoesNotExist for any other)."""
    return (committees_managed(actor).select_related("region", "committee_profile__level",
                                                     "committee_profile__founder").get(pk=pk))


def own_committee(actor) -> Organisation | None:
    """The committee the actor acts as, when they may read its 可评审专业 (本评审委员会)."""
    acting = acting_of(actor)
    org = acting.org
    if org is None or org.kind != OrgKind.COMMITTEE or not acting.holds("orgs.view_committee", org):
        return None
    return (Organisation.objects.select_related("region", "committee_profile__level", "committee_profile__founder")
            .filter(pk=org.pk).first())


def committee_scope_list(*, committee: Organisation):
    """A committee's 可评审专业 rows, in catalog order, with what their labels read."""
    return (CommitteeScope.objects.filter(committee=committee)
            .select_related("series", "specialty", "qualification__specialty__series")
            .order_by("series__sort", "series__code", "specialty__sort", "specialty__code", "qualification__sort",
                      "qualification__code", Level.rank()))


def committee_contact_list(*, committee: Organisation):
    return CommitteeContact.objects.filter(profile__committee=committee)


def committee_profile_of(committee: Organisation) -> CommitteeProfile | None:
    return CommitteeProfile.objects.filter(committee=committee).select_related("level", "founder").first()

