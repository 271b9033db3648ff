"""The organisations app's permissions (collected by `orgs.registry`)."""

from .access import memberships_with_perm, require_perm
from .acting import Acting
from .models import OrgKind
from .registry import ROLE_PERMISSIONS, Permission, granted

PERMISSIONS = (
    Permission("orgs.manage_users", "我的用户管理", kinds=tuple(OrgKind.values)),
    Permission("orgs.manage_unit", "单位信息维护", kinds=(OrgKind.UNIT,)),
    Permission("platform.manage_orgs", "机构管理", kinds=(OrgKind.PLATFORM,)),
)


# Imported from here by code being rewritten elsewhere (reviews/, accounts/services/recovery.py and the
# reviews tests); new code imports them from `orgs.access`, `orgs.registry` and `orgs.acting`.
__all__ = ["PERMISSIONS", "ROLE_PERMISSIONS", "granted", "memberships_with_perm", "require_perm", "user_permissions"]


def user_permissions(user, membership) -> frozenset[str]:
    return Acting(user, membership).perms
