"""The organisations app's permissions (collected by `orgs.registry`)."""

from .models import OrgKind, Role
from .registry import Permission

PERMISSIONS = (
    Permission("orgs.manage_users", "我的用户管理", kinds=tuple(OrgKind.values)),
    Permission("orgs.manage_unit", "单位信息维护", kinds=(OrgKind.UNIT,)),
    # A title office maintains the committees of its own level (自治区 or its 地州): 可评审专业 and 办事机构.
    Permission("orgs.manage_committees", "评审委员会管理", kinds=(OrgKind.TITLE_OFFICE,), roles=(Role.REVIEWER,)),
    # A committee's own members read what it may evaluate and how its 办事机构 is reached.
    Permission("orgs.view_committee", "本评审委员会信息", kinds=(OrgKind.COMMITTEE,),
               roles=(Role.REVIEWER, Role.CLERK)),
    Permission("platform.manage_orgs", "机构管理", kinds=(OrgKind.PLATFORM,)),
)
