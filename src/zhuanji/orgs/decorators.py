from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from .permissions import user_permissions


def perm_required(codename: str):
    """Login, then `codename` in the current role (当前角色); a logged-in user without it gets 403."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if codename not in user_permissions(request.user, request.membership):
                raise PermissionDenied("您没有权限访问该页面")
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
