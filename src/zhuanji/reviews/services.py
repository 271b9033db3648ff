"""Every case transition: submit, approve, return, 收回 and batch actions.

Each runs in one transaction that locks the case row (`select_for_update`), checks the state the
caller saw (and `expected_version` when given) against the locked row, checks the actor, appends a
`Step`, moves the case with a version-guarded update, calls the route's hook and writes the audit row.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from zhuanji.audit.services import record
from zhuanji.orgs.models import Organisation, OrgKind

from .models import EDITABLE_STATES, SUBMITTER_NODE, Action, Case, CaseState, Step
from .routes import Node, Route, get_route
from .selectors import actor_may
from .transitions import FORBIDDEN, TRANSITIONS, Actor, illegal_message

STALE = "该申请已被他人办理，请刷新后重试"
NOT_EDITABLE = "已提交的材料不能修改"
OPINION_MAX = 500
_SNAPSHOT = ("state", "node", "current_org_id", "previous_org_id", "version")


def _fail(message: str, code: str = "invalid"):
    raise ValidationError(message, code=code)


def case_assert_editable(case: Case) -> None:
    """Document services call this, inside their transaction, before changing a document.

    It re-reads the case under a row lock, so an edit racing a submission either finishes before the
    submission or is refused: after submission only reviewers act on the document.
    """
    state = Case.objects.select_for_update().values_list("state", flat=True).get(pk=case.pk)
    if state not in EDITABLE_STATES:
        _fail(NOT_EDITABLE, "not_editable")


def case_open(*, route_key: str, document, submitter, year: int, number: str, title: str) -> Case:
    """Create the draft case of a new document and save the document linked to it."""
    route = get_route(route_key)
    with transaction.atomic():
        now = timezone.now()
        case = Case(route=route.key, submitter=submitter, year=year, number=number, title=title,
                    content_type=ContentType.objects.get_for_model(document), created_at=now, arrived_at=now)
        case.full_clean()
        case.save()
        document.case = case
        document.save()
        case.object_id = document.pk
        case.save(update_fields=["object_id"])
        record(actor=submitter, action="reviews.case_open", obj=case,
               after={"route": route.key, "number": number, "state": case.state})
    return case


def _lock(case: Case, expected_version: int | None) -> Case:
    """The locked row, refused as stale if someone moved the case since the caller read it."""
    locked = Case.objects.select_for_update(of=("self",)).select_related("current_org", "previous_org").get(pk=case.pk)
    seen = (case.state, case.node, case.current_org_id)
    if (expected_version is not None and locked.version != expected_version) or seen != (
            locked.state, locked.node, locked.current_org_id):
        _fail(STALE, "stale")
    return locked


def _check(case: Case, action: str, actor) -> None:
    """The transition table's word on (state, action, actor); a unit with incomplete info may not review."""
    transition = TRANSITIONS[action]
    if case.state not in transition.from_states:
        _fail(illegal_message(case.state, action), "illegal")
    if not actor_may(case, action, actor):
        _fail(FORBIDDEN[transition.actor], "forbidden")
    if transition.actor == Actor.CURRENT and case.current_org.kind == OrgKind.UNIT \
            and not case.current_org.info_complete:
        _fail("单位信息不完整，请先完善单位信息后再审核", "unit_incomplete")


def _clean_opinion(opinion: str, *, required: bool, action: str) -> str:
    opinion = (opinion or "").strip()
    if required and not opinion:
        _fail(f"请填写{Action(action).label}意见", "opinion_required")
    if len(opinion) > OPINION_MAX:
        _fail(f"办理意见不能超过{OPINION_MAX}个字", "opinion_too_long")
    return opinion


def _pick_org(node: Node, case: Case, document, next_org: Organisation | None) -> Organisation:
    """The organisation that will act at `node`: the only candidate, or the one the forwarder chose."""
    if node.guard is not None:
        refusal = node.guard(case, document)
        if refusal:
            _fail(refusal, "guard")
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


def _append_step(case: Case, *, node: str, label: str, org, handler, action: str, opinion: str, now) -> Step:
    return Step.objects.create(
        case=case, seq=case.steps.count() + 1, node=node, node_label=label, org=org, handler=handler,
        action=action, opinion=opinion, started_at=case.arrived_at, ended_at=now,
    )


def _move(case: Case, now, **changes) -> Case:
    """Apply `changes` with a version-guarded UPDATE: the last line of defence where row locks are advisory."""
    old_version = case.version
    changes.update(version=old_version + 1, arrived_at=now, updated_at=now)
    if not Case.objects.filter(pk=case.pk, version=old_version).update(**changes):
        _fail(STALE, "stale")
    for field, value in changes.items():
        setattr(case, field, value)
    return case


def _snapshot(case: Case) -> dict:
    return {f: getattr(case, f) for f in _SNAPSHOT}


def case_submit(*, case: Case, actor, next_org: Organisation | None = None) -> Case:
    """Send a draft (or a returned / taken-back case) to the route's first node."""
    with transaction.atomic():
        locked = _lock(case, None)
        _check(locked, Action.SUBMIT, actor)
        route = get_route(locked.route)
        first = route.nodes[0]
        org = _pick_org(first, locked, route.get_document(locked), next_org)
        before = _snapshot(locked)
        action = Action.SUBMIT if locked.state == CaseState.DRAFT else Action.RESUBMIT
        now = timezone.now()
        _append_step(locked, node=SUBMITTER_NODE, label=route.submitter_label, org=None, handler=actor,
                     action=action, opinion="", now=now)
        _move(locked, now, state=CaseState.PENDING, node=first.key, current_org=org, previous_org=None,
              submitted_at=now)
        record(actor=actor, action=f"reviews.{action}", obj=locked, before=before, after=_snapshot(locked))
    return locked


def case_approve(*, case: Case, actor, opinion: str = "", next_org: Organisation | None = None,
                 expected_version: int | None = None) -> Case:
    """同意: forward to the next node (choosing its organisation when asked), or finish the route."""
    with transaction.atomic():
        locked = _lock(case, expected_version)
        _check(locked, Action.APPROVE, actor)
        route = get_route(locked.route)
        node = route.node(locked.node)
        opinion = _clean_opinion(opinion, required=TRANSITIONS[Action.APPROVE].opinion_required,
                                 action=Action.APPROVE)
        document = route.get_document(locked)
        following = route.next_node(node.key)
        target = None if following is None else _pick_org(following, locked, document, next_org)
        before = _snapshot(locked)
        now = timezone.now()
        _append_step(locked, node=node.key, label=node.label, org=locked.current_org, handler=actor,
                     action=Action.APPROVE, opinion=opinion, now=now)
        if following is None:
            _move(locked, now, state=CaseState.APPROVED, node="", current_org=None, previous_org=None)
            if route.on_approved is not None:
                route.on_approved(case=locked, document=document, actor=actor)
        else:
            _move(locked, now, node=following.key, current_org=target, previous_org=locked.current_org)
        record(actor=actor, action="reviews.approve", obj=locked, before=before, after=_snapshot(locked))
    return locked


def case_return(*, case: Case, actor, opinion: str, expected_version: int | None = None) -> Case:
    """退回 to the submitter with a written opinion; they edit and submit again from the first node."""
    with transaction.atomic():
        locked = _lock(case, expected_version)
        _check(locked, Action.RETURN, actor)
        route = get_route(locked.route)
        node = route.node(locked.node)
        opinion = _clean_opinion(opinion, required=TRANSITIONS[Action.RETURN].opinion_required,
                                 action=Action.RETURN)
        before = _snapshot(locked)
        now = timezone.now()
        _append_step(locked, node=node.key, label=node.label, org=locked.current_org, handler=actor,
                     action=Action.RETURN, opinion=opinion, now=now)
        _move(locked, now, state=CaseState.RETURNED, node="", current_org=None, previous_org=None)
        if route.on_returned is not None:
            route.on_returned(case=locked, document=route.get_document(locked), actor=actor)
        record(actor=actor, action="reviews.return", obj=locked, before=before, after=_snapshot(locked))
    return locked


def _forwarder_of(route: Route, case: Case, node_key: str) -> Organisation | None:
    """The organisation that forwarded the case into `node_key` in the current pass (None: the submitter)."""
    previous = route.previous_node(node_key)
    if previous is None:
        return None
    step = (case.steps.filter(node=previous.key, action=Action.APPROVE).select_related("org")
            .order_by("-seq").first())
    return step.org if step else None


def case_withdraw(*, case: Case, actor, opinion: str = "", expected_version: int | None = None) -> Case:
    """收回: whoever forwarded the case takes it back while the node it went to has not acted."""
    with transaction.atomic():
        locked = _lock(case, expected_version)
        _check(locked, Action.WITHDRAW, actor)
        route = get_route(locked.route)
        node = route.node(locked.node)
        previous = route.previous_node(node.key)
        opinion = _clean_opinion(opinion, required=TRANSITIONS[Action.WITHDRAW].opinion_required,
                                 action=Action.WITHDRAW)
        before = _snapshot(locked)
        now = timezone.now()
        _append_step(locked, node=node.key, label=node.label, org=locked.current_org, handler=actor,
                     action=Action.WITHDRAW, opinion=opinion, now=now)
        if previous is None:
            _move(locked, now, state=CaseState.WITHDRAWN, node="", current_org=None, previous_org=None)
        else:
            _move(locked, now, node=previous.key, current_org=locked.previous_org,
                  previous_org=_forwarder_of(route, locked, previous.key))
        record(actor=actor, action="reviews.withdraw", obj=locked, before=before, after=_snapshot(locked))
    return locked


BATCH_ACTIONS = (Action.APPROVE, Action.RETURN)


def case_batch(*, cases, action: str, actor, opinion: str = "") -> list[tuple[Case, str | None]]:
    """批量同意 / 批量退回: each case in its own transaction; the result says, per case, what went wrong."""
    if action not in BATCH_ACTIONS:
        _fail("不支持的批量操作", "bad_action")
    results: list[tuple[Case, str | None]] = []
    for case in cases:
        try:
            if action == Action.APPROVE:
                done = case_approve(case=case, actor=actor, opinion=opinion)
            else:
                done = case_return(case=case, actor=actor, opinion=opinion)
        except ValidationError as exc:
            results.append((case, "；".join(exc.messages)))
        else:
            results.append((done, None))
    return results
