"""The audit log's names for what the portal app records (collected by `zhuanji.audit.labels`)."""

from zhuanji.audit.labels import register

register(
    "通知公告",
    order=70,
    actions={
        "notice.create": "新增通知公告",
        "notice.update": "修改通知公告",
        "notice.publish": "发布通知公告",
        "notice.unpublish": "撤回通知公告",
        "notice.delete": "删除通知公告",
        "notice.post": "业务发布通知公告",
    },
    object_types={
        "portal.notice": "通知公告",
    },
)
