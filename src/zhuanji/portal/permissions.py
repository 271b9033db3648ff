"""The portal app's permissions (collected by `orgs.registry`)."""

from zhuanji.orgs.models import OrgKind
from zhuanji.orgs.registry import Permission

PERMISSIONS = (
    Permission("portal.manage_notices", "通知公告管理", kinds=(OrgKind.PLATFORM, OrgKind.HR_DEPARTMENT,
                                                          OrgKind.HR_BUREAU)),
)
