"""Routes declared as data: each document type lists its review nodes in order, their actions and its hooks.

An app registers its route at import time (from its `AppConfig.ready`), e.g.::

    MEMO = register(Route(
        key="docapp.memo", label="备忘录", get_document=..., detail_url=...,
        nodes=(Node("unit", "基层单位", resolve=lambda case, memo: Organisation.objects.filter(pk=memo.unit_id)),
               Node("office", "职称办公室", resolve=..., actions=(RECEIVE, RETURN), guard=window_open)),
        hooks={"case.approved": lambda event: ...},
    ))

The engine (`reviews.services`) walks the nodes; no app writes approval logic of its own.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django import forms
    from django.db.models import QuerySet

    from zhuanji.orgs.models import Organisation

    from .events import CaseEvent
    from .models import Case

DEFAULT_PERM = "reviews.act"


class Kind:
    """What a node's decision does to the case; its words are the decision's own."""

    APPROVE = "approve"  # forward to the next node, or finish the route
    RETURN = "return"    # back to the owner, who edits and submits again
    REFUSE = "refuse"    # final: 不通过 / 不予受理


@dataclass(frozen=True)
class Decision:
    """One action a node offers in its 办理 dialog, in the node's words."""

    key: str
    kind: str
    label: str
    opinion_required: bool = False
    opinion_label: str = "审核意见"
    # Extra dialog fields (a result, a date …): name → a fresh form field; the cleaned values reach the
    # event's `data`, so the route's hooks store them on the document.
    fields: Callable[[], dict[str, forms.Field]] | None = None

    def __post_init__(self):
        if self.kind not in (Kind.APPROVE, Kind.RETURN, Kind.REFUSE):
            raise ValueError(f"decision {self.key} has an unknown kind {self.kind!r}")
        if self.kind != Kind.APPROVE and not self.opinion_required:
            raise ValueError(f"decision {self.key}: a return or refusal must give its reasons")


APPROVE = Decision("approve", Kind.APPROVE, "同意", opinion_label="推荐意见")
RETURN = Decision("return", Kind.RETURN, "退回", opinion_required=True, opinion_label="退回意见")
RECEIVE = Decision("receive", Kind.APPROVE, "接收材料", opinion_label="接收意见")
PASS = Decision("pass", Kind.APPROVE, "通过", opinion_label="审核意见")
FAIL = Decision("fail", Kind.REFUSE, "不通过", opinion_required=True, opinion_label="不通过原因")
REJECT = Decision("reject", Kind.REFUSE, "不予受理", opinion_required=True, opinion_label="不予受理原因")
RECOGNIZE = Decision("recognize", Kind.APPROVE, "认定", opinion_label="认定意见")

# What the system does to a case whose node's due time has passed.
OVERDUE_CANCEL = "cancel"


@dataclass(frozen=True)
class Node:
    key: str
    label: str
    # (case, document) -> the organisations that may act at this node; one, or candidates to choose from.
    # Not needed when the owner holds the node itself.
    resolve: Callable[[Case, Any], QuerySet[Organisation]] | None = None
    # The previous node (or the submitter) picks one candidate when it forwards the case (选择提交单位).
    choose: bool = False
    perm: str = DEFAULT_PERM
    # (case, document) -> a Chinese refusal message, or None: checked when the case would arrive and again
    # whenever the node acts (a committee must not receive after its window closed).
    guard: Callable[[Case, Any], str | None] | None = None
    # (case, document) -> True when this document's route passes the node by (shown greyed in the diagram).
    skip: Callable[[Case, Any], bool] | None = None
    # The owning organisation holds the case here mid-route (a base uploads its stamped 申报表).
    held_by_owner: bool = False
    actions: tuple[Decision, ...] = (APPROVE, RETURN)
    dialog_title: str = "信息审核"
    decision_label: str = "审核推荐"
    # (case, document) -> when the node must have acted, computed as the case arrives; stored and indexed.
    due: Callable[[Case, Any], datetime.datetime | None] | None = None
    # Past `due`, the system takes this decision key, or OVERDUE_CANCEL.
    on_overdue: str | None = None

    def __post_init__(self):
        if (self.resolve is None) != self.held_by_owner:
            raise ValueError(f"node {self.key}: give `resolve`, or hold it by the owner, not both")
        keys = [d.key for d in self.actions]
        if not keys or len(set(keys)) != len(keys):
            raise ValueError(f"node {self.key} needs distinct decisions")
        if (self.due is None) != (self.on_overdue is None):
            raise ValueError(f"node {self.key}: a due time needs what happens when it passes, and only then")
        if self.on_overdue not in (None, OVERDUE_CANCEL, *keys):
            raise ValueError(f"node {self.key}: on_overdue {self.on_overdue!r} is not one of its decisions")

    def decision(self, key: str) -> Decision:
        for decision in self.actions:
            if decision.key == key:
                return decision
        raise KeyError(f"node {self.key} has no decision {key!r}")

    def first_of_kind(self, kind: str) -> Decision | None:
        """The node's first decision of `kind` (what a batch 同意 / 退回 takes here: 接收材料, 通过 …)."""
        return next((d for d in self.actions if d.kind == kind), None)


@dataclass(frozen=True)
class Route:
    key: str
    label: str
    nodes: tuple[Node, ...]
    get_document: Callable[[Case], Any]
    detail_url: Callable[[Case], str]
    # Event name → handler(event), run inside the transition's transaction (see `events`).
    hooks: Mapping[str, Callable[[CaseEvent], None]] = field(default_factory=dict)
    # None: the document is a person's, and only its submitter files it. A codename: the document is its
    # owning organisation's, and any active member holding the codename there edits, submits and 收回s.
    submit_perm: str | None = None
    # The owner may 撤销 the document while it is with them: in every state they edit it in, or only in
    # `cancel_states` (a filing is 撤销ed once returned; a draft never submitted is deleted instead).
    cancellable: bool = False
    cancel_states: frozenset[str] | None = None
    # The last node's organisation may send an approved case back to its owner (重新打开).
    reopenable: bool = False
    # Labels of the flow diagram's first and last boxes (e.g. 评审机构 … 已接收材料 for committee filings).
    submitter_label: str = "申请人"
    done_label: str = "审核通过"

    def __post_init__(self):
        if not self.nodes:
            raise ValueError(f"route {self.key} needs at least one node")
        keys = [n.key for n in self.nodes]
        if len(set(keys)) != len(keys):
            raise ValueError(f"route {self.key} has duplicate node keys")
        if self.nodes[0].held_by_owner:
            raise ValueError(f"route {self.key}: the first node reviews what the owner submitted")

    @property
    def org_owned(self) -> bool:
        return self.submit_perm is not None

    def node(self, key: str) -> Node:
        for node in self.nodes:
            if node.key == key:
                return node
        raise KeyError(f"route {self.key} has no node {key!r}")

    def index(self, key: str) -> int:
        return [n.key for n in self.nodes].index(key)

    def nodes_after(self, key: str | None) -> tuple[Node, ...]:
        """The nodes after `key` in declared order (all of them for None: the submitter)."""
        return self.nodes if key is None else self.nodes[self.index(key) + 1:]

    @property
    def last(self) -> Node:
        return self.nodes[-1]


_REGISTRY: dict[str, Route] = {}


def register(route: Route) -> Route:
    """Add a route and subscribe its hooks; the same key twice with a different route is a programming error."""
    from .events import subscribe

    existing = _REGISTRY.get(route.key)
    if existing is not None:
        if existing != route:
            raise ValueError(f"route {route.key} is already registered")
        return existing
    _REGISTRY[route.key] = route
    for name, handler in route.hooks.items():
        subscribe(name, handler, route=route.key)
    return route


def get_route(key: str) -> Route:
    try:
        return _REGISTRY[key]
    except KeyError:
        raise LookupError(f"no review route {key!r} is registered") from None


def all_routes() -> list[Route]:
    return sorted(_REGISTRY.values(), key=lambda r: r.key)
