"""The certificates app's permissions (collected by `orgs.registry`)."""

from zhuanji.orgs.models import OrgKind, Role
from zhuanji.orgs.registry import Permission

# The organisations that sign certificates in their own name.
ISSUERS = (OrgKind.HR_DEPARTMENT, OrgKind.HR_BUREAU, OrgKind.TITLE_OFFICE, OrgKind.COMPETENT_DEPARTMENT,
           OrgKind.CE_BASE)

PERMISSIONS = (
    Permission("certificates.issue", "证书签发", kinds=ISSUERS, roles=(Role.REVIEWER,)),
    Permission("certificates.view_issued", "已发证书查询", kinds=ISSUERS, roles=(Role.REVIEWER, Role.CLERK)),
    Permission("certificates.own", "我的证书", person=True),
    # 平台管理 › 签名密钥: rotate or revoke an issuing organisation's signing key.
    Permission("certificates.manage_keys", "签名密钥管理", kinds=(OrgKind.PLATFORM,)),
)
