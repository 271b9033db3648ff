"""The portal's region switcher (自治区 ▼): which region's notices, contacts and login entrance a visitor sees.

The choice lives in the session, so it follows the visitor from the public pages to the login page.
"""

from zhuanji.orgs.models import Region

SESSION_KEY = "portal_region"


def region_choices():
    """自治区 first, then its 地州市, in the data file's order."""
    regions = Region.objects.filter(level__in=(Region.Level.REGION, Region.Level.PREFECTURE))
    return sorted(regions, key=lambda r: (not r.is_region, r.sort, r.code))


def region_label(region: Region | None) -> str:
    if region is None or region.is_region:
        return "自治区"
    return region.name


def login_entrance_title(region: Region | None) -> str:
    """"自治区本级统一登录入口" or e.g. "乌鲁木齐市统一登录入口", as on the old platform."""
    if region is None or region.is_region:
        return "自治区本级统一登录入口"
    return f"{region.name}统一登录入口"


def selected_region(request) -> Region | None:
    """The chosen 地州市, or None for 自治区 level (also when the stored code no longer exists).

    Looked up once per request: the page frame and the view both ask.
    """
    if not hasattr(request, "_portal_region"):
        code = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
        region = Region.objects.filter(code=code).first() if code else None
        request._portal_region = None if region is None or region.is_region else region
    return request._portal_region
