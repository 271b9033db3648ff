from zhuanji.portal.menus import Item, Section, Tile

SECTIONS = (
    Section("我的管理", "people", (
        Item("我的用户", "orgs:users", "orgs.manage_users"),
        Item("我的单位信息", "orgs:unit_info", "orgs.manage_unit"),
        Item("推荐单位", "orgs:unit_recommenders", "orgs.manage_unit"),
    ), order=80),
    Section("评审委员会", "people-fill", (
        Item("评审委员会管理", "orgs:committee_list", "orgs.manage_committees"),
        Item("可评审专业", "orgs:my_committee", "orgs.view_committee"),
    ), order=70),
    Section("平台管理", "gear", (
        Item("机构管理", "orgs:org_list", "platform.manage_orgs"),
    ), order=90),
)

TILES = (
    Tile("职称评审", "评审委员会管理", "本级评审委员会的可评审专业、办事机构与联系人。", "orgs:committee_list",
         "orgs.manage_committees", icon="people", order=40),
    Tile("职称评审", "可评审专业", "本评审委员会的可评审专业与办事机构联系方式。", "orgs:my_committee",
         "orgs.view_committee", icon="list-check", order=41),
)
