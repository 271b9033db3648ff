"""找回用户名或密码 (public): SMS code, 工单, its progress lookup and the account holder's objection.

Every answer here is the same whether or not the number typed has an account.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from .. import selectors, services
from ..forms import RecoveryCodeForm, RecoveryPasswordForm, RecoverySendForm, TicketForm
from ..services.recovery import CODE_SENT, ticket_from_objection
from .public import apply_errors

SESSION_KEY = "recovery_challenge"


def recover(request):
    return render(request, "accounts/recover_choice.html")


def recover_sms(request):
    form = RecoverySendForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            challenge = services.recovery_code_send(identifier=form.cleaned_data["identifier"],
                                                    phone=form.cleaned_data["phone"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            request.session[SESSION_KEY] = challenge.pk
            messages.success(request, CODE_SENT)
            return redirect("accounts:recover_code")
    return render(request, "accounts/recover_sms.html", {"form": form})


def recover_code(request):
    form = RecoveryCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.recovery_code_check(challenge_id=request.session.get(SESSION_KEY),
                                                code=form.cleaned_data["code"])
        except ValidationError as exc:
            form.add_error("code", exc)
        else:
            request.session["recovery_username"] = user.username
            return redirect("accounts:recover_reset")
    return render(request, "accounts/recover_code.html", {"form": form})


def recover_reset(request):
    username = request.session.get("recovery_username")
    if not username:
        return redirect("accounts:recover_sms")
    form = RecoveryPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.recovery_password_set(challenge_id=request.session.get(SESSION_KEY),
                                           password=form.cleaned_data["password"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            for key in (SESSION_KEY, "recovery_username"):
                request.session.pop(key, None)
            messages.success(request, f"密码已重置，请使用用户名 {username} 和新密码登录")
            return redirect("accounts:login")
    return render(request, "accounts/recover_reset.html", {"form": form, "username": username})


def ticket_new(request):
    form = TicketForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            ticket = services.ticket_submit(name=data["name"], identifier=data["identifier"], phone=data["phone"],
                                            reason=data["reason"], id_photo=data["id_photo"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return render(request, "accounts/ticket_done.html", {"ticket": ticket})
    return render(request, "accounts/ticket_new.html", {"form": form})


def ticket_status(request):
    number = request.GET.get("number", "").strip()
    ticket = selectors.ticket_find(number=number)
    decision = selectors.ticket_decision(ticket) if ticket else None
    return render(request, "accounts/ticket_status.html", {"number": number, "ticket": ticket, "decision": decision})


@require_http_methods(["GET", "POST"])
def ticket_object(request, token: str):
    """不是我: the signed link texted to the account's old phone (and put in its 消息). Opening it changes
    nothing (SMS apps open links to preview them); the button posts the objection."""
    ticket = ticket_from_objection(token)
    if ticket is None:
        return render(request, "accounts/ticket_object.html", {"invalid": True}, status=404)
    outcome = services.ticket_object(ticket=ticket) if request.method == "POST" else None
    return render(request, "accounts/ticket_object.html", {"ticket": ticket, "outcome": outcome})
