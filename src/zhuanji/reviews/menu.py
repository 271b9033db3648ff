from zhuanji.portal.menus import Item, Section

SECTIONS = (
    Section("审核办理", "clipboard-check", (
        Item("我的待办", "reviews:inbox", "reviews.act"),
        Item("审核查询", "reviews:query", "reviews.query"),
    ), order=20),
)
