"""Routes declared as data: each document type lists its review nodes in order and its hooks.

An app registers its route at import time (from its `AppConfig.ready`), e.g.::

    MEMO = register(Route(key="docapp.memo", label="备忘录", nodes=(Node("unit", "基层单位", resolve=...),),
                          get_document=lambda case: Memo.objects.get(case=case), detail_url=...))

The engine (`reviews.services`) walks the nodes; no app writes approval logic of its own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from zhuanji.orgs.models import Organisation

    from .models import Case

DEFAULT_PERM = "reviews.act"


@dataclass(frozen=True)
class Node:
    key: str
    label: str
    # (case, document) -> the organisations that may act at this node; one, or candidates to choose from.
    resolve: Callable[[Case, Any], QuerySet[Organisation]]
    # The previous node (or the submitter) picks one candidate when it forwards the case (选择提交单位).
    choose: bool = False
    perm: str = DEFAULT_PERM
    # (case, document) -> a Chinese refusal message, or None when the node may act now.
    guard: Callable[[Case, Any], str | None] | None = None


@dataclass(frozen=True)
class Route:
    key: str
    label: str
    nodes: tuple[Node, ...]
    get_document: Callable[[Case], Any]
    detail_url: Callable[[Case], str]
    on_approved: Callable[..., None] | None = None
    on_returned: Callable[..., None] | None = None
    # Labels of the flow diagram's first and last boxes (e.g. 评审机构 … 已接收材料 for committee filings).
    submitter_label: str = "申请人"
    done_label: str = "审核通过"

    def __post_init__(self):
        if not self.nodes:
            raise ValueError(f"route {self.key} needs at least one node")
        keys = [n.key for n in self.nodes]
        if len(set(keys)) != len(keys):
            raise ValueError(f"route {self.key} has duplicate node keys")

    def node(self, key: str) -> Node:
        for node in self.nodes:
            if node.key == key:
                return node
        raise KeyError(f"route {self.key} has no node {key!r}")

    def index(self, key: str) -> int:
        return [n.key for n in self.nodes].index(key)

    def next_node(self, key: str) -> Node | None:
        i = self.index(key) + 1
        return self.nodes[i] if i < len(self.nodes) else None

    def previous_node(self, key: str) -> Node | None:
        i = self.index(key)
        return self.nodes[i - 1] if i > 0 else None


_REGISTRY: dict[str, Route] = {}


def register(route: Route) -> Route:
    """Add a route; registering the same key twice with a different route is a programming error."""
    existing = _REGISTRY.get(route.key)
    if existing is not None and existing != route:
        raise ValueError(f"route {route.key} is already registered")
    _REGISTRY[route.key] = route
    return route


def get_route(key: str) -> Route:
    try:
        return _REGISTRY[key]
    except KeyError:
        raise LookupError(f"no review route {key!r} is registered") from None


def all_routes() -> list[Route]:
    return sorted(_REGISTRY.values(), key=lambda r: r.key)
