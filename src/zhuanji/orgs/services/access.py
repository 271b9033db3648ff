from django.core.exceptions import PermissionDenied

from ..models import Organisation
from ..permissions import has_perm


def require_user_manager(actor, org: Organisation) -> None:
    """An organisation's own user admins manage its users; platform admins manage everyone's."""
    if not (has_perm(actor, "orgs.manage_users", org=org) or has_perm(actor, "platform.manage_orgs")):
        raise PermissionDenied("您没有权限管理该单位的用户")
