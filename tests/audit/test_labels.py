"""Every audit action the code writes has a Chinese label, and the log shows labels, not codes."""

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from zhuanji.audit import labels
from zhuanji.audit.services import record
from zhuanji.certificates.models import CertificateRequest
from zhuanji.reviews.models import Action

SRC = Path(labels.__file__).resolve().parent.parent

# `action="a.b"`, also `action="a.b" if x else "a.c"`, and `audit_action=` where a service passes the code on to
# `record`; argparse's `add_argument(..., action="store_true")` is not ours.
LITERAL = re.compile(r'\b(?:audit_)?action=("[^"]+"(?:\s+if\s+[^,()]+?\s+else\s+"[^"]+")?)')
DYNAMIC = re.compile(r'\b(?:audit_)?action=f"([^"]+)"')
ARGPARSE = {"store_true", "store_false", "store_const", "append", "count"}
# The f-string actions and every code they can produce (a new one must be added here, and labelled).
DYNAMIC_ACTIONS = {
    "reviews.{action}": {f"reviews.{a}" for a in (Action.SUBMIT, Action.RESUBMIT)},
    "certificates.request_{kind}": {f"certificates.request_{k}" for k in CertificateRequest.Kind.values},
}


def source_files():
    return [p for p in SRC.rglob("*.py") if "migrations" not in p.parts]


def literal_actions() -> set[str]:
    found = set()
    for path in source_files():
        for expression in LITERAL.findall(path.read_text(encoding="utf-8")):
            found.update(re.findall(r'"([^"]+)"', expression))
    return found - ARGPARSE


def test_the_walk_finds_the_actions():
    found = literal_actions()
    assert {"login_failed", "hours.evidence_add", "orgs.user_enable", "orgs.user_disable", "notice.publish"} <= found


def test_every_action_written_in_the_code_has_a_chinese_label():
    missing = sorted(a for a in literal_actions() if a not in labels.actions())
    assert not missing, f"label these actions in their app's audit_labels.py: {missing}"


def test_every_dynamic_action_is_known_and_labelled():
    templates = {t for path in source_files() for t in DYNAMIC.findall(path.read_text(encoding="utf-8"))}
    assert templates == set(DYNAMIC_ACTIONS), "a new f-string action: list what it produces in DYNAMIC_ACTIONS"
    missing = sorted(a for codes in DYNAMIC_ACTIONS.values() for a in codes if a not in labels.actions())
    assert not missing, f"label these actions in their app's audit_labels.py: {missing}"


def test_every_model_of_the_project_has_a_chinese_object_type():
    skip = {"common.counter", "audit.audithead"}
    models = {m._meta.label_lower for m in apps.get_models() if m.__module__.startswith("zhuanji.")} - skip
    assert not sorted(models - set(labels.object_types()))


def test_each_app_declares_its_group_in_the_filter_order():
    groups = [group for group, _ in labels.action_choices()[1:]]
    assert groups == ["登录与账号", "机构与用户", "专业目录", "审核流程", "评审工作事前备案", "专业课学时认定", "证书",
                      "通知公告", "附件", "接口对接", "安全审计"]
    assert labels.action_label("reviews.refuse") == "审核不通过"  # from zhuanji/reviews/audit_labels.py


@pytest.mark.parametrize(("group", "declared", "clash"), [
    ("新模块", {"actions": {"orgs.org_create": "新建机构"}}, "机构与用户 and 新模块: ['orgs.org_create']"),
    ("新模块", {"object_types": {"hours.item": "项目"}}, "专业课学时认定 and 新模块: ['hours.item']"),
    ("证书", {}, "证书 and 证书: ['证书']"),
])
def test_what_another_app_already_declares_is_refused_at_collection(group, declared, clash):
    labels.actions()  # every app's audit_labels.py registered
    with pytest.raises(ImproperlyConfigured, match=re.escape(clash)):
        labels.register(group, order=80, **{"actions": {}, "object_types": {}, **declared})
    assert "新模块" not in dict(labels.action_choices()[1:])


def test_labels_fall_back_to_the_code():
    assert labels.action_label("login_failed") == "登录失败"
    assert labels.action_label("x.unknown") == "x.unknown"
    assert labels.object_type_label("accounts.user") == "用户"
    assert labels.object_type_label("x.thing") == "x.thing"


def test_list_and_detail_show_labels_with_the_code_as_tooltip(world, login):
    entry = record(actor=world.person, action="hours.evidence_add", obj=world.person)
    client = login(world.platform_admin)
    html = client.get(reverse("audit:list")).content.decode()
    assert '<span title="hours.evidence_add">新增佐证材料</span>' in html
    assert '<span title="accounts.user">用户</span>' in html
    html = client.get(reverse("audit:detail", args=[entry.pk])).content.decode()
    assert '<span title="hours.evidence_add">新增佐证材料</span>' in html
    assert '<span title="accounts.user">用户</span>' in html


def test_action_filter_is_a_select_of_labelled_actions(world, login):
    html = login(world.platform_admin).get(reverse("audit:list"), {"action": "login_failed"}).content.decode()
    select = html[html.index('<select name="action"'):]
    select = select[:select.index("</select>")]
    assert '<optgroup label="登录与账号">' in select
    assert '<option value="login_failed" selected>登录失败</option>' in select
    assert select.count("<option") == len(labels.actions()) + 1
