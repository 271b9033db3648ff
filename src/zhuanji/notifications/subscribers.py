"""Every case event of the review engine tells the people who must act, or whose document it is.

The messages are written inside the transition's transaction (a rolled-back transition leaves none).
"""

from django.urls import reverse

from zhuanji.orgs.access import members_holding
from zhuanji.reviews import events
from zhuanji.reviews.access import node_perm
from zhuanji.reviews.routes import get_route

from .services import notify


def _owners(case):
    """Whose document it is: its submitter, or the owning organisation's members who file it."""
    route = get_route(case.route)
    if route.org_owned:
        return list(members_holding(case.owner_org, route.submit_perm))
    return [case.submitter] if case.submitter is not None else []


def _actors(case):
    """Who must act now: the members of the organisation the case is at, holding the node's perm."""
    route = get_route(case.route)
    return list(members_holding(case.current_org, node_perm(route, route.node(case.node))))


def _label(case) -> str:
    return f"{case.route_label} {case.number}"


def _to_act(event):
    case = event.case
    notify(recipients=_actors(case), title=f"您有新的待办：{_label(case)}",
           body=f"{case.title}，当前节点：{case.node_label}", url=reverse("reviews:inbox"), case=case)


def _to_owner(verb: str):
    def handler(event):
        case = event.case
        opinion = event.step.opinion if event.step is not None else ""
        notify(recipients=_owners(case), title=f"您的{_label(case)}{verb}", body=opinion,
               url=reverse("reviews:case", args=[case.pk]), case=case)

    return handler


def _withdrawn(event):
    if event.case.state == "pending":  # back at an earlier node: it waits there again
        _to_act(event)
    else:
        _to_owner("已收回")(event)


HANDLERS = {
    events.SUBMITTED: _to_act,
    events.FORWARDED: _to_act,
    events.WITHDRAWN: _withdrawn,
    events.APPROVED: _to_owner("已审核通过"),
    events.RETURNED: _to_owner("已被退回"),
    events.REFUSED: _to_owner("审核不通过"),
    events.CANCELLED: _to_owner("已撤销"),
    events.REOPENED: _to_owner("已被重新打开，请修改后重新提交"),
}


def subscribe_all() -> None:
    for name, handler in HANDLERS.items():
        events.subscribe(name, handler)
