"""Route "accounts.recovery": an anonymous 账号找回工单 → 平台管理, whose 通过 recovers the account."""

from django.urls import reverse

from zhuanji.orgs.models import Organisation, OrgKind
from zhuanji.reviews.events import APPROVED, REFUSED, subscribe
from zhuanji.reviews.routes import Decision, Kind, Node, Route, register

from .models import RecoveryTicket

ROUTE_KEY = "accounts.recovery"
PLATFORM_NODE = "platform"
APPROVE = Decision("approve", Kind.APPROVE, "通过", opinion_label="审核意见")
REJECT = Decision("reject", Kind.REFUSE, "驳回", opinion_required=True, opinion_label="驳回原因")


def _platform(case, ticket):
    # There is one platform organisation, and it cannot be disabled (orgs.services.org_set_active).
    return Organisation.objects.filter(kind=OrgKind.PLATFORM)


def _document(case) -> RecoveryTicket:
    return RecoveryTicket.objects.select_related("user").get(case=case)


# Imported when called: the ticket services import this module for the route's key and decisions.
def _approved(event) -> None:
    from .services.recovery import ticket_recover

    ticket_recover(ticket=event.document, actor=event.actor)


def _refused(event) -> None:
    from .services.recovery import ticket_notify_refused

    ticket_notify_refused(ticket=event.document, reason=event.step.opinion)


ROUTE = Route(
    key=ROUTE_KEY,
    label="账号找回工单",
    nodes=(
        Node(PLATFORM_NODE, "平台管理", resolve=_platform, perm="platform.review_tickets", actions=(APPROVE, REJECT),
             dialog_title="工单审核", decision_label="审核结果"),
    ),
    get_document=_document,
    detail_url=lambda case: reverse("accounts:ticket_detail", args=[_document(case).pk]),
    hooks={APPROVED: _approved},
    submitter_label="申请人",
    done_label="已找回",
)


def register_route() -> None:
    register(ROUTE)
    # A refusal only sends a text message: after the refusal commits, never for a rolled-back one.
    subscribe(REFUSED, _refused, route=ROUTE_KEY, after_commit=True)
