"""One event per transition, to which routes and other apps subscribe.

Handlers run inside the transition's transaction, so what they write lands with it or not at all; a
handler whose work leaves the database (an SMS, a PDF, a call out) subscribes with `after_commit=True`
and runs only once the transition has committed — never for a rolled-back one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.db import transaction

SUBMITTED = "case.submitted"
APPROVED = "case.approved"    # the route's last node approved: the document's outcome
FORWARDED = "case.forwarded"  # a node approved and the case moved on to the next one
RETURNED = "case.returned"
WITHDRAWN = "case.withdrawn"
REFUSED = "case.refused"
CANCELLED = "case.cancelled"
REOPENED = "case.reopened"
EVENTS = frozenset({SUBMITTED, APPROVED, FORWARDED, RETURNED, WITHDRAWN, REFUSED, CANCELLED, REOPENED})


@dataclass
class CaseEvent:
    name: str
    case: Any
    actor: Any  # a user, or audit.services.SYSTEM for timed transitions
    step: Any = None  # the 流程日志 row the transition appended
    data: dict = field(default_factory=dict)  # the decision's extra dialog fields, cleaned

    @property
    def user(self):
        """The user behind the actor (None for the system)."""
        from .access import acting

        ctx = acting(self.actor)
        return None if ctx is None else ctx.user

    @cached_property
    def document(self):
        from .routes import get_route

        return get_route(self.case.route).get_document(self.case)


@dataclass(frozen=True)
class _Subscription:
    handler: Callable[[CaseEvent], None]
    route: str | None
    after_commit: bool


_SUBSCRIBERS: dict[str, list[_Subscription]] = {name: [] for name in EVENTS}


def subscribe(name: str, handler: Callable[[CaseEvent], None], *, route: str | None = None,
              after_commit: bool = False) -> None:
    """Call `handler(event)` on every `name` event (of one route only, when `route` is given)."""
    if name not in EVENTS:
        raise ValueError(f"unknown case event {name!r}")
    subscription = _Subscription(handler, route, after_commit)
    if subscription not in _SUBSCRIBERS[name]:
        _SUBSCRIBERS[name].append(subscription)


def unsubscribe(name: str, handler: Callable[[CaseEvent], None]) -> None:
    _SUBSCRIBERS[name] = [s for s in _SUBSCRIBERS[name] if s.handler is not handler]


def fire(event: CaseEvent) -> None:
    """Deliver `event`; the engine calls this inside the transition's transaction."""
    for subscription in list(_SUBSCRIBERS[event.name]):
        if subscription.route not in (None, event.case.route):
            continue
        if subscription.after_commit:
            transaction.on_commit(lambda s=subscription: s.handler(event))
        else:
            subscription.handler(event)
