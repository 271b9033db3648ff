"""The accounts app's permissions (collected by `orgs.registry`)."""

from zhuanji.orgs.models import OrgKind, Role
from zhuanji.orgs.registry import Permission

PERMISSIONS = (
    Permission("person.profile", "个人中心", person=True),
    # 职称申报 has no module yet; its codename is kept with the other individuals' ones until it has.
    Permission("titles.apply", "职称申报", person=True),
    Permission("platform.review_tickets", "工单审核", kinds=(OrgKind.PLATFORM,), roles=(Role.REVIEWER,)),
    Permission("platform.view_sms", "短信记录", kinds=(OrgKind.PLATFORM,), roles=(Role.REVIEWER,)),
    # A unit's registration is reviewed by its region's 人社部门 (the platform where there is none).
    Permission("accounts.review_units", "单位注册审核",
               kinds=(OrgKind.HR_DEPARTMENT, OrgKind.HR_BUREAU, OrgKind.PLATFORM), roles=(Role.REVIEWER,)),
)
