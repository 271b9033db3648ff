"""Read queries for organisations, units and their users; every list starts from a scoped queryset."""

from datetime import timedelta

from django.db import connection
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.utils import timezone

from .acting import Acting
from .models import Membership, Organisation, OrgKind, Recommendation, Region
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
    qs = Organisation.objects.select_related("region", "parent")
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
    """选择工作单位: enabled 基层单位 whose 单位名称 or 单位职称编码 starts with what was typed.

    Prefix matching, as the manual's own example (新疆大学 → 新疆大学资产…) shows, keeps the search on an index;
    with neither criterion nothing is listed rather than every unit of the region.
    """
    keyword, code = (keyword or "").strip(), (code or "").strip().upper()
    if not keyword and not code:
        return Organisation.objects.none()
    condition = Q(kind=OrgKind.UNIT, is_active=True)
    if keyword:
        condition &= _prefix_q("name", keyword)
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
