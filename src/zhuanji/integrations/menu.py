from zhuanji.portal.menus import Item, Section, Tile

SECTIONS = (
    Section("平台管理", "gear", (Item("接口客户端", "integrations:client_list", "platform.manage_api_clients"),),
            order=900),
)

TILES = (
    Tile("平台管理", "接口客户端管理", "为学习平台等外部系统签发访问令牌，设置权限范围，吊销或重置令牌。",
         "integrations:client_list", "platform.manage_api_clients", icon="plug", order=950),
)
