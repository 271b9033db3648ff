"""The audit log's names for what the certificates app records (collected by `zhuanji.audit.labels`)."""

from zhuanji.audit.labels import register

register(
    "证书",
    order=60,
    actions={
        "certificates.issue": "签发证书",
        "certificates.revoke": "废止证书",
        "certificates.bulk_create": "新增批量发证",
        "certificates.bulk_start": "开始批量发证",
        "certificates.request_loss": "申请证书丢失补办",
        "certificates.request_correction": "申请证书信息更正",
        "certificates.request_fulfilled": "补发证书",
        "certificates.export": "导出已发证书",
        "certificates.download": "下载证书",
        "certificates.key_create": "创建签名密钥",
        "certificates.key_rotate": "轮换签名密钥",
        "certificates.key_revoke": "吊销签名密钥",
    },
    object_types={
        "certificates.certificate": "证书",
        "certificates.bulkissuejob": "批量发证批次",
        "certificates.bulkissueitem": "批量发证明细",
        "certificates.certificaterequest": "证书补办/更正申请",
        "certificates.issuerkey": "签名密钥",
        "certificates.certificatestatement": "证书签名状态记录",
        "certificates.statementhead": "证书签名状态记录链头",
    },
)
