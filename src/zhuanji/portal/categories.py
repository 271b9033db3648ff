"""The public nav (首页 职称服务 证书查询 继续教育 专项人才 专家系统 在线帮助 搜索) and the category pages."""

from dataclasses import dataclass

from django.urls import reverse

from .menus import url_or_none
from .models import Notice

CERTIFICATE_VERIFY_URL_NAME = "certificates:verify"


@dataclass(frozen=True)
class CategoryPage:
    slug: str
    label: str
    category: str
    intro: str
    links: tuple[tuple[str, str, str], ...]  # (label, url name, description); hidden when the name is unknown


_COMMON_LINKS = (
    ("业务办理", "portal:matrix", "登录后在业务矩阵中办理"),
    ("个人注册", "accounts:register", "首次使用请先注册个人账号"),
)

CATEGORY_PAGES = {
    page.slug: page for page in (
        CategoryPage("titles", "职称服务", Notice.Category.TITLES,
                     "职称评审申报、初次确定、授予、特殊人才认定、证书丢失补办与证书信息更正。",
                     (*_COMMON_LINKS,
                      ("评审办事机构联系方式", "portal:contacts", "查询各评审委员会办事机构的地址和联系电话"),
                      ("证书查询", CERTIFICATE_VERIFY_URL_NAME, "按证书编号和姓名核验电子证书"))),
        CategoryPage("training", "继续教育", Notice.Category.TRAINING,
                     "继续教育【公需科目】报名、【专业科目】报名、专业课学时认定、继续教育证书。",
                     _COMMON_LINKS),
        CategoryPage("talent", "专项人才", Notice.Category.TALENT,
                     "民营企业专项申报、“访惠聚”三年高定等专项人才评价业务。", _COMMON_LINKS),
        CategoryPage("expert", "专家系统", Notice.Category.EXPERT,
                     "评审专家库的通知与专家工作指引。", _COMMON_LINKS),
    )
}


def certificate_lookup_url() -> str:
    """The certificates app's public verification page when it exists, else our page that points to it."""
    return url_or_none(CERTIFICATE_VERIFY_URL_NAME) or reverse("portal:certificates")


def resolved_links(page: CategoryPage) -> list[dict]:
    links = []
    for label, url_name, description in page.links:
        url = url_or_none(url_name)
        if url:
            links.append({"label": label, "url": url, "description": description})
    return links


def portal_nav() -> list[tuple[str, str]]:
    return [
        ("首页", reverse("portal:home")),
        ("职称服务", reverse("portal:category", args=["titles"])),
        ("证书查询", certificate_lookup_url()),
        ("继续教育", reverse("portal:category", args=["training"])),
        ("专项人才", reverse("portal:category", args=["talent"])),
        ("专家系统", reverse("portal:category", args=["expert"])),
        ("在线帮助", reverse("portal:help")),
        ("搜索", reverse("portal:search")),
    ]
