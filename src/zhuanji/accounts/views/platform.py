"""平台管理: 账号找回工单 (decided on the review engine) and the 短信记录 log."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from zhuanji.audit.services import record
from zhuanji.common.pagination import paginate
from zhuanji.common.params import parse_id
from zhuanji.common.views import error_text
from zhuanji.orgs.decorators import perm_required
from zhuanji.reviews.selectors import case_can_act
from zhuanji.reviews.services import case_act

from .. import selectors
from ..forms import TicketRejectForm
from ..models import TicketStatus
from ..routes import APPROVE, RECHECK_NODE, REJECT, first_reviewer_id, keeps_phone
from ..sms import redact


@perm_required("platform.review_tickets")
def ticket_list(request):
    status = request.GET.get("status", "")
    q = request.GET.get("q", "")
    page = paginate(request, selectors.ticket_list(actor=request.acting, status=status, q=q))
    return render(request, "accounts/platform/ticket_list.html", {
        "page": page, "status": status, "q": q, "statuses": TicketStatus.choices,
    })


def _detail(request, ticket, reject_form):
    case = ticket.case
    at_recheck = case.node == RECHECK_NODE
    return render(request, "accounts/platform/ticket_detail.html", {
        "ticket": ticket, "case": case, "reject_form": reject_form,
        "can_act": case_can_act(case, request.acting),
        # 平台复核 is another reviewer's: the first one is told so instead of being offered the buttons.
        "at_recheck": at_recheck, "needs_recheck": not keeps_phone(case, ticket),
        "same_reviewer": at_recheck and first_reviewer_id(case) == request.user.pk,
    })


@login_required
def ticket_detail(request, pk: int):
    return _detail(request, selectors.ticket_get(actor=request.acting, pk=pk), TicketRejectForm())


def _version(request) -> int | None:
    """The case version the page showed, so a decision on a ticket someone decided since is refused as stale."""
    return parse_id(request.POST.get("version", ""))


def _decide(request, ticket, decision, opinion: str = "") -> bool:
    """The platform's decision on the ticket's case, as the acting organisation; the engine's refusal is shown."""
    try:
        case_act(case=ticket.case, actor=request.acting, decision=decision.key, opinion=opinion,
                 expected_version=_version(request))
    except ValidationError as exc:
        messages.error(request, error_text(exc))
        return False
    return True


@login_required
@require_POST
def ticket_approve(request, pk: int):
    ticket = selectors.ticket_get(actor=request.acting, pk=pk)
    if _decide(request, ticket, APPROVE):
        ticket.case.refresh_from_db()
        if ticket.case.node == RECHECK_NODE:
            messages.success(request, f"工单{ticket.number}初审已通过，需由另一名审核人员复核后生效")
        else:
            messages.success(request, f"工单{ticket.number}已通过，临时密码已通过短信发送")
    return redirect("accounts:ticket_detail", pk=pk)


@login_required
@require_POST
def ticket_reject(request, pk: int):
    ticket = selectors.ticket_get(actor=request.acting, pk=pk)
    form = TicketRejectForm(request.POST)
    if form.is_valid() and _decide(request, ticket, REJECT, form.cleaned_data["reason"]):
        messages.success(request, f"工单{ticket.number}已驳回")
        return redirect("accounts:ticket_detail", pk=pk)
    return _detail(request, ticket, form)


@perm_required("platform.view_sms")
def sms_list(request):
    phone = request.GET.get("phone", "")
    page = paginate(request, selectors.sms_list(actor=request.acting, phone=phone))
    for message in page.object_list:
        message.shown_text = redact(message.text)
    # Reading the SMS log is audited, with the filter used (issue 10 §10).
    record(actor=request.acting, action="accounts.sms_log_view", object_type="accounts.smsmessage",
           object_repr="短信记录", after={"phone": phone, "page": page.number, "rows": page.paginator.count})
    return render(request, "accounts/platform/sms_list.html", {"page": page, "phone": phone})
