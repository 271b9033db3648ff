"""The audit log's names for what the reviews app records (collected by `zhuanji.audit.labels`)."""

from zhuanji.audit.labels import register

register(
    "审核流程",
    order=40,
    actions={
        "reviews.case_open": "创建审核事项",
        "reviews.submit": "提交审核",
        "reviews.resubmit": "重新提交审核",
        "reviews.approve": "审核同意",
        "reviews.return": "退回",
        "reviews.withdraw": "收回",
        "reviews.refuse": "审核不通过",
        "reviews.cancel": "撤销",
        "reviews.reopen": "重新打开（退回修改）",
        "reviews.case_reroute": "变更业务类型",
        "reviews.overdue": "超期自动处理未成功",
    },
    object_types={
        "reviews.case": "审核事项",
        "reviews.step": "流程日志",
    },
)
