"""Every case transition: submit, a node's decisions, 收回, 撤销, 重新打开, batch actions and route changes.

Each runs in one transaction that locks the case row (`select_for_update`), checks the state the caller
saw (and `expected_version` when given) against the locked row, checks the actor as the organisation
they act for, appends a `Step` in the node's words, moves the case with a version-guarded update, fires
the transition's event (routes' hooks run inside the transaction) and writes the audit row.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from zhuanji.audit.services import SYSTEM, record
from zhuanji.orgs.models import Organisation, OrgKind

from . import events
from .access import (
    acting,
    forwarders,
    is_owner,
    is_system,
    last_approval,
    may_cancel,
    may_decide,
    may_reopen,
    may_withdraw,
)
from .models import EDITABLE_STATES, FROM_STATES, SUBMITTER_NODE, Action, Case, CaseState, Step
from .routes import OVERDUE_CANCEL, Decision, Kind, Node, Route, get_route
from .selectors import case_next_candidates, next_node

STALE = "该申请已被他人办理，请刷新后重试"
NOT_EDITABLE = "已提交的材料不能修改"
OPINION_MAX = 500
_SNAPSHOT = ("state", "node", "current_org_id", "previous_org_id", "version")
FORBIDDEN = {
    "decide": "您不是当前审核单位的审核人员，无权办理该申请",
    "withdraw": "只有提交该申请的单位或申请人可以收回",
    "reopen": "只有作出审核决定的单位可以重新打开",
}


def _fail(message: str, code: str = "invalid"):
    raise ValidationError(message, code=code)


def _not_owner(route: Route, verb: str):
    who = f"{route.submitter_label}有权限的人员" if route.org_owned else "申请人本人"
    _fail(f"只有{who}可以{verb}", "forbidden")


def _check_state(case: Case, action: str) -> None:
    if case.state not in FROM_STATES[action]:
        _fail(illegal_message(case.state, action), "illegal")


NODE_ACTIONS = frozenset({Action.APPROVE, Action.RETURN, Action.REFUSE})


def illegal_message(state: str, action: str) -> str:
    """The refusal shown when `action` is not allowed from `state`."""
    if action == Action.SUBMIT and state == CaseState.PENDING:
        return "该申请已提交，正在审核中，不能重复提交"
    if state == CaseState.APPROVED and action != Action.REOPEN:
        return "该申请已审核通过，不能再办理"
    # A node's decisions have words of their own (接收材料, 不予受理 …): off the node, they are all 办理.
    verb = "办理" if action in NODE_ACTIONS else Action(action).label
    return f"该申请当前状态为“{CaseState(state).label}”，不能{verb}"


def case_assert_editable(case: Case) -> None:
    """Document services call this, inside their transaction, before changing a document.

    It re-reads the case under a row lock, so an edit racing a submission either finishes before the
    submission or is refused: after submission only reviewers act on the document.
    """
    state = Case.objects.select_for_update().values_list("state", flat=True).get(pk=case.pk)
    if state not in EDITABLE_STATES:
        _fail(NOT_EDITABLE, "not_editable")


def case_open(*, route_key: str, document, year: int, number: str, title: str, submitter=None,
              owner_org: Organisation | None = None) -> Case:
    """Create the draft case of a new document and save the document linked to it.

    A person's document names its `submitter`; an organisation's names its `owner_org` (and the member
    who created it as `submitter`, for the record); an anonymous one (a recovery ticket) names neither.
    """
    route = get_route(route_key)
    if route.org_owned != (owner_org is not None):
        need = "required" if route.org_owned else "not used"
        raise ValueError(f"route {route.key}: an owning organisation is {need}")
    if owner_org is not None and (submitter is None or not is_owner(Case(route=route.key, owner_org=owner_org),
                                                                     submitter)):
        _not_owner(route, "填报")
    submitter = None if submitter is None else acting(submitter).user
    with transaction.atomic():
        now = timezone.now()
        case = Case(route=route.key, submitter=submitter, owner_org=owner_org, year=year, number=number,
                    title=title, content_type=ContentType.objects.get_for_model(document), created_at=now,
                    arrived_at=now)
        case.full_clean()
        case.save()
        document.case = case
        document.save()
        case.object_id = document.pk
        case.save(update_fields=["object_id"])
        record(actor=submitter or SYSTEM, action="reviews.case_open", obj=case,
               after={"route": route.key, "number": number, "state": case.state})
    return case


def case_reroute(*, case: Case, actor, route_key: str | None = None, number: str | None = None,
                 title: str | None = None, year: int | None = None) -> Case:
    """While a draft is with its owner, move it to another route or change its number, title or year."""
    changes = {k: v for k, v in (("route", route_key), ("number", number), ("title", title), ("year", year))
               if v is not None}
    with transaction.atomic():
        locked = _lock(case, None)
        if locked.state not in EDITABLE_STATES:
            _fail(NOT_EDITABLE, "not_editable")
        if not is_owner(locked, actor):
            _not_owner(get_route(locked.route), "修改")
        if "route" in changes:
            target = get_route(changes["route"])
            if target.org_owned != get_route(locked.route).org_owned:
                _fail("不能改为另一类申报主体的业务", "bad_route")
        before = {k: getattr(locked, k) for k in changes}
        for name, value in changes.items():
            setattr(locked, name, value)
        locked.full_clean()
        _move(locked, locked.arrived_at, **changes)
        record(actor=acting(actor), action="reviews.case_reroute", obj=locked, before=before, after=changes)
    return locked


def _lock(case: Case, expected_version: int | None) -> Case:
    """The locked row, refused as stale if someone moved the case since the caller read it."""
    locked = Case.objects.select_for_update(of=("self",)).select_related("current_org", "previous_org").get(pk=case.pk)
    seen = (case.state, case.node, case.current_org_id)
    if (expected_version is not None and locked.version != expected_version) or seen != (
            locked.state, locked.node, locked.current_org_id):
        _fail(STALE, "stale")
    return locked


def _clean_opinion(opinion: str, *, required: bool, label: str) -> str:
    opinion = (opinion or "").strip()
    if required and not opinion:
        _fail(f"请填写{label}", "opinion_required")
    if len(opinion) > OPINION_MAX:
        _fail(f"办理意见不能超过{OPINION_MAX}个字", "opinion_too_long")
    return opinion


def _check_guard(node: Node, case: Case, document) -> None:
    if node.guard is not None:
        refusal = node.guard(case, document)
        if refusal:
            _fail(refusal, "guard")


def _pick_org(node: Node, case: Case, document, next_org: Organisation | None) -> Organisation:
    """The organisation that will act at `node`: the owner, the only candidate, or the one chosen."""
    _check_guard(node, case, document)
    if node.held_by_owner:
        return case.owner_org
    candidates = node.resolve(case, document).filter(is_active=True)
    if next_org is not None:
        if not candidates.filter(pk=next_org.pk).exists():
            _fail("所选提交单位不在可选范围内，请重新选择", "bad_next_org")
        return next_org
    found = list(candidates[:2])
    if not found:
        _fail(f"未找到可办理的{node.label}，请联系所在地人社部门", "no_candidate")
    if node.choose or len(found) > 1:
        _fail("请选择提交单位", "choose_required")
    return found[0]


def _arrive(route: Route, case: Case, document, after: str | None, next_org) -> dict:
    """The case's fields on arriving at the node after `after`, or on finishing the route."""
    node = next_node(route, case, document, after)
    if node is None:
        return {"state": CaseState.APPROVED, "node": "", "current_org": None, "previous_org": None, "due_at": None}
    org = _pick_org(node, case, document, next_org)
    return {"state": CaseState.PENDING, "node": node.key, "current_org": org,
            "due_at": node.due(case, document) if node.due else None}


def _append_step(case: Case, *, node: str, label: str, org, actor, action: str, action_label: str = "",
                 opinion: str = "", now) -> Step:
    return Step.objects.create(
        case=case, seq=case.steps.count() + 1, node=node, node_label=label, org=org,
        handler=None if is_system(actor) else acting(actor).user, action=action, action_label=action_label,
        opinion=opinion, started_at=case.arrived_at, ended_at=now,
    )


def _move(case: Case, now, **changes) -> Case:
    """Apply `changes` with a version-guarded UPDATE: the last line of defence where row locks are advisory."""
    old_version = case.version
    changes.update(version=old_version + 1, arrived_at=now, updated_at=now)
    if not Case.objects.filter(pk=case.pk, version=old_version).update(**changes):
        _fail(STALE, "stale")
    for name, value in changes.items():
        setattr(case, name, value)
    return case


def _snapshot(case: Case) -> dict:
    return {f: getattr(case, f) for f in _SNAPSHOT}


def _finish(case: Case, *, event: str, actor, step: Step, before: dict, audit_action: str, data=None) -> Case:
    """Fire the transition's one event and write its audit row, inside the transaction."""
    events.fire(events.CaseEvent(event, case, actor, step, dict(data or {})))
    # The row names the organisation acted as (the system acts where the case was).
    who, org = (SYSTEM, step.org) if is_system(actor) else (acting(actor), None)
    record(actor=who, action=audit_action, obj=case, org=org, before=before, after=_snapshot(case))
    return case


def case_submit(*, case: Case, actor, next_org: Organisation | None = None) -> Case:
    """Send a draft (or a returned / taken-back case) to the route's first node it does not skip."""
    with transaction.atomic():
        locked = _lock(case, None)
        _check_state(locked, Action.SUBMIT)
        route = get_route(locked.route)
        if not is_owner(locked, actor):
            _not_owner(route, "提交")
        document = route.get_document(locked)
        target = _arrive(route, locked, document, None, next_org)
        before = _snapshot(locked)
        action = Action.SUBMIT if locked.state == CaseState.DRAFT else Action.RESUBMIT
        now = timezone.now()
        step = _append_step(locked, node=SUBMITTER_NODE, label=route.submitter_label, org=locked.owner_org,
                            actor=actor, action=action, now=now)
        _move(locked, now, previous_org=None, submitted_at=now, **target)
        return _finish(locked, event=events.SUBMITTED, actor=actor, step=step, before=before,
                       audit_action=f"reviews.{action}")


def _decision_for(node: Node, key: str) -> Decision:
    try:
        return node.decision(key)
    except KeyError:
        _fail("该节点不支持此操作", "bad_action")


def case_act(*, case: Case, actor, decision: str, opinion: str = "", next_org: Organisation | None = None,
             data: dict | None = None, expected_version: int | None = None) -> Case:
    """办理: the current node takes one of its decisions (同意 / 接收材料 / 退回 / 不通过 / 不予受理 …)."""
    with transaction.atomic():
        locked = _lock(case, expected_version)
        _check_state(locked, Action.APPROVE)
        if not may_decide(locked, actor):
            _fail(FORBIDDEN["decide"], "forbidden")
        if not is_system(actor) and locked.current_org.kind == OrgKind.UNIT and not locked.current_org.info_complete:
            _fail("单位信息不完整，请先完善单位信息后再审核", "unit_incomplete")
        route = get_route(locked.route)
        node = route.node(locked.node)
        chosen = _decision_for(node, decision)
        opinion = _clean_opinion(opinion, required=chosen.opinion_required, label=chosen.opinion_label)
        document = route.get_document(locked)
        before = _snapshot(locked)
        now = timezone.now()
        if chosen.kind == Kind.APPROVE:
            _check_guard(node, locked, document)  # the node's window may have closed since the case arrived
            target = _arrive(route, locked, document, node.key, next_org)
            action = Action.APPROVE
        else:
            target = {"state": CaseState.RETURNED if chosen.kind == Kind.RETURN else CaseState.REFUSED,
                      "node": "", "current_org": None, "previous_org": None, "due_at": None}
            action = Action.RETURN if chosen.kind == Kind.RETURN else Action.REFUSE
        step = _append_step(locked, node=node.key, label=node.label, org=locked.current_org, actor=actor,
                            action=action, action_label=chosen.label, opinion=opinion, now=now)
        if target["state"] == CaseState.PENDING:
            target["previous_org"] = locked.current_org
        _move(locked, now, **target)
        event = {CaseState.PENDING: events.FORWARDED, CaseState.APPROVED: events.APPROVED,
                 CaseState.RETURNED: events.RETURNED, CaseState.REFUSED: events.REFUSED}[locked.state]
        return _finish(locked, event=event, actor=actor, step=step, before=before,
                       audit_action=f"reviews.{action}", data=data)


def case_approve(*, case: Case, actor, opinion: str = "", next_org: Organisation | None = None,
                 expected_version: int | None = None) -> Case:
    """The node's first forwarding decision (同意, 接收材料 …)."""
    node = get_route(case.route).node(case.node) if case.state == CaseState.PENDING else None
    key = _first_of_kind(node, Kind.APPROVE) if node else Kind.APPROVE
    return case_act(case=case, actor=actor, decision=key, opinion=opinion, next_org=next_org,
                    expected_version=expected_version)


def case_return(*, case: Case, actor, opinion: str, expected_version: int | None = None) -> Case:
    """退回 to the owner with a written opinion; they edit and submit again from the first node."""
    node = get_route(case.route).node(case.node) if case.state == CaseState.PENDING else None
    key = _first_of_kind(node, Kind.RETURN) if node else Kind.RETURN
    return case_act(case=case, actor=actor, decision=key, opinion=opinion, expected_version=expected_version)


def _first_of_kind(node: Node, kind: str) -> str:
    decision = node.first_of_kind(kind)
    return decision.key if decision else kind


def case_withdraw(*, case: Case, actor, opinion: str = "", expected_version: int | None = None) -> Case:
    """收回: whoever forwarded the case takes it back while the node it went to has not acted."""
    with transaction.atomic():
        locked = _lock(case, expected_version)
        _check_state(locked, Action.WITHDRAW)
        if not may_withdraw(locked, actor):
            _fail(FORBIDDEN["withdraw"], "forbidden")
        route = get_route(locked.route)
        node = route.node(locked.node)
        chain = forwarders(locked)
        opinion = _clean_opinion(opinion, required=False, label="收回意见")
        before = _snapshot(locked)
        now = timezone.now()
        step = _append_step(locked, node=node.key, label=node.label, org=locked.current_org, actor=actor,
                            action=Action.WITHDRAW, opinion=opinion, now=now)
        if not chain:
            _move(locked, now, state=CaseState.WITHDRAWN, node="", current_org=None, previous_org=None, due_at=None)
        else:
            back, earlier = chain[-1], chain[:-1]
            back_node = route.node(back.node)
            _move(locked, now, node=back.node, current_org=locked.previous_org,
                  previous_org=earlier[-1].org if earlier else None,
                  due_at=back_node.due(locked, route.get_document(locked)) if back_node.due else None)
        return _finish(locked, event=events.WITHDRAWN, actor=actor, step=step, before=before,
                       audit_action="reviews.withdraw")


def case_cancel(*, case: Case, actor, opinion: str = "", expected_version: int | None = None) -> Case:
    """撤销: by its owner while the document is with them, or by the system (e.g. an unpaid enrolment)."""
    with transaction.atomic():
        locked = _lock(case, expected_version)
        _check_state(locked, Action.CANCEL)
        route = get_route(locked.route)
        if not may_cancel(locked, actor):
            if not route.cancellable and not is_system(actor):
                _fail(f"{route.label}不能撤销", "forbidden")
            if is_owner(locked, actor):  # the owner, in a state not to 撤销 from (审核中: 收回 first; `cancel_states`)
                _fail(illegal_message(locked.state, Action.CANCEL), "illegal")
            _not_owner(route, "撤销")
        opinion = _clean_opinion(opinion, required=is_system(actor), label="撤销原因")
        before = _snapshot(locked)
        now = timezone.now()
        pending = locked.state == CaseState.PENDING
        step = _append_step(locked, node=locked.node if pending else SUBMITTER_NODE,
                            label=route.node(locked.node).label if pending else route.submitter_label,
                            org=locked.current_org if pending else locked.owner_org, actor=actor,
                            action=Action.CANCEL, opinion=opinion, now=now)
        _move(locked, now, state=CaseState.CANCELLED, node="", current_org=None, previous_org=None, due_at=None)
        return _finish(locked, event=events.CANCELLED, actor=actor, step=step, before=before,
                       audit_action="reviews.cancel")


def case_reopen(*, case: Case, actor, opinion: str, expected_version: int | None = None) -> Case:
    """重新打开: the organisation that approved last sends an approved case back to its owner to change."""
    with transaction.atomic():
        locked = _lock(case, expected_version)
        _check_state(locked, Action.REOPEN)
        if not may_reopen(locked, actor):
            _fail(FORBIDDEN["reopen"], "forbidden")
        route = get_route(locked.route)
        opinion = _clean_opinion(opinion, required=True, label="重新打开原因")
        approval = last_approval(locked)
        before = _snapshot(locked)
        now = timezone.now()
        step = _append_step(locked, node="", label=route.done_label, org=approval.org, actor=actor,
                            action=Action.REOPEN, opinion=opinion, now=now)
        _move(locked, now, state=CaseState.RETURNED, node="", current_org=None, previous_org=None, due_at=None)
        return _finish(locked, event=events.REOPENED, actor=actor, step=step, before=before,
                       audit_action="reviews.reopen")


BATCH_ACTIONS = (Kind.APPROVE, Kind.RETURN)


def case_batch(*, cases, action: str, actor, opinion: str = "",
               next_org: Organisation | None = None) -> list[tuple[Case, str | None]]:
    """批量提交所选 / 批量退回所选: each case in its own transaction, with its node's own decision of that kind.

    A chosen `next_org` is taken for every case (each refuses it unless it is a candidate there).
    """
    if action not in BATCH_ACTIONS:
        _fail("不支持的批量操作", "bad_action")
    results: list[tuple[Case, str | None]] = []
    for case in cases:
        try:
            if action == Kind.APPROVE:
                chosen = next_org if case_next_candidates(case) is not None else None
                done = case_approve(case=case, actor=actor, opinion=opinion, next_org=chosen)
            else:
                done = case_return(case=case, actor=actor, opinion=opinion)
        except ValidationError as exc:
            results.append((case, "；".join(exc.messages)))
        else:
            results.append((done, None))
    return results


def case_close_overdue(*, now=None, limit: int = 500) -> int:
    """The timed transitions: each pending case past its node's due time gets the node's `on_overdue`.

    Run by the periodic job as the system; each case in its own transaction, so one failing case (a
    guard, a vanished candidate) is logged and the others still close. Returns how many were handled.
    """
    now = now or timezone.now()
    handled = 0
    for case in Case.objects.filter(state=CaseState.PENDING, due_at__lt=now).order_by("due_at")[:limit]:
        node = get_route(case.route).node(case.node)
        reason = f"已超过{node.label}办理期限，系统自动处理"
        try:
            if node.on_overdue == OVERDUE_CANCEL:
                case_cancel(case=case, actor=SYSTEM, opinion=reason)
            else:
                case_act(case=case, actor=SYSTEM, decision=node.on_overdue, opinion=reason)
        except ValidationError as exc:
            record(actor=SYSTEM, action="reviews.overdue", obj=case, after={"error": "；".join(exc.messages)})
        else:
            handled += 1
    return handled
