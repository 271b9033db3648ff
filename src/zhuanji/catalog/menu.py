from zhuanji.portal.menus import Item, Section, Tile

SECTIONS = (
    Section("平台管理", "gear", (Item("职称目录", "catalog:qualification_list", "platform.manage_catalog"),),
            order=900),
)

TILES = (
    Tile("平台管理", "职称目录管理", "维护系列、专业、资格与级别，导入目录文件，设置以考代评。",
         "catalog:qualification_list", "platform.manage_catalog", icon="diagram-3", order=910),
)
