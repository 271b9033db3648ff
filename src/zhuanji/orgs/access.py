"""The one permission checker, and the membership querysets scoped lists start from.

`has_perm` / `require_perm` decide from the acting context (当前角色): views pass `request.acting`, and a
plain user acts in the role a new session starts in. Lists are scoped to the acting organisation too.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied

from .acting import acting_of
from .models import Organisation
from .registry import LABELS, ROLE_PERMISSIONS, granted


def has_perm(actor, codename: str, org: Organisation | None = None) -> bool:
    """Whether `actor` (an `Acting` or a user) holds `codename` now, as `org` when given."""
    return acting_of(actor).holds(codename, org)


def require_perm(actor, codename: str, org: Organisation | None = None) -> None:
    """The guard every gate and service starts with: 403 unless `actor` holds `codename` (as `org`, when given)."""
    if not has_perm(actor, codename, org):
        whose = "该单位的" if org is not None else ""
        raise PermissionDenied(f"您没有{whose}{LABELS.get(codename, codename)}权限")


def acting_org_ids(actor, codename: str) -> list[int]:
    """The organisation a list is scoped to: the acting one, when it holds `codename` there (else none)."""
    acting = acting_of(actor)
    return [acting.org.pk] if acting.org is not None and acting.holds(codename, acting.org) else []


def members_holding(org: Organisation | None, codename: str):
    """The active users whose enabled membership of `org` grants `codename` (who to tell something is theirs)."""
    if org is None or not org.is_active:
        return get_user_model().objects.none()
    roles = [role for role in ROLE_PERMISSIONS if codename in granted(org.kind, role)]
    return get_user_model().objects.filter(is_active=True, memberships__org=org, memberships__is_active=True,
                                           memberships__role__in=roles).distinct()
