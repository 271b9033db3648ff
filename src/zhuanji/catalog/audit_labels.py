"""The audit log's names for what the catalog app records (collected by `zhuanji.audit.labels`)."""

from zhuanji.audit.labels import register

register(
    "专业目录",
    order=30,
    actions={
        "catalog.import": "导入专业目录",
        "catalog.export": "导出专业目录",
        "catalog.qualification.exam_only": "设置以考代评",
    },
    object_types={
        "catalog": "专业目录",
        "catalog.series": "系列",
        "catalog.specialty": "专业",
        "catalog.qualification": "资格",
    },
)
