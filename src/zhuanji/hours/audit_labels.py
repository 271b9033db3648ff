"""The audit log's names for what the hours app records (collected by `zhuanji.audit.labels`)."""

from zhuanji.audit.labels import register

register(
    "专业课学时认定",
    order=50,
    actions={
        "hours.application_create": "新增学时认定申请",
        "hours.application_delete": "删除学时认定申请",
        "hours.application_submit": "提交学时认定申请",
        "hours.item_create": "新增学时项目",
        "hours.item_update": "修改学时项目",
        "hours.item_delete": "删除学时项目",
        "hours.evidence_add": "新增佐证材料",
        "hours.evidence_replace": "替换佐证材料",
        "hours.evidence_delete": "删除佐证材料",
        "hours.recognize": "学时认定通过",
        "hours.load_config": "导入学时认定单位配置",
        "hours.credit": "记入学时",
        "hours.load_thresholds": "导入继续教育学时标准",
    },
    object_types={
        "hours.application": "学时认定申请",
        "hours.item": "学时项目",
        "hours.recognizerrule": "学时认定单位配置",
        "hours.hourscredit": "学时记录",
        "hours.hoursthreshold": "继续教育学时标准",
    },
)
