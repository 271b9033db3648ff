"""The permission tables, pinned: collecting every app's declarations must build exactly these (a change to who
may do what shows here as a reviewed diff)."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from zhuanji.orgs import registry
from zhuanji.orgs.models import OrgKind, Role
from zhuanji.orgs.registry import KIND_PERMISSIONS, LABELS, PERSON_PERMISSIONS, ROLE_PERMISSIONS, Permission

REVIEWING = {"reviews.act", "reviews.query"}
ISSUING = {"certificates.issue", "certificates.view_issued"}
PLATFORM = {"orgs.manage_users", "portal.manage_notices", "platform.manage_orgs", "platform.manage_catalog",
            "platform.review_tickets", "platform.view_audit", "platform.view_sms", "platform.manage_api_clients",
            "accounts.review_units", "certificates.manage_keys"}
RECOGNIZING = {"hours.recognize", "hours.credit"}
FILING = "filings.file"  # 评审工作事前备案: any member of a committee files it in the committee's name
FILING_REVIEW = "filings.review"  # the title office of the committee's level receives or returns it

PINNED_KINDS = {
    OrgKind.PLATFORM: PLATFORM,
    OrgKind.HR_DEPARTMENT: {"orgs.manage_users", *REVIEWING, *RECOGNIZING, *ISSUING, "portal.manage_notices",
                            "accounts.review_units"},
    OrgKind.HR_BUREAU: {"orgs.manage_users", *REVIEWING, *RECOGNIZING, *ISSUING, "portal.manage_notices",
                        "accounts.review_units"},
    OrgKind.TITLE_OFFICE: {"orgs.manage_users", *REVIEWING, *ISSUING, "orgs.manage_committees", FILING_REVIEW},
    OrgKind.COMPETENT_DEPARTMENT: {"orgs.manage_users", *REVIEWING, *RECOGNIZING, *ISSUING},
    OrgKind.COMMITTEE: {"orgs.manage_users", *REVIEWING, "orgs.view_committee", FILING},
    OrgKind.CE_BASE: {"orgs.manage_users", *REVIEWING, *ISSUING},
    OrgKind.UNIT: {"orgs.manage_users", *REVIEWING, "orgs.manage_unit", "hours.review", "hours.view_unit_accounts"},
}

PINNED_ROLES = {
    Role.ADMIN: None,
    Role.REVIEWER: {*REVIEWING, "hours.review", *RECOGNIZING, *ISSUING, "platform.review_tickets", "platform.view_sms",
                    "orgs.manage_committees", "orgs.view_committee", "accounts.review_units", FILING, FILING_REVIEW},
    Role.CLERK: {"reviews.query", "certificates.view_issued", "orgs.view_committee", FILING},
}

PINNED_PERSON = {"person.profile", "hours.apply", "hours.account", "certificates.own", "titles.apply"}


def test_kind_table_is_unchanged():
    assert {kind: frozenset(perms) for kind, perms in PINNED_KINDS.items()} == KIND_PERMISSIONS


def test_role_table_is_unchanged():
    assert {role: perms and frozenset(perms) for role, perms in PINNED_ROLES.items()} == ROLE_PERMISSIONS


def test_person_permissions_are_unchanged():
    assert PERSON_PERMISSIONS == PINNED_PERSON


def test_labels_are_unchanged_and_every_codename_has_one():
    assert {c: LABELS[c] for c in PINNED_LABELS} == PINNED_LABELS
    assert set(LABELS) == set(PINNED_LABELS) | PINNED_PERSON


def test_a_codename_declared_twice_stops_start_up(monkeypatch):
    twice = (Permission("orgs.manage_unit", "单位信息维护", kinds=(OrgKind.UNIT,)), Permission("orgs.manage_unit", "x"))
    monkeypatch.setattr(registry, "declared", lambda module, attr: iter(twice))
    with pytest.raises(ImproperlyConfigured, match="orgs.manage_unit"):
        registry.collect()
    assert LABELS["orgs.manage_unit"] == "单位信息维护"  # the tables are left as they were


PINNED_LABELS = {
    "orgs.manage_users": "我的用户管理",
    "orgs.manage_unit": "单位信息维护",
    "orgs.manage_committees": "评审委员会管理",
    "orgs.view_committee": "本评审委员会信息",
    "reviews.act": "审核办理",
    "reviews.query": "审核查询",
    "hours.review": "学时认定单位审核",
    "hours.recognize": "学时认定认定审核",
    "certificates.issue": "证书签发",
    "certificates.view_issued": "已发证书查询",
    "portal.manage_notices": "通知公告管理",
    "platform.manage_orgs": "机构管理",
    "platform.manage_catalog": "职称目录管理",
    "platform.review_tickets": "工单审核",
    "platform.view_audit": "审计日志",
    "platform.view_sms": "短信记录",
    "accounts.review_units": "单位注册审核",
    "hours.credit": "记入学时",
    "hours.view_unit_accounts": "单位学时查询",
    "platform.manage_api_clients": "接口客户端管理",
    "certificates.manage_keys": "签名密钥管理",
    "filings.file": "评审工作事前备案",
    "filings.review": "评审工作事前备案审核",
}


def test_filings_go_to_committee_members_and_title_office_reviewers():
    """评审工作事前备案 is filed by any member of a committee (the seed: the 组建单位's administrator acts for it)
    and received or returned by the title office's reviewers, not its clerks."""
    assert registry.granted(OrgKind.COMMITTEE, Role.ADMIN) >= {FILING}
    assert FILING in registry.granted(OrgKind.COMMITTEE, Role.REVIEWER)
    assert FILING in registry.granted(OrgKind.COMMITTEE, Role.CLERK)
    assert FILING_REVIEW in registry.granted(OrgKind.TITLE_OFFICE, Role.REVIEWER)
    assert FILING_REVIEW in registry.granted(OrgKind.TITLE_OFFICE, Role.ADMIN)
    assert FILING_REVIEW not in registry.granted(OrgKind.TITLE_OFFICE, Role.CLERK)
    for kind in set(OrgKind.values) - {OrgKind.COMMITTEE}:
        assert not any(FILING in registry.granted(kind, role) for role in Role.values), kind
    for kind in set(OrgKind.values) - {OrgKind.TITLE_OFFICE}:
        assert not any(FILING_REVIEW in registry.granted(kind, role) for role in Role.values), kind
