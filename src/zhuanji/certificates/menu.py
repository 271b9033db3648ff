from zhuanji.portal.menus import Item, Section, Tile

SECTIONS = (
    Section("电子证书", "award", (
        Item("我的证书", "certificates:mine", "certificates.own"),
        Item("证书丢失补办", "certificates:loss_list", "certificates.own"),
        Item("证书信息更正", "certificates:correction_list", "certificates.own"),
    ), order=60),
    Section("证书管理", "patch-check", (
        Item("已发证书", "certificates:issued", "certificates.view_issued"),
        Item("批量发证", "certificates:bulk_list", "certificates.issue"),
    ), order=61),
    Section("平台管理", "gear", (Item("签名密钥", "certificates:keys", "certificates.manage_keys"),), order=900),
)

TILES = (
    Tile("电子证书", "电子证书", "包括：继续教育证书、职称证书、证书丢失补办等", "certificates:mine",
         "certificates.own", icon="award", order=60),
    Tile("电子证书", "证书管理", "已发证书查询、导出与批量发证", "certificates:issued", "certificates.view_issued",
         icon="patch-check", order=61),
    Tile("平台管理", "签名密钥管理", "各发证单位的证书签名密钥：指纹、状态，轮换与吊销。", "certificates:keys",
         "certificates.manage_keys", icon="key", order=960),
)
