from zhuanji.portal.menus import Item, Section, Tile

SECTIONS = (
    Section("专业课学时认定", "journal-check", (
        Item("学员申请", "hours:list", "hours.apply"),
        Item("我的证书", "hours:certificates", "hours.apply"),
        Item("单位审核", "hours:unit_review", "hours.review"),
        Item("认定审核", "hours:recognizer_review", "hours.review"),
    ), order=40),
)

TILES = (
    Tile("继续教育-职称-电子证书", "继续教育", "包括：继续教育【公需科目】报名、【专业科目】报名，专业课学时认定等。",
         "hours:list", "hours.apply", icon="mortarboard", order=10,
         children=(Item("继续教育专业科目学时认定", "hours:list", "hours.apply"),)),
    Tile("继续教育-职称-电子证书", "专业课学时认定审核", "单位审核、认定单位审核学时认定申请。",
         "hours:unit_review", "hours.review", icon="journal-check", order=11),
)
