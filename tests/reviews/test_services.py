import threading
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from tests.reviews.docapp.models import MemoDocument
from tests.reviews.docapp.services import memo_update
from zhuanji.audit.models import AuditEntry
from zhuanji.audit.services import SYSTEM
from zhuanji.reviews.models import FROM_STATES, Action, Case, CaseState, Step
from zhuanji.reviews.services import (
    STALE,
    case_act,
    case_approve,
    case_assert_editable,
    case_batch,
    case_cancel,
    case_reopen,
    case_return,
    case_submit,
    case_withdraw,
    illegal_message,
)

pytestmark = pytest.mark.django_db


def _messages(exc_info) -> list[str]:
    return exc_info.value.messages


def _unchanged(case: Case):
    """Assert the case row and its log are exactly as `case` last saw them."""
    fresh = Case.objects.get(pk=case.pk)
    assert (fresh.state, fresh.node, fresh.current_org_id, fresh.version) == (
        case.state, case.node, case.current_org_id, case.version)
    assert Step.objects.filter(case=case).count() == case.steps.count()


def test_full_route_to_approval(make_memo, memo_world):
    w = memo_world
    m = make_memo("draft")
    assert m.case.state == CaseState.DRAFT and m.case.is_editable

    case = case_submit(case=m.case, actor=w.person)
    assert (case.state, case.node, case.current_org) == (CaseState.PENDING, "unit", w.unit)
    assert case.submitted_at is not None and not case.is_editable

    case = case_approve(case=case, actor=w.unit_admin, opinion="同意推荐", next_org=w.competent)
    assert (case.node, case.current_org, case.previous_org) == ("recommender", w.competent, w.unit)

    case = case_approve(case=case, actor=w.competent_staff)
    assert (case.node, case.current_org) == ("office", w.title_office)

    case = case_approve(case=case, actor=w.title_office_staff, opinion="材料齐全")
    assert (case.state, case.node, case.current_org) == (CaseState.APPROVED, "", None)
    assert MemoDocument.objects.get(pk=m.memo.pk).approved_by == w.title_office_staff

    steps = list(case.steps.order_by("seq"))
    assert [(s.node_label, s.action, s.org) for s in steps] == [
        ("申请人", Action.SUBMIT, None),
        ("基层单位", Action.APPROVE, w.unit),
        ("推荐单位", Action.APPROVE, w.competent),
        ("职称办公室", Action.APPROVE, w.title_office),
    ]
    assert steps[1].opinion == "同意推荐" and steps[1].handler == w.unit_admin
    # Each stretch starts where the previous one ended: the log has no gaps.
    assert all(a.ended_at == b.started_at for a, b in zip(steps, steps[1:], strict=False))
    assert case.version == 4
    assert list(AuditEntry.objects.filter(object_type="reviews.case", object_id=str(case.pk))
                .order_by("id").values_list("action", flat=True)) == [
        "reviews.case_open", "reviews.submit", "reviews.approve", "reviews.approve", "reviews.approve"]


def _case_in(make_memo, state):
    """A case in `state`, and the user who would take each action on it if it were legal."""
    if state == CaseState.DRAFT:
        return make_memo("draft").case
    if state == CaseState.PENDING:
        return make_memo("unit").case
    if state == CaseState.APPROVED:
        return make_memo("approved").case
    if state == CaseState.CANCELLED:
        return case_cancel(case=make_memo("unit").case, actor=SYSTEM, opinion="超期未办理")
    case = make_memo("unit").case
    if state == CaseState.REFUSED:
        return case_act(case=case, actor=case.current_org.memberships.get().user, decision="reject",
                        opinion="不符合条件")
    w_person = case.submitter
    if state == CaseState.RETURNED:
        unit_admin = case.current_org.memberships.get().user
        return case_return(case=case, actor=unit_admin, opinion="材料不全")
    return case_withdraw(case=case, actor=w_person)


# Where each action leaves the memo case (approve and withdraw depend on the node).
RESULT_STATES = {
    Action.SUBMIT: {CaseState.PENDING},
    Action.APPROVE: {CaseState.PENDING, CaseState.APPROVED},
    Action.RETURN: {CaseState.RETURNED},
    Action.REFUSE: {CaseState.REFUSED},
    Action.WITHDRAW: {CaseState.PENDING, CaseState.WITHDRAWN},
    Action.CANCEL: {CaseState.CANCELLED},
    Action.REOPEN: {CaseState.RETURNED},
}


def _take(action, case, w):
    """`action` by the one who may take it on the memo route (the system cancels: memos are not cancellable)."""
    if action == Action.SUBMIT:
        return case_submit(case=case, actor=w.person)
    if action == Action.APPROVE:
        return case_approve(case=case, actor=w.unit_admin, next_org=w.competent)
    if action == Action.RETURN:
        return case_return(case=case, actor=w.unit_admin, opinion="请补充材料")
    if action == Action.REFUSE:
        return case_act(case=case, actor=w.unit_admin, decision="reject", opinion="不符合条件")
    if action == Action.CANCEL:
        return case_cancel(case=case, actor=SYSTEM, opinion="超期未办理")
    if action == Action.REOPEN:
        return case_reopen(case=case, actor=w.title_office_staff, opinion="请修改截止日期")
    return case_withdraw(case=case, actor=w.person)


@pytest.mark.parametrize("state", CaseState.values)
@pytest.mark.parametrize("action", list(FROM_STATES))
def test_transition_table(make_memo, memo_world, state, action):
    """Every (state, action) pair: legal ones move the case as the table says, illegal ones change nothing."""
    case = _case_in(make_memo, state)
    assert case.state == state
    if state in FROM_STATES[action]:
        moved = _take(action, case, memo_world)
        assert moved.state in RESULT_STATES[action]
        assert moved.version == case.version + 1
        assert moved.steps.order_by("-seq").first().action in (action, Action.RESUBMIT)
    else:
        with pytest.raises(ValidationError) as exc:
            _take(action, case, memo_world)
        assert _messages(exc) == [illegal_message(state, action)]
        _unchanged(case)


def test_resubmission_after_return_starts_again_at_first_node(make_memo, memo_world):
    w = memo_world
    case = make_memo("recommender").case
    case = case_return(case=case, actor=w.competent_staff, opinion="论文材料不全，请补充")
    assert (case.state, case.current_org, case.is_editable) == (CaseState.RETURNED, None, True)
    assert MemoDocument.objects.get(case=case).times_returned == 1
    case = case_submit(case=case, actor=w.person)
    assert (case.node, case.current_org) == ("unit", w.unit)
    last = case.steps.order_by("-seq").first()
    assert last.action == Action.RESUBMIT


def test_return_requires_opinion(make_memo, memo_world):
    case = make_memo("unit").case
    with pytest.raises(ValidationError) as exc:
        case_return(case=case, actor=memo_world.unit_admin, opinion="   ")
    assert _messages(exc) == ["请填写退回意见"]
    _unchanged(case)


def test_opinion_length_is_limited(make_memo, memo_world):
    case = make_memo("unit").case
    with pytest.raises(ValidationError) as exc:
        case_approve(case=case, actor=memo_world.unit_admin, opinion="很" * 501, next_org=memo_world.competent)
    assert _messages(exc) == ["办理意见不能超过500个字"]
    _unchanged(case)


def test_choosing_node_needs_a_valid_choice(make_memo, memo_world):
    w = memo_world
    case = make_memo("unit").case
    with pytest.raises(ValidationError) as exc:
        case_approve(case=case, actor=w.unit_admin)
    assert _messages(exc) == ["请选择提交单位"]
    with pytest.raises(ValidationError) as exc:
        case_approve(case=case, actor=w.unit_admin, next_org=w.committee)
    assert _messages(exc) == ["所选提交单位不在可选范围内，请重新选择"]
    _unchanged(case)
    case = case_approve(case=case, actor=w.unit_admin, next_org=w.hr_bureau)
    assert case.current_org == w.hr_bureau


def test_node_without_candidates_is_refused(make_memo, memo_world):
    w = memo_world
    case = make_memo("unit").case
    at_recommender = make_memo("recommender").case
    w.unit.recommendation_links.all().delete()
    with pytest.raises(ValidationError) as exc:
        case_approve(case=case, actor=w.unit_admin, next_org=w.competent)
    assert _messages(exc) == ["所选提交单位不在可选范围内，请重新选择"]
    w.title_office.is_active = False
    w.title_office.save()
    with pytest.raises(ValidationError) as exc:
        case_approve(case=at_recommender, actor=w.competent_staff)
    assert _messages(exc) == ["未找到可办理的职称办公室，请联系所在地人社部门"]
    _unchanged(at_recommender)


@pytest.mark.parametrize("who", ["other_unit_admin", "person", "competent_staff", "platform_admin"])
def test_only_members_of_the_current_org_act(make_memo, memo_world, who):
    case = make_memo("unit").case
    actor = getattr(memo_world, who)
    for service, kwargs in ((case_approve, {"next_org": memo_world.competent}), (case_return, {"opinion": "不同意"})):
        with pytest.raises(ValidationError) as exc:
            service(case=case, actor=actor, **kwargs)
        assert _messages(exc) == ["您不是当前审核单位的审核人员，无权办理该申请"]
    _unchanged(case)


def test_only_the_submitter_submits(make_memo, memo_world):
    case = make_memo("draft").case
    with pytest.raises(ValidationError) as exc:
        case_submit(case=case, actor=memo_world.other_person)
    assert _messages(exc) == ["只有申请人本人可以提交"]
    _unchanged(case)


def test_unit_with_incomplete_info_cannot_review(make_memo, memo_world):
    w = memo_world
    case = make_memo("unit").case
    w.unit.legal_representative = ""
    w.unit.save()
    with pytest.raises(ValidationError) as exc:
        case_approve(case=case, actor=w.unit_admin, next_org=w.competent)
    assert _messages(exc) == ["单位信息不完整，请先完善单位信息后再审核"]
    with pytest.raises(ValidationError):
        case_return(case=case, actor=w.unit_admin, opinion="退回")
    _unchanged(case)


def test_guard_refuses_forwarding_into_closed_node(make_memo, memo_world):
    m = make_memo("recommender")
    MemoDocument.objects.filter(pk=m.memo.pk).update(window_open=False)
    with pytest.raises(ValidationError) as exc:
        case_approve(case=m.case, actor=memo_world.competent_staff)
    assert _messages(exc) == ["当前不在材料接收时间内"]
    _unchanged(m.case)


def test_forwarding_org_withdraws_until_next_node_acts(make_memo, memo_world):
    w = memo_world
    case = make_memo("recommender").case
    with pytest.raises(ValidationError) as exc:
        case_withdraw(case=case, actor=w.person)
    assert _messages(exc) == ["只有提交该申请的单位或申请人可以收回"]

    case = case_withdraw(case=case, actor=w.unit_admin)
    assert (case.state, case.node, case.current_org, case.previous_org) == (CaseState.PENDING, "unit", w.unit, None)
    last = case.steps.order_by("-seq").first()
    assert (last.action, last.org, last.handler) == (Action.WITHDRAW, w.competent, w.unit_admin)

    # Back at the unit it may forward again, this time to the other 推荐单位; once that node acts it is too late.
    case = case_approve(case=case, actor=w.unit_admin, next_org=w.hr_bureau)
    case = case_approve(case=case, actor=w.hr_bureau_staff)
    with pytest.raises(ValidationError) as exc:
        case_withdraw(case=case, actor=w.unit_admin)
    assert _messages(exc) == ["只有提交该申请的单位或申请人可以收回"]
    _unchanged(case)


def test_withdraw_restores_the_earlier_forwarder(make_memo, memo_world):
    w = memo_world
    case = make_memo("office").case
    case = case_withdraw(case=case, actor=w.competent_staff)
    assert (case.node, case.current_org, case.previous_org) == ("recommender", w.competent, w.unit)
    case = case_withdraw(case=case, actor=w.unit_admin)
    assert (case.node, case.current_org, case.previous_org) == ("unit", w.unit, None)


def test_submitter_withdraws_before_first_node_acts(make_memo, memo_world):
    w = memo_world
    m = make_memo("unit")
    case = case_withdraw(case=m.case, actor=w.person)
    assert (case.state, case.is_editable) == (CaseState.WITHDRAWN, True)
    memo_update(actor=w.person, memo=MemoDocument.objects.get(pk=m.memo.pk), title="修改后的备忘录")
    case = case_submit(case=case, actor=w.person)
    assert case.state == CaseState.PENDING


@pytest.mark.parametrize("stage", ["unit", "recommender", "approved"])
def test_submitter_cannot_edit_after_submission(make_memo, memo_world, stage):
    m = make_memo(stage)
    memo = MemoDocument.objects.get(pk=m.memo.pk)
    with pytest.raises(ValidationError) as exc:
        memo_update(actor=memo_world.person, memo=memo, title="偷偷修改")
    assert _messages(exc) == ["已提交的材料不能修改"]
    assert MemoDocument.objects.get(pk=m.memo.pk).title == "关于申报材料的备忘录"


def test_editable_states_allow_edits(make_memo, memo_world):
    m = make_memo("unit")
    case = case_return(case=m.case, actor=memo_world.unit_admin, opinion="补充材料")
    case_assert_editable(case)
    memo_update(actor=memo_world.person, memo=MemoDocument.objects.get(pk=m.memo.pk), title="补充后的备忘录")
    assert MemoDocument.objects.get(pk=m.memo.pk).title == "补充后的备忘录"


def test_stale_snapshot_loses(make_memo, memo_world):
    """Two reviewers open the same case; the second to click is told to refresh, nothing else changes."""
    w = memo_world
    case = make_memo("unit").case
    first, second = Case.objects.get(pk=case.pk), Case.objects.get(pk=case.pk)
    case_approve(case=first, actor=w.unit_admin, next_org=w.competent)
    staff_two = w.unit.memberships.create(user=w.other_person, role="reviewer").user
    with pytest.raises(ValidationError) as exc:
        case_return(case=second, actor=staff_two, opinion="退回")
    assert _messages(exc) == [STALE]
    fresh = Case.objects.get(pk=case.pk)
    assert (fresh.node, fresh.version) == ("recommender", case.version + 1)


def test_expected_version_is_checked(make_memo, memo_world):
    case = make_memo("unit").case
    with pytest.raises(ValidationError) as exc:
        case_approve(case=case, actor=memo_world.unit_admin, next_org=memo_world.competent,
                     expected_version=case.version - 1)
    assert _messages(exc) == [STALE]
    _unchanged(case)
    moved = case_approve(case=case, actor=memo_world.unit_admin, next_org=memo_world.competent,
                         expected_version=case.version)
    assert moved.node == "recommender"


def test_batch_reports_per_case(make_memo, memo_world):
    w = memo_world
    at_office = [make_memo("office").case for _ in range(2)]
    at_unit = make_memo("unit").case  # not at the title office: refused, the others go through
    results = case_batch(cases=[*at_office, at_unit], action=Action.APPROVE, actor=w.title_office_staff,
                         opinion="同意")
    assert [error for _, error in results] == [None, None, "您不是当前审核单位的审核人员，无权办理该申请"]
    assert [c.state for c, _ in results[:2]] == [CaseState.APPROVED, CaseState.APPROVED]

    # A node that must choose its next organisation cannot be batch-approved without a choice.
    results = case_batch(cases=[at_unit], action=Action.APPROVE, actor=w.unit_admin)
    assert results[0][1] == "请选择提交单位"

    results = case_batch(cases=[at_unit], action=Action.RETURN, actor=w.unit_admin, opinion="")
    assert results[0][1] == "请填写退回意见"
    results = case_batch(cases=[at_unit], action=Action.RETURN, actor=w.unit_admin, opinion="统一退回")
    assert results[0][0].state == CaseState.RETURNED

    with pytest.raises(ValidationError):
        case_batch(cases=[at_unit], action=Action.WITHDRAW, actor=w.unit_admin)


def test_step_duration(make_memo, memo_world):
    case = make_memo("unit").case
    step = case.steps.get()
    step.ended_at = step.started_at + timedelta(days=9, hours=18, minutes=44, seconds=14)
    assert step.duration_text == "9天18小时44分14秒"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="real row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_reviewers_at_once_on_postgresql(make_memo, memo_world):
    """Two threads approve the same snapshot at the same moment: the row lock lets exactly one through."""
    w = memo_world
    case = make_memo("unit").case
    second_reviewer = w.unit.memberships.create(user=w.other_person, role="reviewer").user
    barrier = threading.Barrier(2)
    outcomes = []

    def act(user, kwargs):
        snapshot = Case.objects.get(pk=case.pk)
        barrier.wait()
        try:
            if kwargs:
                case_approve(case=snapshot, actor=user, **kwargs)
            else:
                case_return(case=snapshot, actor=user, opinion="退回")
            outcomes.append("ok")
        except ValidationError as exc:
            outcomes.append(exc.messages[0])
        finally:
            connections.close_all()

    threads = [threading.Thread(target=act, args=(w.unit_admin, {"next_org": w.competent})),
               threading.Thread(target=act, args=(second_reviewer, {}))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == sorted(["ok", STALE])
    assert Case.objects.get(pk=case.pk).version == case.version + 1
    assert Step.objects.filter(case=case).count() == 2
