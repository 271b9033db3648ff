"""The audit log's names for what the accounts app records (collected by `zhuanji.audit.labels`)."""

from zhuanji.audit.labels import register

register(
    "登录与账号",
    order=10,
    actions={
        "login": "登录成功",
        "login_failed": "登录失败",
        "login_locked": "账号锁定",  # before the back-off (issue 10): older rows only
        "login_throttled": "登录过于频繁被拒绝",
        "login_captcha_failed": "登录验证码错误",
        "logout": "退出登录",
        "password_change": "修改密码",
        "password_reset": "找回密码",
        "person_register": "个人注册",
        "person_profile_update": "修改个人信息",
        "unit_register": "单位注册",
        "unit_registration_approve": "单位注册审核通过",
        "unit_registration_refuse": "单位注册未通过",
        "staff_user_create": "新增单位用户",
        "recovery_code_send": "发送找回验证码",
        "recovery_code_verified": "找回验证码校验通过",
        "ticket_submit": "提交账号找回申请",
        "ticket_approve": "账号找回申请通过",
        "ticket_objection": "账号持有人对找回工单提出异议",
        "accounts.person_corrected": "更正个人信息（证书更正）",
        "accounts.person_photo": "更换一寸照",
        "accounts.sms_log_view": "查看短信记录",
    },
    object_types={
        "accounts.user": "用户",
        "accounts.person": "个人信息",
        "accounts.recoverychallenge": "找回验证",
        "accounts.recoveryticket": "账号找回工单",
        "accounts.passwordhistory": "历史密码",
        "accounts.throttlecounter": "登录限流计数",
        "accounts.smsmessage": "短信记录",
        "accounts.unitregistration": "单位注册",
    },
)
