"""The integrations app's permissions (collected by `orgs.registry`)."""

from zhuanji.orgs.models import OrgKind
from zhuanji.orgs.registry import Permission

PERMISSIONS = (
    Permission("platform.manage_api_clients", "接口客户端管理", kinds=(OrgKind.PLATFORM,)),
)
