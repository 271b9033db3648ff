from django.conf import settings

from zhuanji.orgs.permissions import user_permissions

from .menus import menu_for

PORTAL_NAV = (
    ("首页", "portal:home"),
)


def chrome(request):
    """What every page's frame needs: platform name, 当前角色, the user's codenames and left menu."""
    user = getattr(request, "user", None)
    membership = getattr(request, "membership", None)
    if user is None or not user.is_authenticated:
        return {"platform_name": settings.PLATFORM_NAME, "perms_set": frozenset(), "portal_nav": PORTAL_NAV}
    perms = user_permissions(user, membership)
    if membership is not None:
        role_label = membership.role_label
    elif user.is_person:
        role_label = "申请人"
    else:
        role_label = "平台管理员" if user.is_superuser else "用户"
    return {
        "platform_name": settings.PLATFORM_NAME,
        "portal_nav": PORTAL_NAV,
        "perms_set": perms,
        "current_role": role_label,
        "membership": membership,
        "left_menu": menu_for(perms, request.path),
        "session_idle_seconds": settings.SESSION_COOKIE_AGE,
        "session_warning_seconds": settings.SESSION_WARNING_SECONDS,
    }
