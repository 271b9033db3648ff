"""The case state machine as data: which action is legal from which state, who may take it, whether
an opinion is required. The services walk this table; one test walks every (state, action) pair."""

from dataclasses import dataclass

from .models import EDITABLE_STATES, Action, CaseState


class Actor:
    SUBMITTER = "submitter"  # the person (or organisation account) that filed the document
    CURRENT = "current"      # a member of the organisation the case is now at, holding the node's perm
    FORWARDER = "forwarder"  # whoever sent the case to its current node (the submitter for node 1)


FORBIDDEN: dict[str, str] = {
    Actor.SUBMITTER: "只有申请人本人可以提交",
    Actor.CURRENT: "您不是当前审核单位的审核人员，无权办理该申请",
    Actor.FORWARDER: "只有提交该申请的单位或申请人可以收回",
}


@dataclass(frozen=True)
class Transition:
    action: str
    from_states: frozenset[str]
    actor: str
    opinion_required: bool = False


TRANSITIONS: dict[str, Transition] = {
    Action.SUBMIT: Transition(Action.SUBMIT, EDITABLE_STATES, Actor.SUBMITTER),
    Action.APPROVE: Transition(Action.APPROVE, frozenset({CaseState.PENDING}), Actor.CURRENT),
    Action.RETURN: Transition(Action.RETURN, frozenset({CaseState.PENDING}), Actor.CURRENT, opinion_required=True),
    Action.WITHDRAW: Transition(Action.WITHDRAW, frozenset({CaseState.PENDING}), Actor.FORWARDER),
}

# Where each action leaves the case (approve and withdraw depend on the node: see services).
RESULT_STATES: dict[str, frozenset[str]] = {
    Action.SUBMIT: frozenset({CaseState.PENDING}),
    Action.APPROVE: frozenset({CaseState.PENDING, CaseState.APPROVED}),
    Action.RETURN: frozenset({CaseState.RETURNED}),
    Action.WITHDRAW: frozenset({CaseState.PENDING, CaseState.WITHDRAWN}),
}


def illegal_message(state: str, action: str) -> str:
    """The refusal shown when `action` is not allowed from `state`."""
    if action == Action.SUBMIT and state == CaseState.PENDING:
        return "该申请已提交，正在审核中，不能重复提交"
    if state == CaseState.APPROVED:
        return "该申请已审核通过，不能再办理"
    return f"该申请当前状态为“{CaseState(state).label}”，不能{Action(action).label}"
