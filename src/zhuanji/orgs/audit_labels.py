"""The audit log's names for what the orgs app records (collected by `zhuanji.audit.labels`)."""

from zhuanji.audit.labels import register

register(
    "机构与用户",
    order=20,
    actions={
        "orgs.org_create": "新增机构",
        "orgs.org_update": "修改机构",
        "orgs.org_enable": "启用机构",
        "orgs.org_disable": "停用机构",
        "orgs.unit_info_update": "修改单位信息",
        "orgs.unit_rename": "单位更名",
        "orgs.unit_recommender_add": "新增推荐单位",
        "orgs.unit_recommender_remove": "移除推荐单位",
        "orgs.staff_user_update": "修改单位用户",
        "orgs.user_enable": "启用用户",
        "orgs.user_disable": "停用用户",
        "orgs.user_reset_password": "重置用户密码",
        "orgs.role_switch": "切换角色",
        "orgs.load_province": "导入行政区划",
        "orgs.committee_office_update": "修改评审委员会办事机构",
        "orgs.committee_contact_add": "新增办事机构联系人",
        "orgs.committee_contact_remove": "删除办事机构联系人",
        "orgs.committee_scope_grant": "授予可评审专业",
        "orgs.committee_scope_revoke": "撤销可评审专业",
    },
    object_types={
        "orgs.region": "行政区划",
        "orgs.province": "行政区划",
        "orgs.organisation": "单位",
        "orgs.recommendation": "推荐单位",
        "orgs.membership": "单位用户角色",
        "orgs.committeeprofile": "评审委员会信息",
        "orgs.committeecontact": "办事机构联系人",
        "orgs.committeescope": "可评审专业",
        "orgs.baseprofile": "继续教育基地信息",
    },
)
