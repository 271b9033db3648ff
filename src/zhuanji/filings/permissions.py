"""The filings app's permissions (collected by `orgs.registry`)."""

from zhuanji.orgs.models import OrgKind, Role
from zhuanji.orgs.registry import Permission

from .routes import FILE_PERM, REVIEW_PERM

PERMISSIONS = (
    # Filed in the committee's name by any of its members (the seed: the 组建单位's administrator acts as it).
    Permission(FILE_PERM, "评审工作事前备案", kinds=(OrgKind.COMMITTEE,), roles=(Role.REVIEWER, Role.CLERK)),
    # The title office of the committee's level receives or returns it.
    Permission(REVIEW_PERM, "评审工作事前备案审核", kinds=(OrgKind.TITLE_OFFICE,), roles=(Role.REVIEWER,)),
)
