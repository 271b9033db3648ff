from .menus import Item, Section, Tile

SECTIONS = (
    Section("平台管理", "gear", (Item("通知公告管理", "portal:manage_notices", "portal.manage_notices"),), order=900),
)

TILES = (
    Tile("平台管理", "通知公告管理", "发布通知公告、政策法规和操作指南。", "portal:manage_notices",
         "portal.manage_notices", icon="megaphone", order=900),
)
