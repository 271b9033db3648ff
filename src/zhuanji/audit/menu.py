from zhuanji.portal.menus import Item, Section, Tile

SECTIONS = (
    Section("平台管理", "gear", (Item("审计日志", "audit:list", "platform.view_audit"),), order=900),
)

TILES = (
    Tile("平台管理", "审计日志", "按操作人、对象、IP、操作和日期查询平台的全部操作记录。", "audit:list",
         "platform.view_audit", icon="journal-text", order=990),
)
