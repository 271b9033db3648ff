"""Reads of the review engine: the one 待办 inbox, the year query, a case's flow log and diagram."""

from django.db.models import Case as CaseWhen
from django.db.models import F, Q, QuerySet, When
from django.shortcuts import get_object_or_404

from zhuanji.audit.masking import mask_phone
from zhuanji.orgs.models import CommitteeContact, Membership, Organisation, OrgKind, Role

from .access import may_cancel, may_decide, may_reopen, may_withdraw, reviewer_q, todo_q, visible_q, withdrawable_q
from .models import EDITABLE_STATES, SUBMITTER_NODE, Action, Case, CaseState, Step
from .routes import Node, Route, get_route


def _search(qs: QuerySet, q: str) -> QuerySet:
    q = (q or "").strip()
    if q:
        qs = qs.filter(Q(number__icontains=q) | Q(title__icontains=q) | Q(submitter__name__icontains=q)
                       | Q(owner_org__name__icontains=q))
    return qs


def _listing(qs: QuerySet, q: str, filters: dict) -> QuerySet:
    if filters:
        qs = qs.filter(**filters)
    return _search(qs, q).select_related("submitter", "owner_org", "current_org")


def case_queue(*, user, route_key: str | None = None, q: str = "", **filters) -> QuerySet[Case]:
    """我的待办: cases now at the acting organisation on nodes whose perm it holds, oldest first."""
    qs = Case.objects.filter(todo_q(user, route_key=route_key))
    return _listing(qs, q, filters).order_by("submitted_at", "pk")


def case_withdrawable(*, user, route_key: str | None = None, q: str = "", **filters) -> QuerySet[Case]:
    """我要收回: cases the acting organisation forwarded and the next node has not acted on yet."""
    qs = Case.objects.filter(withdrawable_q(user, route_key=route_key))
    return _listing(qs, q, filters).order_by("-arrived_at", "-pk")


def case_query(*, user, year: int, route_key: str | None = None, q: str = "", **filters) -> QuerySet[Case]:
    """申请书查询: every case of the year that reached the acting organisation, at any stage."""
    qs = Case.objects.filter(Q(year=year) & reviewer_q(user))
    if route_key:
        qs = qs.filter(route=route_key)
    return _listing(qs, q, filters).order_by("-submitted_at", "-pk")


def case_get_for_reviewer(*, user, pk) -> Case:
    """The case, or 404 unless the viewer may see it: its owner side or an organisation it reached."""
    return get_object_or_404(Case.objects.filter(visible_q(user)).select_related("submitter", "current_org"), pk=pk)


def case_reached(case: Case, user) -> bool:
    """Whether the case is, or was, at the acting organisation as a reviewer."""
    return Case.objects.filter(pk=case.pk).filter(reviewer_q(user)).exists()


def case_can_act(case: Case, user) -> bool:
    return may_decide(case, user)


def case_can_withdraw(case: Case, user) -> bool:
    return may_withdraw(case, user)


def case_can_reopen(case: Case, user) -> bool:
    return may_reopen(case, user)


def case_can_cancel(case: Case, user) -> bool:
    return may_cancel(case, user)


def case_decisions(case: Case):
    """The decisions the current node offers in its 办理 dialog, in its words."""
    return get_route(case.route).node(case.node).actions if case.state == CaseState.PENDING else ()


def next_node(route: Route, case: Case, document, after: str | None) -> Node | None:
    """The first node after `after` (None: the submitter) that this document does not skip."""
    for node in route.nodes_after(after):
        if node.skip is None or not node.skip(case, document):
            return node
    return None


def case_next_candidates(case: Case) -> QuerySet[Organisation] | None:
    """The organisations the current node chooses among when it forwards, or None when there is no choice."""
    if case.state != CaseState.PENDING:
        return None
    route = get_route(case.route)
    document = route.get_document(case)
    following = next_node(route, case, document, case.node)
    if following is None or following.held_by_owner:
        return None
    candidates = following.resolve(case, document).filter(is_active=True)
    if following.choose or candidates.count() > 1:
        return candidates
    return None


def batch_candidates(cases) -> QuerySet[Organisation] | None:
    """For 批量提交所选: the organisations every selected case may be forwarded to, when any case needs a choice.

    None when no case needs one; an empty queryset when they have none in common.
    """
    common = None
    for case in cases:
        candidates = case_next_candidates(case)
        if candidates is None:
            continue
        ids = set(candidates.values_list("pk", flat=True))
        common = ids if common is None else common & ids
    if common is None:
        return None
    return Organisation.objects.filter(pk__in=common).order_by("code")


def case_steps(case: Case) -> list[Step]:
    """The 流程日志: every finished step, then the open one (who holds the case now, since when)."""
    steps = list(case.steps.select_related("org", "handler").order_by("seq"))
    route = get_route(case.route)
    if case.state == CaseState.PENDING:
        node, label = case.node, route.node(case.node).label
    elif case.state == CaseState.APPROVED:
        node, label = "", route.done_label
    elif case.is_final:
        node, label = "", case.get_state_display()
    else:
        node, label = SUBMITTER_NODE, route.submitter_label
    org = case.current_org if case.state == CaseState.PENDING else (
        case.owner_org if case.state in EDITABLE_STATES else None)
    steps.append(Step(case=case, seq=len(steps) + 1, node=node, node_label=label, org=org,
                      started_at=case.arrived_at, ended_at=None))
    return steps


def _committee_office_contacts(orgs) -> dict[int, CommitteeContact]:
    """Per committee: its 办事机构's first contact with a phone (负责人 before 联系人, then as listed), one query."""
    ids = [o.pk for o in orgs if o.kind == OrgKind.COMMITTEE]
    found: dict[int, CommitteeContact] = {}
    if not ids:
        return found
    contacts = (CommitteeContact.objects.filter(profile__committee_id__in=ids).exclude(phone="")
                .annotate(committee_id=F("profile__committee_id"))
                .order_by("committee_id", CaseWhen(When(post=CommitteeContact.Post.HEAD, then=0), default=1),
                          "sort", "pk"))
    for contact in contacts:
        found.setdefault(contact.committee_id, contact)
    return found


def org_contacts(orgs) -> dict[int, dict]:
    """Per organisation: name, a contact person and phone — a committee's 办事机构 contact, else the unit's own
    contact, else a staff member."""
    orgs = [o for o in orgs if o is not None]
    office = _committee_office_contacts(orgs)
    staff: dict[int, Membership] = {}
    others = [o for o in orgs if o.pk not in office]
    memberships = (Membership.objects.filter(org__in=others, is_active=True, user__is_active=True,
                                             role__in=(Role.ADMIN, Role.REVIEWER))
                   .select_related("user").order_by("org_id", "role", "pk"))
    for membership in memberships:
        staff.setdefault(membership.org_id, membership)
    contacts = {}
    for org in orgs:
        member = staff.get(org.pk)
        if org.pk in office:
            contacts[org.pk] = {"org": org.name, "name": office[org.pk].name, "phone": office[org.pk].phone}
            continue
        contacts[org.pk] = {
            "org": org.name,
            "name": org.contact_name or (member.user.display_name if member else ""),
            # An office's own contact phone is public; a staff member's mobile is shown masked.
            "phone": org.contact_phone or (mask_phone(member.user.phone) if member else ""),
        }
    return contacts


def _single_candidate(node, case, document) -> Organisation | None:
    if node.choose:
        return None
    found = list(node.resolve(case, document).filter(is_active=True)[:2])
    return found[0] if len(found) == 1 else None


def _first_box(case: Case, route) -> dict:
    """Who files the document: the person, the owning organisation (with its contact), or an anonymous filer."""
    box = {"key": SUBMITTER_NODE, "label": route.submitter_label, "org": case.owner_org,
           "state": "current" if case.state in EDITABLE_STATES else "done"}
    if case.owner_org is None and case.submitter is not None:
        box.update(person=case.submitter.display_name, phone=mask_phone(case.submitter.phone))
    return box


def case_diagram(case: Case, steps: list[Step] | None = None) -> list[dict]:
    """流程步骤: the filer, every node and the end, each done / current / todo / skipped, with its contact."""
    route = get_route(case.route)
    steps = case_steps(case) if steps is None else steps
    acted = {s.node: s.org for s in steps if s.action == Action.APPROVE and s.ended_at is not None}
    current_index = route.index(case.node) if case.state == CaseState.PENDING else None
    document = route.get_document(case)
    boxes = [_first_box(case, route)]
    for i, node in enumerate(route.nodes):
        if node.skip is not None and node.skip(case, document):
            state, org = "skipped", None
        elif case.state == CaseState.APPROVED or (current_index is not None and i < current_index):
            state, org = "done", acted.get(node.key)
        elif i == current_index:
            state, org = "current", case.current_org
        elif node.key in acted and case.is_final:
            state, org = "done", acted[node.key]
        elif node.held_by_owner:
            state, org = "todo", case.owner_org
        else:
            state, org = "todo", _single_candidate(node, case, document)
        boxes.append({"key": node.key, "label": node.label, "org": org, "state": state})
    closed = case.is_final and case.state != CaseState.APPROVED
    boxes.append({"key": "", "label": case.get_state_display() if closed else route.done_label, "org": None,
                  "state": "done" if case.is_final else "todo"})
    contacts = org_contacts({b["org"].pk: b["org"] for b in boxes if b["org"] is not None}.values())
    for box in boxes:
        if box["org"] is not None:
            contact = contacts[box["org"].pk]
            box.update(person=contact["name"], phone=contact["phone"])
    return boxes
