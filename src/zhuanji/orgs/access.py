"""The one permission checker, and the membership querysets scoped lists start from.

`has_perm` / `require_perm` decide from the acting context (当前角色): views pass `request.acting`, and a
plain user acts in the role a new session starts in. The querysets span every enabled membership.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from .acting import acting_of
from .models import Membership, Organisation
from .registry import KIND_PERMISSIONS, LABELS, ROLE_PERMISSIONS, granted


def has_perm(actor, codename: str, org: Organisation | None = None) -> bool:
    """Whether `actor` (an `Acting` or a user) holds `codename` now, as `org` when given."""
    return acting_of(actor).holds(codename, org)


def require_perm(actor, codename: str, org: Organisation | None = None) -> None:
    """The guard every gate and service starts with: 403 unless `actor` holds `codename` (as `org`, when given)."""
    if not has_perm(actor, codename, org):
        whose = "该单位的" if org is not None else ""
        raise PermissionDenied(f"您没有{whose}{LABELS.get(codename, codename)}权限")


def _grants_q(codename: str) -> Q:
    """Q matching memberships whose (org kind, role) pair grants `codename`."""
    q = Q(pk__in=[])
    for kind in KIND_PERMISSIONS:
        for role in ROLE_PERMISSIONS:
            if codename in granted(kind, role):
                q |= Q(org__kind=kind, role=role)
    return q


def memberships_with_perm(user, codename: str):
    """`user`'s enabled memberships, in enabled organisations, that grant `codename`."""
    if not user.is_authenticated:
        return Membership.objects.none()
    return Membership.objects.filter(
        Q(user=user, is_active=True, org__is_active=True) & _grants_q(codename)
    ).select_related("org")


def orgs_with_perm(user, codename: str):
    """The organisations in which `user` holds `codename` through any membership: a list's scope, not a gate."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(pk__in=memberships_with_perm(user, codename).values("org_id"))
