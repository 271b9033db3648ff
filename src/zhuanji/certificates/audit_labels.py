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
    },
    object_types={
        "certificates.certificate": "证书",
        "certificates.bulkissuejob": "批量发证批次",
        "certificates.bulkissueitem": "批量发证明细",
        "certificates.certificaterequest": "证书补办/更正申请",
        "certificates.requestevidence": "证明材料",
    },
)
