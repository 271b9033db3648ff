"""The audit app's permissions (collected by `orgs.registry`)."""

from zhuanji.orgs.models import OrgKind
from zhuanji.orgs.registry import Permission

PERMISSIONS = (
    Permission("platform.view_audit", "审计日志", kinds=(OrgKind.PLATFORM,)),
)
