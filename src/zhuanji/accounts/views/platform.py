"""平台管理: 账号找回工单 review and the 短信记录 log."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from zhuanji.common.pagination import paginate
from zhuanji.common.views import error_text
from zhuanji.orgs.decorators import perm_required

from .. import selectors, services
from ..forms import TicketRejectForm
from ..models import RecoveryTicket
from ..sms import redact


@perm_required("platform.review_tickets")
def ticket_list(request):
    status = request.GET.get("status", "")
    q = request.GET.get("q", "")
    page = paginate(request, selectors.ticket_list(actor=request.acting, status=status, q=q))
    return render(request, "accounts/platform/ticket_list.html", {
        "page": page, "status": status, "q": q, "statuses": RecoveryTicket.Status.choices,
    })


@login_required
def ticket_detail(request, pk: int):
    ticket = selectors.ticket_get(actor=request.acting, pk=pk)
    return render(request, "accounts/platform/ticket_detail.html",
                  {"ticket": ticket, "reject_form": TicketRejectForm()})


@login_required
def ticket_photo(request, pk: int):
    ticket = selectors.ticket_get(actor=request.acting, pk=pk)
    return FileResponse(ticket.id_photo.open("rb"))


@login_required
@require_POST
def ticket_approve(request, pk: int):
    ticket = selectors.ticket_get(actor=request.acting, pk=pk)
    try:
        services.ticket_approve(actor=request.user, ticket=ticket)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, f"工单{ticket.number}已通过，临时密码已通过短信发送")
    return redirect("accounts:ticket_detail", pk=pk)


@login_required
@require_POST
def ticket_reject(request, pk: int):
    ticket = selectors.ticket_get(actor=request.acting, pk=pk)
    form = TicketRejectForm(request.POST)
    if form.is_valid():
        try:
            services.ticket_reject(actor=request.user, ticket=ticket, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, f"工单{ticket.number}已驳回")
            return redirect("accounts:ticket_detail", pk=pk)
    return render(request, "accounts/platform/ticket_detail.html", {"ticket": ticket, "reject_form": form})


@perm_required("platform.view_sms")
def sms_list(request):
    phone = request.GET.get("phone", "")
    page = paginate(request, selectors.sms_list(actor=request.acting, phone=phone))
    for message in page.object_list:
        message.shown_text = redact(message.text)
    return render(request, "accounts/platform/sms_list.html", {"page": page, "phone": phone})
