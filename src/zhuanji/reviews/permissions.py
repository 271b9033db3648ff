"""The review engine's permissions (collected by `orgs.registry`): every organisation but the platform reviews."""

from zhuanji.orgs.models import OrgKind, Role
from zhuanji.orgs.registry import Permission

REVIEWING_KINDS = tuple(kind for kind in OrgKind.values if kind != OrgKind.PLATFORM)

PERMISSIONS = (
    Permission("reviews.act", "审核办理", kinds=REVIEWING_KINDS, roles=(Role.REVIEWER,)),
    Permission("reviews.query", "审核查询", kinds=REVIEWING_KINDS, roles=(Role.REVIEWER, Role.CLERK)),
)
