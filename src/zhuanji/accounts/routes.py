"""Route "accounts.recovery": an anonymous 账号找回工单 → 平台管理 (→ 平台复核), whose 通过 recovers the account.

Separation of duties: a ticket that gives the account a new phone number is an account takeover if the
ID photo is forged, so after the first reviewer's 通过 it goes to 平台复核, where a *different* reviewer
checks the photo again (the approval hook refuses the first reviewer's own 通过). We chose a second
reviewer over a waiting period: the people who file tickets have usually lost the old phone, so a waiting
period "unless the old phone objects" protects little and only delays them; the old phone and the
account's 消息 are still told on filing and on approval, with a link to object (services.recovery).
A ticket that keeps the registered phone (the temporary password goes to the owner's own phone) skips it.

Route "accounts.unit_registration": a 基层单位's registration → its region's 人社部门, whose 通过 opens the unit.
"""

from django.core.exceptions import ValidationError
from django.urls import reverse

from zhuanji.orgs.models import Organisation, OrgKind
from zhuanji.reviews.events import APPROVED, FORWARDED, REFUSED, SUBMITTED
from zhuanji.reviews.models import Action
from zhuanji.reviews.routes import Decision, Kind, Node, Route, register

from .models import RecoveryTicket, UnitRegistration

ROUTE_KEY = "accounts.recovery"
PLATFORM_NODE = "platform"
RECHECK_NODE = "recheck"
SAME_REVIEWER = "复核须由另一名审核人员办理：您已办理本工单的初审"
APPROVE = Decision("approve", Kind.APPROVE, "通过", opinion_label="审核意见")
REJECT = Decision("reject", Kind.REFUSE, "驳回", opinion_required=True, opinion_label="驳回原因")


def _platform(case, ticket):
    # There is one platform organisation, and it cannot be disabled (orgs.services.org_set_active).
    return Organisation.objects.filter(kind=OrgKind.PLATFORM)


def _document(case) -> RecoveryTicket:
    return RecoveryTicket.objects.select_related("user").get(case=case)


def keeps_phone(case, ticket) -> bool:
    """平台复核 is skipped when the ticket does not change the account's phone."""
    from .services.recovery import ticket_account

    user = ticket_account(ticket)
    return user is not None and user.phone == ticket.phone


def first_reviewer_id(case) -> int | None:
    """Who gave the latest 平台管理 通过 of this case (the user 平台复核 must not be)."""
    step = case.steps.filter(node=PLATFORM_NODE, action=Action.APPROVE).order_by("-seq").first()
    return step.handler_id if step is not None else None


# Imported when called: the ticket services import this module for the route's key and decisions.
def _submitted(event) -> None:
    from .services.recovery import ticket_notify_filed

    ticket_notify_filed(ticket=event.document)


def _forwarded(event) -> None:
    from .services.recovery import ticket_require_account

    ticket_require_account(ticket=event.document)


def _approved(event) -> None:
    from .services.recovery import ticket_recover

    if event.step.node == RECHECK_NODE and (event.user is None or event.user.pk == first_reviewer_id(event.case)):
        raise ValidationError(SAME_REVIEWER, code="same_reviewer")
    ticket_recover(ticket=event.document, actor=event.actor)


def _refused(event) -> None:
    from .services.recovery import ticket_check_refusal, ticket_notify_refused

    ticket_check_refusal(reason=event.step.opinion)
    ticket_notify_refused(ticket=event.document, reason=event.step.opinion)  # texted after commit


ROUTE = Route(
    key=ROUTE_KEY,
    label="账号找回工单",
    nodes=(
        Node(PLATFORM_NODE, "平台管理", resolve=_platform, perm="platform.review_tickets", actions=(APPROVE, REJECT),
             dialog_title="工单审核", decision_label="审核结果"),
        Node(RECHECK_NODE, "平台复核", resolve=_platform, perm="platform.review_tickets", actions=(APPROVE, REJECT),
             skip=keeps_phone, dialog_title="工单复核（更换手机号码）", decision_label="复核结果"),
    ),
    get_document=_document,
    detail_url=lambda case: reverse("accounts:ticket_detail", args=[_document(case).pk]),
    hooks={SUBMITTED: _submitted, FORWARDED: _forwarded, APPROVED: _approved, REFUSED: _refused},
    submitter_label="申请人",
    done_label="已找回",
)


UNIT_ROUTE_KEY = "accounts.unit_registration"
UNIT_REVIEW_NODE = "reviewer"
UNIT_APPROVE = Decision("approve", Kind.APPROVE, "通过", opinion_label="审核意见")
UNIT_REFUSE = Decision("refuse", Kind.REFUSE, "不通过", opinion_required=True, opinion_label="不通过原因")


def _hr_office(case, registration):
    """The registering unit's 人社部门: its 地州人社局, or the 人社厅 for a 自治区 unit; the platform if none.

    Exactly one organisation, so that the case is never held up asking the (absent) submitter to choose."""
    region = registration.org.region
    kind = OrgKind.HR_DEPARTMENT if region.is_region else OrgKind.HR_BUREAU
    office = (Organisation.objects.filter(kind=kind, region=region, is_active=True)
              .order_by("pk").values_list("pk", flat=True).first())
    if office is None:
        return Organisation.objects.filter(kind=OrgKind.PLATFORM)
    return Organisation.objects.filter(pk=office)


def _registration(case) -> UnitRegistration:
    return UnitRegistration.objects.select_related("org", "org__region", "org__registered_account").get(case=case)


def _unit_approved(event) -> None:
    from .services.unit_review import unit_registration_approved

    unit_registration_approved(registration=event.document, actor=event.actor)


def _unit_refused(event) -> None:
    from .services.unit_review import unit_registration_refused

    unit_registration_refused(registration=event.document, actor=event.actor, reason=event.step.opinion)


UNIT_ROUTE = Route(
    key=UNIT_ROUTE_KEY,
    label="单位注册",
    nodes=(
        Node(UNIT_REVIEW_NODE, "人社部门审核", resolve=_hr_office, perm="accounts.review_units",
             actions=(UNIT_APPROVE, UNIT_REFUSE), dialog_title="单位注册审核", decision_label="审核结果"),
    ),
    get_document=_registration,
    detail_url=lambda case: reverse("accounts:unit_registration_detail", args=[_registration(case).pk]),
    hooks={APPROVED: _unit_approved, REFUSED: _unit_refused},
    submitter_label="注册单位",
    done_label="已开通",
)


def register_route() -> None:
    register(ROUTE)
    register(UNIT_ROUTE)
