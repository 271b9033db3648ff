"""The organisations app's permissions (collected by `orgs.registry`)."""

from .models import OrgKind
from .registry import Permission

PERMISSIONS = (
    Permission("orgs.manage_users", "我的用户管理", kinds=tuple(OrgKind.values)),
    Permission("orgs.manage_unit", "单位信息维护", kinds=(OrgKind.UNIT,)),
    Permission("platform.manage_orgs", "机构管理", kinds=(OrgKind.PLATFORM,)),
)
