"""The audit log's names for what the integrations app records (collected by `zhuanji.audit.labels`)."""

from zhuanji.audit.labels import register

register(
    "接口对接",
    order=90,
    actions={
        "integrations.client_create": "新增接口客户端",
        "integrations.client_update": "修改接口客户端",
        "integrations.client_revoke": "吊销接口客户端",
        "integrations.client_rotate": "重置接口令牌",
        "integrations.api_call": "接口调用",
    },
    object_types={
        "integrations.apiclient": "接口客户端",
        "integrations.idempotentrequest": "接口幂等请求",
    },
)
