from django.conf import settings

from . import regions
from .categories import portal_nav
from .menus import menu_for


def _portal_region_context(request) -> dict:
    """Region switcher values; callables so a page that does not show them costs no query."""

    def region():
        return regions.selected_region(request)

    return {
        "portal_region": region,
        "portal_region_label": lambda: regions.region_label(region()),
        "portal_regions": regions.region_choices,
        "login_entrance_title": lambda: regions.login_entrance_title(region()),
    }


def chrome(request):
    """What every page's frame needs: platform name, region, 当前角色, the user's codenames and left menu."""
    acting = getattr(request, "acting", None)
    context = {"platform_name": settings.PLATFORM_NAME, "portal_nav": portal_nav,
               **_portal_region_context(request)}
    if acting is None or not acting.user.is_authenticated:
        return {**context, "perms_set": frozenset()}
    user, perms = acting.user, acting.perms
    if acting.membership is not None:
        role_label = acting.membership.role_label
    elif user.is_person:
        role_label = "申请人"
    else:
        role_label = "平台管理员" if user.is_superuser else "用户"
    return {
        **context,
        "perms_set": perms,
        "current_role": role_label,
        "acting": acting,
        "left_menu": menu_for(perms, request.path),
        "session_idle_seconds": settings.SESSION_COOKIE_AGE,
        "session_warning_seconds": settings.SESSION_WARNING_SECONDS,
    }
