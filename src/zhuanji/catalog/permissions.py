"""The catalog app's permissions (collected by `orgs.registry`)."""

from zhuanji.orgs.models import OrgKind
from zhuanji.orgs.registry import Permission

PERMISSIONS = (
    Permission("platform.manage_catalog", "职称目录管理", kinds=(OrgKind.PLATFORM,)),
)
