"""The Chinese names of audit actions and object types: the one registry the audit log shows.

An entry stores codes (`hours.evidence_add`, `accounts.user`); the log shows these labels and keeps the
code in a tooltip. A code missing here is shown as is, and `tests/audit/test_labels.py` fails for any
action code written in the code base without a label, so add the label with the action.
"""

# Grouped by module, in the order the 操作 filter lists them.
ACTION_GROUPS: dict[str, dict[str, str]] = {
    "登录与账号": {
        "login": "登录成功",
        "login_failed": "登录失败",
        "login_locked": "账号锁定",
        "logout": "退出登录",
        "password_change": "修改密码",
        "password_reset": "找回密码",
        "person_register": "个人注册",
        "person_profile_update": "修改个人信息",
        "unit_register": "单位注册",
        "staff_user_create": "新增单位用户",
        "recovery_code_send": "发送找回验证码",
        "recovery_code_verified": "找回验证码校验通过",
        "ticket_submit": "提交账号找回申请",
        "ticket_approve": "账号找回申请通过",
        "ticket_reject": "账号找回申请驳回",
        "accounts.person_corrected": "更正个人信息（证书更正）",
    },
    "机构与用户": {
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
    },
    "专业目录": {
        "catalog.import": "导入专业目录",
        "catalog.qualification.exam_only": "设置以考代评",
    },
    "审核流程": {
        "reviews.case_open": "创建审核事项",
        "reviews.submit": "提交审核",
        "reviews.resubmit": "重新提交审核",
        "reviews.approve": "审核同意",
        "reviews.return": "退回",
        "reviews.withdraw": "收回",
    },
    "专业课学时认定": {
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
    },
    "证书": {
        "certificates.issue": "签发证书",
        "certificates.revoke": "废止证书",
        "certificates.bulk_create": "新增批量发证",
        "certificates.bulk_start": "开始批量发证",
        "certificates.request_loss": "申请证书丢失补办",
        "certificates.request_correction": "申请证书信息更正",
        "certificates.request_fulfilled": "补发证书",
    },
    "通知公告": {
        "notice.create": "新增通知公告",
        "notice.update": "修改通知公告",
        "notice.publish": "发布通知公告",
        "notice.unpublish": "撤回通知公告",
        "notice.delete": "删除通知公告",
    },
}

ACTIONS: dict[str, str] = {code: label for group in ACTION_GROUPS.values() for code, label in group.items()}

# `AuditEntry.object_type`: a model's `app_label.modelname`, or the name a service passes for what is not a row.
OBJECT_TYPES: dict[str, str] = {
    "accounts.user": "用户",
    "accounts.person": "个人信息",
    "accounts.recoverychallenge": "找回验证",
    "accounts.recoveryticket": "账号找回工单",
    "accounts.smsmessage": "短信记录",
    "orgs.region": "行政区划",
    "orgs.province": "行政区划",
    "orgs.organisation": "单位",
    "orgs.recommendation": "推荐单位",
    "orgs.membership": "单位用户角色",
    "catalog": "专业目录",
    "catalog.series": "系列",
    "catalog.specialty": "专业",
    "catalog.qualification": "资格",
    "reviews.case": "审核事项",
    "reviews.step": "流程日志",
    "hours.application": "学时认定申请",
    "hours.item": "学时项目",
    "hours.evidence": "佐证材料",
    "hours.recognizerrule": "学时认定单位配置",
    "certificates.certificate": "证书",
    "certificates.bulkissuejob": "批量发证批次",
    "certificates.bulkissueitem": "批量发证明细",
    "certificates.certificaterequest": "证书补办/更正申请",
    "certificates.requestevidence": "证明材料",
    "portal.notice": "通知公告",
}


def action_label(code: str) -> str:
    return ACTIONS.get(code, code)


def object_type_label(code: str) -> str:
    return OBJECT_TYPES.get(code, code)


def action_choices() -> list:
    """The 操作 filter's options, grouped by module (static: no query over the log)."""
    return [("", "全部操作"), *((group, list(actions.items())) for group, actions in ACTION_GROUPS.items())]
