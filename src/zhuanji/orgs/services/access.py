from django.core.exceptions import PermissionDenied

from ..acting import acting_of
from ..models import Organisation


def require_user_manager(actor, org: Organisation) -> None:
    """An organisation's own user admins manage its users; platform admins manage everyone's."""
    acting = acting_of(actor)
    if not (acting.holds("orgs.manage_users", org=org) or acting.holds("platform.manage_orgs")):
        raise PermissionDenied("您没有权限管理该单位的用户")
