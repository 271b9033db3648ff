from zhuanji.portal.menus import Item, Section

SECTIONS = (
    Section("我的管理", "people", (
        Item("我的用户", "orgs:users", "orgs.manage_users"),
        Item("我的单位信息", "orgs:unit_info", "orgs.manage_unit"),
        Item("推荐单位", "orgs:unit_recommenders", "orgs.manage_unit"),
    ), order=80),
    Section("平台管理", "gear", (
        Item("机构管理", "orgs:org_list", "platform.manage_orgs"),
    ), order=90),
)
