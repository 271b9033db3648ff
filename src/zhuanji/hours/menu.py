from zhuanji.portal.menus import Item, Section, Tile

SECTIONS = (
    # The yearly hours ledger; the training module's 继续教育 pages join this section under the same label.
    Section("继续教育", "mortarboard", (
        Item("我的学时", "hours:account", "hours.account"),
        Item("学时查询", "hours:unit_accounts", "hours.view_unit_accounts"),
    ), order=39),
    Section("专业课学时认定", "journal-check", (
        Item("学员申请", "hours:list", "hours.apply"),
        Item("我的证书", "hours:certificates", "hours.apply"),
        Item("单位审核", "hours:unit_review", "hours.review"),
        Item("认定审核", "hours:recognizer_review", "hours.recognize"),
    ), order=40),
)

TILES = (
    Tile("继续教育-职称-电子证书", "继续教育", "包括：继续教育【公需科目】报名、【专业科目】报名，专业课学时认定等。",
         "hours:list", "hours.apply", icon="mortarboard", order=10,
         children=(Item("继续教育专业科目学时认定", "hours:list", "hours.apply"),
                   Item("我的学时", "hours:account", "hours.account"))),
    Tile("继续教育-职称-电子证书", "专业课学时认定审核", "基层单位审核本单位人员的学时认定申请。",
         "hours:unit_review", "hours.review", icon="journal-check", order=11),
    Tile("继续教育-职称-电子证书", "专业课学时认定", "认定单位认定学时、签发学时认定证书。",
         "hours:recognizer_review", "hours.recognize", icon="journal-check", order=11),
    Tile("继续教育-职称-电子证书", "学时查询", "本单位专业技术人员的年度继续教育学时及达标情况。",
         "hours:unit_accounts", "hours.view_unit_accounts", icon="clock-history", order=12),
)
