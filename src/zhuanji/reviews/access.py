"""The one scope rule: who may see a case and who may act on it, as the acting organisation (当前角色).

Every list of every module is built from the query expressions here (`todo_q`, `done_q`, `visible_q`,
`owner_q`, `withdrawable_q`), filtered through the document's own reverse relation (`prefix="case__"`),
and the services ask `may_*` before each transition — so a list never shows a case whose page is a 404,
and a case can only be acted on as the organisation it is at.
"""

from __future__ import annotations

from django.db.models import Q

from zhuanji.audit.services import SYSTEM
from zhuanji.orgs.acting import Acting, acting_of

from .models import EDITABLE_STATES, Action, Case, CaseState, Step
from .routes import Node, Route, all_routes, get_route

# Holding one of these in an organisation shows every case that reached it (审核查询, detail pages).
VIEW_PERMS = frozenset({"reviews.query", "reviews.act"})


def is_system(actor) -> bool:
    return actor == SYSTEM


def acting(actor) -> Acting | None:
    """The acting context of `actor` (a user or an `Acting`), or None for the system."""
    return None if is_system(actor) else acting_of(actor)


def node_perm(route: Route, node: Node) -> str | None:
    """The codename needed to act at `node`: the owner's submit perm where the owner holds it."""
    return route.submit_perm if node.held_by_owner else node.perm


def _field(prefix: str, name: str) -> str:
    return f"{prefix}{name}"


def _no(prefix: str = "") -> Q:
    return Q(**{_field(prefix, "pk__in"): []})


# ---- who may act ---------------------------------------------------------------------------------

def is_owner(case: Case, actor) -> bool:
    """The document's side: its submitter, or for an organisation's document a member holding the submit perm."""
    route = get_route(case.route)
    ctx = acting(actor)
    if ctx is None:  # the system files anonymous documents
        return not route.org_owned and case.submitter_id is None
    if route.org_owned:
        return ctx.org is not None and ctx.org.pk == case.owner_org_id and route.submit_perm in ctx.perms
    return case.submitter_id is not None and ctx.user.pk == case.submitter_id


def _holds_at(ctx: Acting, perm: str | None, org_id: int | None) -> bool:
    return bool(perm) and org_id is not None and ctx.org is not None and ctx.org.pk == org_id and perm in ctx.perms


def may_decide(case: Case, actor) -> bool:
    """A member of the organisation holding the case now, acting as it, with the node's perm."""
    if case.state != CaseState.PENDING:
        return False
    if is_system(actor):
        return True
    route = get_route(case.route)
    return _holds_at(acting(actor), node_perm(route, route.node(case.node)), case.current_org_id)


def forwarders(case: Case) -> list[Step]:
    """The approvals of the current pass that brought the case to where it is, oldest first.

    Walked from the 流程日志, so skipped nodes and earlier 收回s are accounted for: a 收回 undoes the
    approval that forwarded the case into the node it was taken from.
    """
    stack: list[Step] = []
    for step in case.steps.filter(action__in=(Action.SUBMIT, Action.RESUBMIT, Action.APPROVE, Action.WITHDRAW,
                                              Action.REOPEN)).order_by("seq"):
        if step.action in (Action.SUBMIT, Action.RESUBMIT, Action.REOPEN):
            stack = []
        elif step.action == Action.APPROVE:
            stack.append(step)
        elif stack:
            stack.pop()
    return stack


def may_withdraw(case: Case, actor) -> bool:
    """收回: whoever forwarded the case to its current node, while that node has not acted."""
    if case.state != CaseState.PENDING or is_system(actor):
        return False
    if case.previous_org_id is None:
        return is_owner(case, actor)
    chain = forwarders(case)
    if not chain:
        return False
    route = get_route(case.route)
    return _holds_at(acting(actor), node_perm(route, route.node(chain[-1].node)), case.previous_org_id)


def last_approval(case: Case) -> Step | None:
    return case.steps.filter(action=Action.APPROVE).order_by("-seq").first()


def may_reopen(case: Case, actor) -> bool:
    """重新打开: the organisation that gave the final approval sends the case back to its owner."""
    route = get_route(case.route)
    if case.state != CaseState.APPROVED or not route.reopenable or is_system(actor):
        return False
    step = last_approval(case)
    return step is not None and _holds_at(acting(actor), node_perm(route, route.node(step.node)), step.org_id)


def may_cancel(case: Case, actor) -> bool:
    """撤销: the owner while the document is with them (where the route allows it); the system at any time."""
    if case.is_final:
        return False
    if is_system(actor):
        return True
    route = get_route(case.route)
    states = EDITABLE_STATES if route.cancel_states is None else route.cancel_states
    return route.cancellable and case.state in states and is_owner(case, actor)


# ---- which cases a list shows --------------------------------------------------------------------

def _perm_pairs(ctx: Acting, route_key: str | None, node_key: str | None, perm_of) -> tuple[list, bool]:
    """The (route, node) pairs in scope where `ctx` holds `perm_of(route, node)`, and whether that is all."""
    held, everything = [], True
    for route in all_routes():
        if route_key and route.key != route_key:
            continue
        for node in route.nodes:
            if node_key and node.key != node_key:
                continue
            if perm_of(route, node) in ctx.perms:
                held.append((route.key, node.key))
            else:
                everything = False
    return held, everything


def _pairs_q(pairs, prefix: str) -> Q:
    q = _no(prefix)
    by_route: dict[str, list[str]] = {}
    for route_key, node_key in pairs:
        by_route.setdefault(route_key, []).append(node_key)
    for route_key, nodes in by_route.items():
        q |= Q(**{_field(prefix, "route"): route_key, _field(prefix, "node__in"): nodes})
    return q


def _narrow(q: Q, ctx: Acting, route_key, node_key, prefix, perm_of) -> Q:
    pairs, everything = _perm_pairs(ctx, route_key, node_key, perm_of)
    if not pairs:
        return _no(prefix)
    if route_key:
        q &= Q(**{_field(prefix, "route"): route_key})
    if node_key:
        q &= Q(**{_field(prefix, "node"): node_key})
    # In the usual case (every perm held) the query stays one `current_org = X AND state = …` on the index.
    return q if everything else q & _pairs_q(pairs, prefix)


def todo_q(actor, *, route_key: str | None = None, node_key: str | None = None, prefix: str = "") -> Q:
    """待办: pending at the acting organisation, on nodes whose perm it holds there."""
    ctx = acting(actor)
    if ctx is None or ctx.org is None:
        return _no(prefix)
    q = Q(**{_field(prefix, "state"): CaseState.PENDING, _field(prefix, "current_org_id"): ctx.org.pk})
    return _narrow(q, ctx, route_key, node_key, prefix, node_perm)


def done_q(actor, *, route_key: str | None = None, node_key: str | None = None, prefix: str = "") -> Q:
    """已办: cases the acting organisation has acted on (at `node_key`, when given)."""
    ctx = acting(actor)
    if ctx is None or ctx.org is None or not (ctx.perms & (VIEW_PERMS | _node_perms(route_key))):
        return _no(prefix)
    steps = Step.objects.filter(org_id=ctx.org.pk)
    if node_key:
        steps = steps.filter(node=node_key)
    q = Q(**{_field(prefix, "pk__in"): steps.values("case_id")})
    if route_key:
        q &= Q(**{_field(prefix, "route"): route_key})
    return q


def review_perms() -> frozenset[str]:
    """Holding any of these, an organisation reviews something: 我的待办 opens for it."""
    return frozenset({"reviews.act"}) | _node_perms(None)


def _node_perms(route_key: str | None) -> frozenset[str]:
    return frozenset(node_perm(r, n) for r in all_routes() if not route_key or r.key == route_key for n in r.nodes)


def owner_q(actor, *, route_key: str | None = None, prefix: str = "") -> Q:
    """The documents the actor files: their own, and their acting organisation's where they hold the submit perm."""
    ctx = acting(actor)
    if ctx is None or not ctx.user.is_authenticated:
        return _no(prefix)
    routes = [r for r in all_routes() if not route_key or r.key == route_key]
    q = _no(prefix)
    person_routes = [r.key for r in routes if not r.org_owned]
    if person_routes:
        q |= Q(**{_field(prefix, "submitter_id"): ctx.user.pk, _field(prefix, "route__in"): person_routes})
    owned = [r.key for r in routes if r.org_owned and r.submit_perm in ctx.perms]
    if owned and ctx.org is not None:
        q |= Q(**{_field(prefix, "owner_org_id"): ctx.org.pk, _field(prefix, "route__in"): owned})
    return q


def reviewer_q(actor, *, prefix: str = "") -> Q:
    """Every case that reached the acting organisation as a reviewer: at it now, or with a step of it."""
    ctx = acting(actor)
    if ctx is None or ctx.org is None or not (ctx.perms & (VIEW_PERMS | _node_perms(None))):
        return _no(prefix)
    return (Q(**{_field(prefix, "current_org_id"): ctx.org.pk})
            | Q(**{_field(prefix, "pk__in"): Step.objects.filter(org_id=ctx.org.pk).values("case_id")}))


def visible_q(actor, *, prefix: str = "") -> Q:
    """Whom a case's pages open for: its owner side, and every organisation it reached as a reviewer."""
    return owner_q(actor, prefix=prefix) | reviewer_q(actor, prefix=prefix)


def withdrawable_q(actor, *, route_key: str | None = None, prefix: str = "") -> Q:
    """我要收回: pending cases the acting organisation forwarded, on routes where it acts before that node."""
    ctx = acting(actor)
    if ctx is None or ctx.org is None:
        return _no(prefix)
    q = Q(**{_field(prefix, "state"): CaseState.PENDING, _field(prefix, "previous_org_id"): ctx.org.pk})

    def earlier_perms(route, node):
        earlier = route.nodes[:route.index(node.key)]
        return next((p for p in (node_perm(route, n) for n in earlier) if p in ctx.perms), None)

    return _narrow(q, ctx, route_key, None, prefix, earlier_perms)
