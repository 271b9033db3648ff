"""The hours app's permissions (collected by `orgs.registry`)."""

from zhuanji.orgs.models import OrgKind, Role
from zhuanji.orgs.registry import Permission

PERMISSIONS = (
    Permission("hours.apply", "学时认定申请", person=True),
    Permission("hours.review", "学时认定审核", kinds=(OrgKind.HR_DEPARTMENT, OrgKind.HR_BUREAU,
                                                 OrgKind.COMPETENT_DEPARTMENT, OrgKind.UNIT),
               roles=(Role.REVIEWER,)),
)
