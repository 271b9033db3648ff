"""The audit log's names for what the audit app records itself (collected by `zhuanji.audit.labels`)."""

from zhuanji.audit.labels import register

register(
    "安全审计",
    order=95,
    actions={
        "audit.access_denied": "无权访问(403)",
        "audit.not_found": "访问的对象不存在或不可见(404)",
        "audit.log_view": "查看审计日志",
        "audit.entry_view": "查看审计详情",
        "audit.archive": "审计日志归档",
    },
    object_types={
        "audit.auditentry": "审计日志",
        "audit.auditarchive": "审计日志归档",
        "request": "访问请求",
    },
)
