"""The 业务矩阵 tiles and the left menu, built from what each app declares in its `menu.py`.

An app's `menu.py` may define `SECTIONS` (left-menu groups) and `TILES` (业务矩阵 tiles); each entry
names the permission codename that shows it, so what a user sees follows from their memberships.
"""

from dataclasses import dataclass, field
from importlib import import_module

from django.apps import apps
from django.urls import NoReverseMatch, reverse


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


def _declared(attr: str):
    for config in apps.get_app_configs():
        if not config.name.startswith("zhuanji."):
            continue
        try:
            module = import_module(f"{config.name}.menu")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.menu":
                raise
            continue
        yield from getattr(module, attr, ())


def _url(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def menu_for(perms: frozenset[str], current_path: str = "") -> list[dict]:
    sections = []
    for section in sorted(_declared("SECTIONS"), key=lambda s: s.order):
        items = []
        for item in section.items:
            url = _url(item.url_name) if item.perm in perms else None
            if url:
                items.append({"label": item.label, "url": url, "active": current_path.startswith(url)})
        if items:
            sections.append({"label": section.label, "icon": section.icon, "items": items,
                             "open": any(i["active"] for i in items)})
    return sections


def tiles_for(perms: frozenset[str]) -> dict[str, list[dict]]:
    groups: dict[str, list[dict]] = {}
    for tile in sorted(_declared("TILES"), key=lambda t: t.order):
        if tile.perm not in perms:
            continue
        url = _url(tile.url_name)
        if not url:
            continue
        children = [{"label": c.label, "url": _url(c.url_name)} for c in tile.children
                    if c.perm in perms and _url(c.url_name)]
        groups.setdefault(tile.group, []).append(
            {"label": tile.label, "description": tile.description, "url": url, "icon": tile.icon,
             "children": children}
        )
    return groups
