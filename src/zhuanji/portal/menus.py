"""The 业务矩阵 tiles, the left menu and the 我的主页 panels, built from what each app declares in its `menu.py`.

An app's `menu.py` may define `SECTIONS` (left-menu groups), `TILES` (业务矩阵 tiles) and `HOME_PANELS` (blocks
of 我的主页); each entry names the permission codename that shows it, so what a user sees follows from their
memberships.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import NoReverseMatch, reverse

from zhuanji.common.declarations import declared


@dataclass(frozen=True)
class Item:
    label: str
    url_name: str
    perm: str
    badge_perm: str = ""


@dataclass(frozen=True)
class Section:
    label: str
    icon: str
    items: tuple[Item, ...]
    order: int = 100


@dataclass(frozen=True)
class Tile:
    group: str
    label: str
    description: str
    url_name: str
    perm: str
    icon: str = "grid"
    order: int = 100
    children: tuple[Item, ...] = field(default=())


@dataclass(frozen=True)
class HomePanel:
    """A block of 我的主页: `template` rendered with `panel` = `context(request)` (None: not shown this time) and
    `embedded` = True, so a template its app's own page also renders can tell where it is."""

    perm: str
    template: str
    context: Callable[..., dict | None]
    order: int = 100


def url_or_none(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def menu_for(perms: frozenset[str], current_path: str = "") -> list[dict]:
    """Left-menu sections the user may see; sections several apps declare under one label (平台管理) merge."""
    merged: dict[str, dict] = {}
    for section in sorted(declared("menu", "SECTIONS"), key=lambda s: s.order):
        entry = merged.setdefault(section.label, {"label": section.label, "icon": section.icon, "items": []})
        for item in section.items:
            url = url_or_none(item.url_name) if item.perm in perms else None
            if url:
                entry["items"].append({"label": item.label, "url": url, "active": current_path.startswith(url)})
    sections = [s for s in merged.values() if s["items"]]
    for section in sections:
        section["open"] = any(i["active"] for i in section["items"])
    return sections


def tiles_for(perms: frozenset[str]) -> dict[str, list[dict]]:
    groups: dict[str, list[dict]] = {}
    for tile in sorted(declared("menu", "TILES"), key=lambda t: t.order):
        if tile.perm not in perms:
            continue
        url = url_or_none(tile.url_name)
        if not url:
            continue
        children = [{"label": c.label, "url": child_url} for c in tile.children
                    if c.perm in perms and (child_url := url_or_none(c.url_name))]
        groups.setdefault(tile.group, []).append(
            {"label": tile.label, "description": tile.description, "url": url, "icon": tile.icon,
             "children": children}
        )
    return groups


def home_panels_for(request) -> list[dict]:
    """The 我的主页 panels the acting user may see, each as its template and its context."""
    perms = request.acting.perms
    panels = []
    for panel in sorted(declared("menu", "HOME_PANELS"), key=lambda p: p.order):
        if panel.perm not in perms:
            continue
        context = panel.context(request)
        if context is not None:
            panels.append({"template": panel.template, "panel": context})
    return panels
