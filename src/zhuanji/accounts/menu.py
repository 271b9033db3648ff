from zhuanji.portal.menus import Item, Section

SECTIONS = (
    Section("个人中心", "person-circle", (
        Item("我的信息", "accounts:profile", "person.profile"),
        Item("修改密码", "accounts:password_change", "person.profile"),
    ), order=10),
    Section("平台管理", "gear", (
        Item("账号找回工单", "accounts:ticket_list", "platform.review_tickets"),
        Item("短信记录", "accounts:sms_list", "platform.view_sms"),
    ), order=900),
)
