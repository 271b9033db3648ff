"""The committee's 备案工作 (我的主页, 我的备案, 设置时间) and the title office's 备案审核, their 业务矩阵 tiles,
and the committee's panel on the portal's 我的主页."""

from zhuanji.portal.menus import HomePanel, Item, Section, Tile

from .routes import FILE_PERM, REVIEW_PERM


def _committee_panel(request):
    from .views.home import committee_panel

    return committee_panel(request)


SECTIONS = (
    # The seed: top menu 备案工作, left menu 评审工作事前备案 › 我的备案.
    Section("备案工作", "folder-check", (
        Item("我的主页", "filings:home", FILE_PERM),
        Item("我的备案", "filings:list", FILE_PERM),
        Item("设置时间", "filings:windows", FILE_PERM),
    ), order=60),
    Section("备案审核", "folder-symlink", (
        Item("待审核备案", "filings:queue", REVIEW_PERM),
        Item("备案查询", "filings:query", REVIEW_PERM),
    ), order=61),
)

TILES = (
    Tile("职称评审", "评审工作事前备案", "评审委员会信息备案登记：每年职称评审工作事前的业务备案。", "filings:list",
         FILE_PERM, icon="folder-check", order=42,
         children=(Item("我的备案", "filings:list", FILE_PERM), Item("设置时间", "filings:windows", FILE_PERM))),
    Tile("职称评审", "备案审核", "审核本级评审委员会的评审工作事前备案：接收材料或退回。", "filings:queue",
         REVIEW_PERM, icon="folder-symlink", order=43,
         children=(Item("待审核备案", "filings:queue", REVIEW_PERM), Item("备案查询", "filings:query", REVIEW_PERM))),
)

HOME_PANELS = (
    HomePanel(perm=FILE_PERM, template="filings/_home_panel.html", context=_committee_panel, order=10),
)
