"""The audit log's names for what the attachments module records (collected by `zhuanji.audit.labels`)."""

from zhuanji.audit.labels import register

register(
    "附件",
    order=85,
    actions={
        "attachments.add": "上传附件",
        "attachments.replace": "替换附件",
        "attachments.delete": "删除附件",
        "attachments.download": "查看/下载附件",
    },
    object_types={"attachments.attachment": "附件"},
)
