"""The extended engine on the test-only organisation-owned filing: owners that are organisations, per-node
words, owner-held and skipped nodes, refuse, cancel, reopen, route changes, act-time guards, due times."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from tests.factories import OrganisationFactory, staff_of
from tests.reviews.docapp.models import FilingDocument
from tests.reviews.docapp.services import filing_create
from zhuanji.audit.models import AuditEntry
from zhuanji.orgs.acting import acting_as
from zhuanji.orgs.models import OrgKind, Role
from zhuanji.reviews import events
from zhuanji.reviews.models import Action, Case, CaseState
from zhuanji.reviews.selectors import case_diagram, case_queue, case_steps, case_withdrawable
from zhuanji.reviews.services import (
    NOT_EDITABLE,
    case_act,
    case_cancel,
    case_reopen,
    case_reroute,
    case_submit,
    case_withdraw,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def fw(world):
    """The world, with a second reviewing member and a clerk of the base, and a 地州级 base in 乌鲁木齐."""
    world.ce_base_reviewer = staff_of(world.ce_base, Role.REVIEWER, name="基地经办人")
    world.ce_base_clerk = staff_of(world.ce_base, Role.CLERK, name="基地查询员")
    world.prefecture_base = OrganisationFactory(kind=OrgKind.CE_BASE, name="乌鲁木齐职业培训学校", region=world.urumqi,
                                                parent=world.hr_bureau, base_level="prefecture")
    world.prefecture_base_admin = staff_of(world.prefecture_base, Role.ADMIN, name="地州基地管理员")
    return world


def _messages(exc_info) -> list[str]:
    return exc_info.value.messages


def _filing(fw, **kwargs) -> Case:
    return filing_create(actor=fw.ce_base_admin, owner=fw.ce_base, title="2023年第一期培训前备案", **kwargs).case


def _to_authority(fw, **kwargs) -> Case:
    case = case_submit(case=_filing(fw, **kwargs), actor=fw.ce_base_admin)
    case = case_act(case=case, actor=fw.competent_staff, decision="pass", opinion="初审通过")
    case = case_act(case=case, actor=fw.ce_base_reviewer, decision="uploaded")
    return case_act(case=case, actor=fw.competent_staff, decision="forward", opinion="同意报送")


def test_org_owned_filing_runs_its_route_in_each_node_s_words(fw):
    case = _filing(fw)
    assert (case.owner_org, case.submitter) == (fw.ce_base, fw.ce_base_admin)

    # Another member of the base holding the submit perm files it, not only its creator.
    case = case_submit(case=case, actor=fw.ce_base_reviewer)
    assert (case.node, case.current_org) == ("competent", fw.competent)

    case = case_act(case=case, actor=fw.competent_staff, decision="pass", opinion="初审通过")
    # The base itself holds the case mid-route: it is in the base's own 待办.
    assert (case.node, case.current_org, case.previous_org) == ("stamp", fw.ce_base, fw.competent)
    assert case in case_queue(user=fw.ce_base_reviewer)
    case = case_act(case=case, actor=fw.ce_base_reviewer, decision="uploaded", opinion="已盖章")
    assert FilingDocument.objects.get(case=case).stamped_form

    case = case_act(case=case, actor=fw.competent_staff, decision="forward", opinion="同意报送")
    assert (case.node, case.current_org) == ("authority", fw.hr_department)
    case = case_act(case=case, actor=fw.hr_department_staff, decision="pass", opinion="同意备案",
                    data={"result_date": datetime.date(2023, 5, 6)})
    assert case.state == CaseState.APPROVED
    assert FilingDocument.objects.get(case=case).result_date == datetime.date(2023, 5, 6)

    log = [(s.node_label, s.action_text, s.org) for s in case_steps(case)]
    assert log == [
        ("培训机构", "提交", fw.ce_base),
        ("主管单位初审", "通过", fw.competent),
        ("上传盖章申报表", "已上传盖章申报表", fw.ce_base),
        ("主管单位报送", "报送", fw.competent),
        ("人社部门终审", "通过", fw.hr_department),
        ("备案通过", "", None),
    ]
    first = case_diagram(case)[0]
    assert (first["label"], first["org"], first["state"]) == ("培训机构", fw.ce_base, "done")
    assert first["person"]  # the base's contact, for the tooltip


@pytest.mark.parametrize("who", ["ce_base_clerk", "unit_admin", "person", "competent_staff"])
def test_only_members_of_the_owner_with_the_submit_perm_file_it(fw, who):
    case = _filing(fw)
    with pytest.raises(ValidationError) as exc:
        case_submit(case=case, actor=getattr(fw, who))
    assert _messages(exc) == ["只有培训机构有权限的人员可以提交"]
    with pytest.raises(ValidationError):
        filing_create(actor=getattr(fw, who), owner=fw.ce_base, title="冒名备案")


def test_a_member_acting_as_another_organisation_cannot_file_for_the_owner(fw):
    # The unit's admin is also a member of the base; acting as the unit, they may not file the base's filing.
    fw.unit_admin.memberships.create(org=fw.ce_base, role=Role.ADMIN)
    case = _filing(fw)
    with pytest.raises(ValidationError):
        case_submit(case=case, actor=acting_as(fw.unit_admin, fw.unit))
    case = case_submit(case=case, actor=acting_as(fw.unit_admin, fw.ce_base))
    assert case.state == CaseState.PENDING


def test_another_member_resubmits_after_a_return_and_takes_it_back(fw):
    case = case_submit(case=_filing(fw), actor=fw.ce_base_admin)
    case = case_act(case=case, actor=fw.competent_staff, decision="return", opinion="请补充师资情况")
    assert case.state == CaseState.RETURNED
    case = case_submit(case=case, actor=fw.ce_base_reviewer)
    assert (case.node, case.previous_org) == ("competent", None)  # from the first node the owner takes it back
    assert case not in case_withdrawable(user=fw.ce_base_reviewer)  # the inbox tab lists forwarding orgs' cases
    case = case_withdraw(case=case, actor=fw.ce_base_reviewer)
    assert case.state == CaseState.WITHDRAWN


def test_withdraw_goes_back_over_an_owner_held_node(fw):
    case = case_submit(case=_filing(fw), actor=fw.ce_base_admin)
    case = case_act(case=case, actor=fw.competent_staff, decision="pass")
    case = case_act(case=case, actor=fw.ce_base_reviewer, decision="uploaded")
    assert case.previous_org == fw.ce_base
    case = case_withdraw(case=case, actor=fw.ce_base_admin)
    assert (case.node, case.current_org, case.previous_org) == ("stamp", fw.ce_base, fw.competent)
    case = case_withdraw(case=case, actor=fw.competent_staff)
    assert (case.node, case.current_org, case.previous_org) == ("competent", fw.competent, None)


def test_a_prefecture_level_filing_skips_to_its_bureau(fw):
    filing = filing_create(actor=fw.prefecture_base_admin, owner=fw.prefecture_base, title="地州级备案",
                           level=FilingDocument.Level.PREFECTURE)
    case = case_submit(case=filing.case, actor=fw.prefecture_base_admin)
    assert (case.node, case.current_org) == ("authority", fw.hr_bureau)
    assert [(box["label"], box["state"]) for box in case_diagram(case)] == [
        ("培训机构", "done"), ("主管单位初审", "skipped"), ("上传盖章申报表", "skipped"), ("主管单位报送", "skipped"),
        ("人社部门终审", "current"), ("备案通过", "todo")]
    # Its forwarder is the base itself: it takes it back from the bureau.
    case = case_withdraw(case=case, actor=fw.prefecture_base_admin)
    assert case.state == CaseState.WITHDRAWN


def test_refusal_is_final(fw):
    fired = []
    events.subscribe(events.REFUSED, fired.append)
    try:
        case = case_act(case=_to_authority(fw), actor=fw.hr_department_staff, decision="fail",
                        opinion="师资不符合要求")
    finally:
        events.unsubscribe(events.REFUSED, fired.append)
    assert (case.state, case.is_final, case.node_label) == (CaseState.REFUSED, True, "不通过")
    assert [e.case.pk for e in fired] == [case.pk]
    with pytest.raises(ValidationError):
        case_submit(case=case, actor=fw.ce_base_admin)
    with pytest.raises(ValidationError) as exc:
        case_act(case=_to_authority(fw), actor=fw.hr_department_staff, decision="fail", opinion=" ")
    assert _messages(exc) == ["请填写不通过原因"]


def test_the_owner_cancels_while_the_filing_is_with_it(fw):
    case = _filing(fw)
    with pytest.raises(ValidationError) as exc:
        case_cancel(case=case, actor=fw.unit_admin)
    assert _messages(exc) == ["只有培训机构有权限的人员可以撤销"]
    case = case_cancel(case=case, actor=fw.ce_base_reviewer, opinion="重新申报")
    assert case.state == CaseState.CANCELLED
    assert case.steps.get().action == Action.CANCEL
    pending = case_submit(case=_filing(fw), actor=fw.ce_base_admin)
    with pytest.raises(ValidationError):
        case_cancel(case=pending, actor=fw.ce_base_admin)  # with the reviewer now: 收回 first


def test_the_approving_organisation_reopens(fw):
    case = case_act(case=_to_authority(fw), actor=fw.hr_department_staff, decision="pass",
                    data={"result_date": datetime.date(2023, 5, 6)})
    for other in (fw.competent_staff, fw.ce_base_admin, fw.hr_bureau_staff):
        with pytest.raises(ValidationError) as exc:
            case_reopen(case=case, actor=other, opinion="改期")
        assert _messages(exc) == ["只有作出审核决定的单位可以重新打开"]
    with pytest.raises(ValidationError) as exc:
        case_reopen(case=case, actor=fw.hr_department_staff, opinion="")
    assert _messages(exc) == ["请填写重新打开原因"]
    case = case_reopen(case=case, actor=fw.hr_department_staff, opinion="报名截止时间需调整")
    assert (case.state, case.is_editable) == (CaseState.RETURNED, True)
    assert FilingDocument.objects.get(case=case).reopened == 1
    case = case_submit(case=case, actor=fw.ce_base_admin)
    assert (case.node, case.current_org) == ("competent", fw.competent)


def test_a_draft_changes_route_title_number_and_year_through_the_engine(fw):
    case = _filing(fw)
    case = case_reroute(case=case, actor=fw.ce_base_reviewer, title="2024年第一期培训前备案", year=2024,
                        number="FILING-X")
    fresh = Case.objects.get(pk=case.pk)
    assert (fresh.title, fresh.year, fresh.number) == ("2024年第一期培训前备案", 2024, "FILING-X")
    entry = AuditEntry.objects.filter(action="reviews.case_reroute").get()
    assert entry.before["year"] == 2023 and entry.after["year"] == 2024
    with pytest.raises(ValidationError) as exc:
        case_reroute(case=case, actor=fw.ce_base_admin, route_key="docapp.memo")
    assert _messages(exc) == ["不能改为另一类申报主体的业务"]
    case = case_submit(case=fresh, actor=fw.ce_base_admin)
    with pytest.raises(ValidationError) as exc:
        case_reroute(case=case, actor=fw.ce_base_admin, title="改名")
    assert _messages(exc) == [NOT_EDITABLE]


def test_the_final_node_may_not_receive_after_its_window_closed(fw):
    case = _to_authority(fw, window_closes=timezone.now() + datetime.timedelta(hours=1))
    FilingDocument.objects.filter(case=case).update(window_closes=timezone.now() - datetime.timedelta(minutes=1))
    with pytest.raises(ValidationError) as exc:
        case_act(case=case, actor=fw.hr_department_staff, decision="pass",
                 data={"result_date": datetime.date(2023, 5, 6)})
    assert _messages(exc) == ["已超过受理截止时间，不能办理"]
    assert Case.objects.get(pk=case.pk).state == CaseState.PENDING
    # Returning it stays possible: the base is told instead of the filing hanging.
    case = case_act(case=case, actor=fw.hr_department_staff, decision="return", opinion="已过截止时间，请下期申报")
    assert case.state == CaseState.RETURNED


def test_an_overdue_filing_is_cancelled_by_the_periodic_job(fw, capsys):
    case = _to_authority(fw, due_hours=24)
    assert case.due_at is not None and Case.objects.filter(pk=case.pk, due_at__isnull=False).exists()
    on_time = _to_authority(fw, due_hours=24)
    Case.objects.filter(pk=case.pk).update(due_at=timezone.now() - datetime.timedelta(minutes=1))
    call_command("run_periodic")
    assert "reviews.close_overdue: 1" in capsys.readouterr().out
    case.refresh_from_db()
    assert case.state == CaseState.CANCELLED
    last = case.steps.order_by("-seq").first()
    assert (last.action, last.handler, last.org) == (Action.CANCEL, None, fw.hr_department)
    assert "办理期限" in last.opinion
    assert AuditEntry.objects.filter(action="reviews.cancel", actor=None, object_id=str(case.pk)).exists()
    assert Case.objects.get(pk=on_time.pk).state == CaseState.PENDING


def test_the_celery_task_runs_the_same_jobs(fw):
    from zhuanji.common.tasks import run_periodic

    case = _to_authority(fw, due_hours=24)
    Case.objects.filter(pk=case.pk).update(due_at=timezone.now() - datetime.timedelta(minutes=1))
    assert run_periodic.apply().get()["reviews.close_overdue"] == 1  # among every app's jobs
    assert Case.objects.get(pk=case.pk).state == CaseState.CANCELLED


def test_a_reviewer_acts_only_as_the_organisation_the_case_is_at(fw):
    """A member of both 新疆大学 and 教育厅, acting as 新疆大学, cannot approve at 教育厅: switch role first."""
    fw.unit_admin.memberships.create(org=fw.competent, role=Role.REVIEWER)
    case = case_submit(case=_filing(fw), actor=fw.ce_base_admin)
    as_unit, as_competent = acting_as(fw.unit_admin, fw.unit), acting_as(fw.unit_admin, fw.competent)
    assert case not in case_queue(user=as_unit) and case in case_queue(user=as_competent)
    with pytest.raises(ValidationError) as exc:
        case_act(case=case, actor=as_unit, decision="pass")
    assert _messages(exc) == ["您不是当前审核单位的审核人员，无权办理该申请"]
    case = case_act(case=case, actor=as_competent, decision="pass")
    entry = AuditEntry.objects.filter(action="reviews.approve", object_id=str(case.pk)).get()
    assert (entry.actor, entry.org_id) == (fw.unit_admin, fw.competent.pk)


def _with_cancel_states(monkeypatch, states):
    """The filing's route as a module declares it with `cancel_states` (e.g. a committee's 事前备案)."""
    import dataclasses

    from tests.reviews.docapp.routes import FILING
    from zhuanji.reviews import routes

    monkeypatch.setitem(routes._REGISTRY, FILING.key, dataclasses.replace(FILING, cancel_states=frozenset(states)))


def test_may_cancel_honours_the_route_s_cancel_states(fw, monkeypatch):
    from zhuanji.reviews.access import may_cancel

    _with_cancel_states(monkeypatch, {CaseState.RETURNED})
    draft = _filing(fw)
    assert not may_cancel(draft, fw.ce_base_admin)
    with pytest.raises(ValidationError) as exc:
        case_cancel(case=draft, actor=fw.ce_base_admin)
    # The owner is told why (the state), not that only the owner may.
    assert _messages(exc) == ["该申请当前状态为“草稿”，不能撤销"]
    with pytest.raises(ValidationError) as exc:
        case_cancel(case=draft, actor=fw.unit_admin)
    assert _messages(exc) == ["只有培训机构有权限的人员可以撤销"]
    assert Case.objects.get(pk=draft.pk).state == CaseState.DRAFT

    case = case_submit(case=_filing(fw), actor=fw.ce_base_admin)
    case = case_act(case=case, actor=fw.competent_staff, decision="return", opinion="材料不全")
    assert may_cancel(case, fw.ce_base_reviewer) and not may_cancel(case, fw.unit_admin)
    case = case_cancel(case=case, actor=fw.ce_base_reviewer, opinion="不再申报")
    assert case.state == CaseState.CANCELLED


def _flow_log_html(case, actor, org, tag_args=""):
    from django.template import RequestContext, Template
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user, request.acting = actor, acting_as(actor, org)
    return Template("{% load reviews %}{% flow_log case " + tag_args + " %}").render(
        RequestContext(request, {"case": case}))


def test_flow_log_leaves_out_its_cancel_button_for_a_page_with_its_own(fw):
    from django.urls import reverse

    case = _filing(fw)
    cancel_url = reverse("reviews:cancel", args=[case.pk])
    assert cancel_url in _flow_log_html(case, fw.ce_base_admin, fw.ce_base)
    body = _flow_log_html(case, fw.ce_base_admin, fw.ce_base, "cancel=False")
    assert cancel_url not in body and "流程日志" in body


def test_batch_says_what_each_node_did(fw, login):
    from django.urls import reverse

    at_competent = [case_submit(case=_filing(fw), actor=fw.ce_base_admin) for _ in range(2)]
    client = login(fw.competent_staff)
    response = client.post(reverse("reviews:batch"), {"ids": [c.pk for c in at_competent], "action": "approve",
                                                      "opinion": "初审通过"}, follow=True)
    assert "已批量通过2条" in response.content.decode()  # the node's 通过, not the generic 同意
    assert {c.node for c in Case.objects.filter(pk__in=[c.pk for c in at_competent])} == {"stamp"}

    # Two nodes of one organisation with different words (通过 / 报送): the message names neither.
    forwarding = case_act(case=case_submit(case=_filing(fw), actor=fw.ce_base_admin), actor=fw.competent_staff,
                          decision="pass")
    forwarding = case_act(case=forwarding, actor=fw.ce_base_reviewer, decision="uploaded")
    first = case_submit(case=_filing(fw), actor=fw.ce_base_admin)
    response = client.post(reverse("reviews:batch"), {"ids": [first.pk, forwarding.pk], "action": "approve"},
                           follow=True)
    body = response.content.decode()
    assert "已批量办理2条" in body and "已批量通过" not in body

    # Only what was done is counted and named: a refused return says nothing of 退回.
    response = client.post(reverse("reviews:batch"), {"ids": [case_submit(case=_filing(fw),
                                                                           actor=fw.ce_base_admin).pk],
                                                      "action": "return"}, follow=True)
    body = response.content.decode()
    assert "请填写退回意见" in body and "已批量" not in body
