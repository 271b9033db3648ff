"""Read queries of accounts: ticket lists for platform admins, the SMS log, the public ticket lookup."""

from django.db.models import Q
from django.shortcuts import get_object_or_404

from zhuanji.orgs.access import has_perm

from .models import RecoveryTicket, SmsMessage


def ticket_list(*, actor, status: str = "", q: str = ""):
    """Tickets a platform admin may review; nothing for anyone else."""
    if not has_perm(actor, "platform.review_tickets"):
        return RecoveryTicket.objects.none()
    tickets = RecoveryTicket.objects.select_related("reviewed_by")
    if status:
        tickets = tickets.filter(status=status)
    if q:
        tickets = tickets.filter(Q(number=q.strip()) | Q(identifier=q.strip().upper()) | Q(name__contains=q.strip()))
    return tickets


def ticket_get(*, actor, pk: int) -> RecoveryTicket:
    return get_object_or_404(ticket_list(actor=actor).select_related("user"), pk=pk)


def ticket_find(*, number: str) -> RecoveryTicket | None:
    """The public progress lookup: by exact ticket number only."""
    number = (number or "").strip().upper()
    return RecoveryTicket.objects.filter(number=number).first() if number else None


def sms_list(*, actor, phone: str = ""):
    if not has_perm(actor, "platform.view_sms"):
        return SmsMessage.objects.none()
    messages = SmsMessage.objects.all()
    return messages.filter(phone=phone.strip()) if phone else messages

