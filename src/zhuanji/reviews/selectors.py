"""Reads of the review engine: the one 待办 inbox, the year query, a case's flow log and diagram."""

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from zhuanji.audit.masking import mask_phone
from zhuanji.orgs.models import Membership, Organisation, Role
from zhuanji.orgs.permissions import ROLE_PERMISSIONS, granted, memberships_with_perm

from .models import EDITABLE_STATES, SUBMITTER_NODE, Action, Case, CaseState, Step
from .routes import DEFAULT_PERM, all_routes, get_route
from .transitions import TRANSITIONS, Actor


def member_holds(user, perm: str, org: Organisation | None) -> bool:
    """Whether `user` is an active member of `org` with `perm` (no superuser shortcut: acting is membership)."""
    return org is not None and memberships_with_perm(user, perm).filter(org=org).exists()


def _pairs_q(pairs) -> Q:
    q = Q(pk__in=[])
    for route_key, node_key in pairs:
        q |= Q(route=route_key, node=node_key)
    return q


def org_ids_by_perm(user, perms) -> dict[str, frozenset[int]]:
    """Per codename, the ids of the organisations where `user` holds it, from one query.

    The same rule as `orgs.permissions.memberships_with_perm` (active membership of an active organisation
    whose kind and role grant the codename), resolved in Python: a user has a handful of memberships, and
    literal id lists let the planner use the indexes that start with an organisation column.
    """
    perms = set(perms)
    found: dict[str, set[int]] = {perm: set() for perm in perms}
    if not user.is_authenticated:
        return {perm: frozenset() for perm in perms}
    rows = (Membership.objects.filter(user=user, is_active=True, org__is_active=True)
            .values_list("org_id", "org__kind", "role"))
    for org_id, kind, role in rows:
        if role not in ROLE_PERMISSIONS:
            continue
        allowed = granted(kind, role)
        for perm in perms & allowed:
            found[perm].add(org_id)
    return {perm: frozenset(ids) for perm, ids in found.items()}


def _in(field: str, ids) -> Q:
    return Q(**{f"{field}_id__in": sorted(ids)})


def _scoped_q(user, field: str, perm_of) -> Q:
    """Cases whose `field` organisation is one where `user` holds the perm `perm_of(route, node)` names.

    The organisation ids are resolved per perm first (one small query). Nodes whose perm gives the same ids
    as the default perm need no term of their own, so in the usual case (every perm held in the same
    organisations) this is one `field IN (ids)` on the indexed column; (route, node)-restricted terms remain
    only for nodes whose perm yields other ids, one term per distinct id set.
    """
    by_perm: dict[str, list[tuple[str, str]]] = {}
    for route in all_routes():
        for node in route.nodes:
            perm = perm_of(route, node)
            if perm and perm != DEFAULT_PERM:
                by_perm.setdefault(perm, []).append((route.key, node.key))
    ids_of = org_ids_by_perm(user, {DEFAULT_PERM, *by_perm})
    default_ids = ids_of[DEFAULT_PERM]
    by_ids: dict[frozenset[int], list[tuple[str, str]]] = {}
    for perm, pairs in by_perm.items():
        if ids_of[perm] != default_ids:
            by_ids.setdefault(ids_of[perm], []).extend(pairs)
    q = Q(pk__in=[])
    if default_ids:
        q = _in(field, default_ids)
        special = [pair for pairs in by_ids.values() for pair in pairs]
        if special:
            q &= ~_pairs_q(special)
    for ids, pairs in by_ids.items():
        if ids:
            q |= _in(field, ids) & _pairs_q(pairs)
    return q


def _previous_perm(route, node):
    previous = route.previous_node(node.key)
    return previous.perm if previous else None


def _search(qs: QuerySet, q: str) -> QuerySet:
    q = (q or "").strip()
    if q:
        qs = qs.filter(Q(number__icontains=q) | Q(title__icontains=q) | Q(submitter__name__icontains=q))
    return qs


def _listing(qs: QuerySet, route_key: str | None, q: str, filters: dict) -> QuerySet:
    if route_key:
        qs = qs.filter(route=route_key)
    if filters:
        qs = qs.filter(**filters)
    return _search(qs, q).select_related("submitter", "current_org")


def case_queue(*, user, route_key: str | None = None, q: str = "", **filters) -> QuerySet[Case]:
    """我的待办: cases now at an organisation where `user` holds the current node's perm, oldest first."""
    qs = Case.objects.filter(Q(state=CaseState.PENDING) & _scoped_q(user, "current_org", lambda r, n: n.perm))
    return _listing(qs, route_key, q, filters).order_by("submitted_at", "pk")


def case_withdrawable(*, user, route_key: str | None = None, q: str = "", **filters) -> QuerySet[Case]:
    """我要收回: cases the user's organisation forwarded and the next node has not acted on yet."""
    qs = Case.objects.filter(Q(state=CaseState.PENDING) & _scoped_q(user, "previous_org", _previous_perm))
    return _listing(qs, route_key, q, filters).order_by("-arrived_at", "-pk")


def _visible_q(user) -> Q:
    """Cases now at one of the user's reviewing organisations or with a step (流程日志) of one.

    `previous_org` needs no term of its own: it is only ever set to an organisation that has just
    approved the case (`services.case_approve`) or, on 收回, to the one whose approval step forwarded it
    (`services._forwarder_of`), and steps are never deleted.
    """
    ids_of = org_ids_by_perm(user, {"reviews.query", DEFAULT_PERM})
    ids = sorted(ids_of["reviews.query"] | ids_of[DEFAULT_PERM])
    if not ids:
        return Q(pk__in=[])
    return Q(current_org_id__in=ids) | Q(pk__in=Step.objects.filter(org_id__in=ids).values("case_id"))


def case_query(*, user, year: int, route_key: str | None = None, q: str = "", **filters) -> QuerySet[Case]:
    """申请书查询: every case of the year that reached one of the user's organisations, at any stage."""
    qs = Case.objects.filter(Q(year=year) & _visible_q(user))
    return _listing(qs, route_key, q, filters).order_by("-submitted_at", "-pk")


def case_get_for_reviewer(*, user, pk) -> Case:
    """The case, or 404 unless it is at or has passed through one of the user's organisations."""
    return get_object_or_404(Case.objects.filter(_visible_q(user)).select_related("submitter", "current_org"), pk=pk)


def actor_may(case: Case, action: str, user) -> bool:
    """Whether `user` is the kind of actor the transition table names for `action` on this case now."""
    transition = TRANSITIONS[action]
    if case.state not in transition.from_states:
        return False
    if transition.actor == Actor.SUBMITTER:
        return user.pk == case.submitter_id
    route = get_route(case.route)
    if transition.actor == Actor.CURRENT:
        return member_holds(user, route.node(case.node).perm, case.current_org)
    previous = route.previous_node(case.node)
    if previous is None:
        return user.pk == case.submitter_id
    return member_holds(user, previous.perm, case.previous_org)


def case_get_for_participant(*, user, pk) -> Case:
    """Like `case_get_for_reviewer`, and the applicant's own cases too (for 收回 from the first node)."""
    qs = Case.objects.filter(_visible_q(user) | Q(submitter=user.pk)).select_related("submitter", "current_org")
    return get_object_or_404(qs, pk=pk)


def case_can_act(case: Case, user) -> bool:
    return actor_may(case, Action.APPROVE, user)


def case_can_withdraw(case: Case, user) -> bool:
    return actor_may(case, Action.WITHDRAW, user)


def case_next_candidates(case: Case) -> QuerySet[Organisation] | None:
    """The organisations the current node chooses among when it approves, or None when there is no choice."""
    if case.state != CaseState.PENDING:
        return None
    route = get_route(case.route)
    following = route.next_node(case.node)
    if following is None:
        return None
    candidates = following.resolve(case, route.get_document(case)).filter(is_active=True)
    if following.choose or candidates.count() > 1:
        return candidates
    return None


def case_steps(case: Case) -> list[Step]:
    """The 流程日志: every finished step, then the open one (who holds the case now, since when)."""
    steps = list(case.steps.select_related("org", "handler").order_by("seq"))
    route = get_route(case.route)
    if case.state == CaseState.PENDING:
        node, label = case.node, route.node(case.node).label
    elif case.state == CaseState.APPROVED:
        node, label = "", route.done_label
    else:
        node, label = SUBMITTER_NODE, route.submitter_label
    steps.append(Step(case=case, seq=len(steps) + 1, node=node, node_label=label, org=case.current_org,
                      started_at=case.arrived_at, ended_at=None))
    return steps


def org_contacts(orgs) -> dict[int, dict]:
    """Per organisation: name, a contact person and phone — the unit's own contact, else a staff member."""
    orgs = [o for o in orgs if o is not None]
    staff: dict[int, Membership] = {}
    memberships = (Membership.objects.filter(org__in=orgs, is_active=True, user__is_active=True,
                                             role__in=(Role.ADMIN, Role.REVIEWER))
                   .select_related("user").order_by("org_id", "role", "pk"))
    for membership in memberships:
        staff.setdefault(membership.org_id, membership)
    contacts = {}
    for org in orgs:
        member = staff.get(org.pk)
        contacts[org.pk] = {
            "org": org.name,
            "name": org.contact_name or (member.user.display_name if member else ""),
            "phone": org.contact_phone or (member.user.phone if member else ""),
        }
    return contacts


def _single_candidate(node, case, document) -> Organisation | None:
    if node.choose:
        return None
    found = list(node.resolve(case, document).filter(is_active=True)[:2])
    return found[0] if len(found) == 1 else None


def case_diagram(case: Case, steps: list[Step] | None = None) -> list[dict]:
    """流程步骤: the submitter, every node and the end, each done / current / todo, with its contact."""
    route = get_route(case.route)
    steps = case_steps(case) if steps is None else steps
    acted = {s.node: s.org for s in steps if s.action == Action.APPROVE and s.ended_at is not None}
    current_index = route.index(case.node) if case.state == CaseState.PENDING else None
    document = None
    boxes = [{"key": SUBMITTER_NODE, "label": route.submitter_label, "org": None,
              "state": "current" if case.state in EDITABLE_STATES else "done",
              "person": case.submitter.display_name, "phone": mask_phone(case.submitter.phone)}]
    for i, node in enumerate(route.nodes):
        if case.state == CaseState.APPROVED or (current_index is not None and i < current_index):
            state, org = "done", acted.get(node.key)
        elif i == current_index:
            state, org = "current", case.current_org
        else:
            if document is None:
                document = route.get_document(case)
            state, org = "todo", _single_candidate(node, case, document)
        boxes.append({"key": node.key, "label": node.label, "org": org, "state": state})
    boxes.append({"key": "", "label": route.done_label, "org": None,
                  "state": "done" if case.state == CaseState.APPROVED else "todo"})
    contacts = org_contacts({b["org"].pk: b["org"] for b in boxes if b["org"] is not None}.values())
    for box in boxes:
        if box["org"] is not None:
            contact = contacts[box["org"].pk]
            box.update(person=contact["name"], phone=contact["phone"])
    return boxes
