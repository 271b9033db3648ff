"""The audit log's names for what the filings app records (collected by `zhuanji.audit.labels`)."""

from zhuanji.audit.labels import register

register(
    "评审工作事前备案",
    order=45,
    actions={
        "filings.create": "新增评审工作事前备案",
        "filings.update": "修改备案基本信息",
        "filings.items_add": "添加备案资格",
        "filings.items_remove": "删除备案资格",
        "filings.plan": "设置计划时间",
        "filings.notice_update": "修改工作通知",
        "filings.attachment_add": "上传备案附件",
        "filings.attachment_delete": "删除备案附件",
        "filings.submit": "提交评审工作事前备案",
        "filings.delete": "删除评审工作事前备案",
        "filings.cancel": "撤销评审工作事前备案",
        "filings.windows_open": "开放申报时间",
        "filings.window_set_times": "设置申报时间",
        "filings.windows_close": "申报时间截止",
    },
    object_types={
        "filings.filing": "评审工作事前备案",
        "filings.filingitem": "备案资格",
        "filings.window": "申报时间窗口",
    },
)
