"""Permissions as data: codenames, which organisation kinds can hold them, which roles get them.

A membership (user, organisation, role) grants the codenames its organisation's kind allows and
its role includes. Views, templates (`user|can:"codename"`) and the API ask the same functions.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from .models import Membership, Organisation, OrgKind, Role

PERMISSIONS = {
    "orgs.manage_users": "我的用户管理",
    "orgs.manage_unit": "单位信息维护",
    "reviews.act": "审核办理",
    "reviews.query": "审核查询",
    "hours.review": "学时认定审核",
    "certificates.issue": "证书签发",
    "certificates.view_issued": "已发证书查询",
    "portal.manage_notices": "通知公告管理",
    "platform.manage_orgs": "机构管理",
    "platform.manage_catalog": "职称目录管理",
    "platform.review_tickets": "工单审核",
    "platform.view_audit": "审计日志",
    "platform.view_sms": "短信记录",
}

# What a person (an individual's own account, no organisation) may do.
PERSON_PERMISSIONS = frozenset({"person.profile", "hours.apply", "certificates.own", "titles.apply"})

_REVIEWING = {"reviews.act", "reviews.query"}
# Platform administration manages the platform (organisations, catalog, notices, tickets, audit), not a
# unit's or an authority's own business: those belong to members of that organisation.
PLATFORM_PERMISSIONS = frozenset({"orgs.manage_users", "portal.manage_notices"}
                                 | {c for c in PERMISSIONS if c.startswith("platform.")})
_ADMIN = {"orgs.manage_users"}
KIND_PERMISSIONS: dict[str, frozenset[str]] = {
    OrgKind.PLATFORM: PLATFORM_PERMISSIONS,
    OrgKind.HR_DEPARTMENT: frozenset(_ADMIN | _REVIEWING | {"hours.review", "certificates.issue",
                                                             "certificates.view_issued",
                                                             "portal.manage_notices"}),
    OrgKind.HR_BUREAU: frozenset(_ADMIN | _REVIEWING | {"hours.review", "certificates.issue",
                                                         "certificates.view_issued", "portal.manage_notices"}),
    OrgKind.TITLE_OFFICE: frozenset(_ADMIN | _REVIEWING | {"certificates.issue", "certificates.view_issued"}),
    OrgKind.COMPETENT_DEPARTMENT: frozenset(_ADMIN | _REVIEWING | {"hours.review", "certificates.issue",
                                                                    "certificates.view_issued"}),
    OrgKind.COMMITTEE: frozenset(_ADMIN | _REVIEWING),
    OrgKind.CE_BASE: frozenset(_ADMIN | _REVIEWING | {"certificates.issue", "certificates.view_issued"}),
    OrgKind.UNIT: frozenset(_ADMIN | _REVIEWING | {"orgs.manage_unit", "hours.review"}),
}

ROLE_PERMISSIONS: dict[str, frozenset[str] | None] = {
    Role.ADMIN: None,  # everything the organisation's kind allows
    Role.REVIEWER: frozenset(_REVIEWING | {"hours.review", "certificates.issue", "certificates.view_issued",
                                           "platform.review_tickets", "platform.view_sms"}),
    Role.CLERK: frozenset({"reviews.query", "certificates.view_issued"}),
}


def granted(kind: str, role: str) -> frozenset[str]:
    allowed = KIND_PERMISSIONS.get(kind, frozenset())
    role_perms = ROLE_PERMISSIONS.get(role)
    return allowed if role_perms is None else allowed & role_perms


def _grants_q(codename: str, prefix: str = "") -> Q:
    """Q matching memberships whose (org kind, role) pair grants `codename`."""
    q = Q(pk__in=[])
    for kind in KIND_PERMISSIONS:
        for role in ROLE_PERMISSIONS:
            if codename in granted(kind, role):
                q |= Q(**{f"{prefix}org__kind": kind, f"{prefix}role": role})
    return q


def memberships_with_perm(user, codename: str):
    if not user.is_authenticated:
        return Membership.objects.none()
    return Membership.objects.filter(
        Q(user=user, is_active=True, org__is_active=True) & _grants_q(codename)
    ).select_related("org")


def orgs_with_perm(user, codename: str):
    """The organisations in which `user` holds `codename`: the start of every scoped queryset."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(pk__in=memberships_with_perm(user, codename).values("org_id"))


def has_perm(user, codename: str, org: Organisation | None = None) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if codename in PERSON_PERMISSIONS:
        return user.is_person
    if user.is_superuser and codename in PLATFORM_PERMISSIONS:
        return True
    memberships = memberships_with_perm(user, codename)
    if org is not None:
        memberships = memberships.filter(org=org)
    return memberships.exists()


def require_perm(actor, codename: str, org: Organisation | None = None) -> None:
    """The guard every service starts with: 403 unless `actor` holds `codename` (in `org`, when given)."""
    if not has_perm(actor, codename, org):
        raise PermissionDenied("您没有权限执行此操作")


def user_permissions(user, membership: Membership | None) -> frozenset[str]:
    """All codenames for the menu and tiles: the person's own plus the current membership's."""
    if not user.is_authenticated:
        return frozenset()
    perms = set(PERSON_PERMISSIONS) if user.is_person else set()
    if user.is_superuser:
        perms |= PLATFORM_PERMISSIONS
    if membership is not None and membership.is_active:
        perms |= granted(membership.org.kind, membership.role)
    return frozenset(perms)
