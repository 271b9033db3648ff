"""The hours app's permissions (collected by `orgs.registry`)."""

from zhuanji.orgs.models import OrgKind, Role
from zhuanji.orgs.registry import Permission

# The organisations that recognise hours in their own name (the 认定单位 of `hours_recognizers.csv`).
RECOGNIZERS = (OrgKind.HR_DEPARTMENT, OrgKind.HR_BUREAU, OrgKind.COMPETENT_DEPARTMENT)

PERMISSIONS = (
    Permission("hours.apply", "学时认定申请", person=True),
    # 单位审核 is a 基层单位's, 认定审核 a 认定单位's: each sees only its own queue and menu item.
    Permission("hours.review", "学时认定单位审核", kinds=(OrgKind.UNIT,), roles=(Role.REVIEWER,)),
    Permission("hours.recognize", "学时认定认定审核", kinds=RECOGNIZERS, roles=(Role.REVIEWER,)),
    # Writing to the yearly ledger in the organisation's name (`credit_hours`); imports and jobs credit as SYSTEM.
    Permission("hours.credit", "记入学时", kinds=RECOGNIZERS, roles=(Role.REVIEWER,)),
    Permission("hours.account", "我的学时", person=True),
    # 学时查询: the yearly accounts of the people whose 工作单位 is the unit (its administrators only).
    Permission("hours.view_unit_accounts", "单位学时查询", kinds=(OrgKind.UNIT,)),
)
