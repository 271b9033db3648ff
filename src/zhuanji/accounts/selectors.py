"""Read queries of accounts: ticket lists for platform admins, the SMS log, the public ticket lookup, unit
registrations for their reviewers."""

from django.db.models import Q
from django.shortcuts import get_object_or_404

from zhuanji.orgs.access import has_perm
from zhuanji.reviews.access import visible_q
from zhuanji.reviews.models import Action, Step

from .models import RecoveryTicket, SmsMessage, UnitRegistration


def ticket_list(*, actor, status: str = "", q: str = ""):
    """Tickets whose case reached the acting organisation (the engine's scope rule): the platform's, for its
    reviewers; nothing for anyone else. `status` is a `TicketStatus`, i.e. the state of the ticket's case."""
    tickets = RecoveryTicket.objects.filter(visible_q(actor, prefix="case__")).select_related("case")
    if status:
        tickets = tickets.filter(case__state=status)
    if q:
        tickets = tickets.filter(Q(number=q.strip()) | Q(identifier=q.strip().upper()) | Q(name__contains=q.strip()))
    return tickets


def ticket_get(*, actor, pk: int) -> RecoveryTicket:
    return get_object_or_404(ticket_list(actor=actor).select_related("user", "case__current_org")
                             .prefetch_related("attachments"), pk=pk)


def ticket_visible(acting, ticket: RecoveryTicket) -> bool:
    """Whom a ticket's 身份证照片 opens for: the organisation its case reached (the platform's reviewers)."""
    return RecoveryTicket.objects.filter(visible_q(acting, prefix="case__") & Q(pk=ticket.pk)).exists()


def person_visible(acting, person) -> bool:
    """A person's 一寸照 is theirs alone."""
    return acting.user.is_authenticated and acting.user.pk == person.user_id


def ticket_find(*, number: str) -> RecoveryTicket | None:
    """The public progress lookup: by exact ticket number only."""
    number = (number or "").strip().upper()
    return RecoveryTicket.objects.select_related("case").filter(number=number).first() if number else None


def ticket_decision(ticket: RecoveryTicket) -> Step | None:
    """The step that closed the ticket (the last 通过, a 驳回, or the 撤销 on its holder's objection) — when,
    and the reasons of a refusal — or None while it is pending (after a first 通过 too, awaiting 复核)."""
    if not ticket.case.is_final:
        return None
    return (ticket.case.steps.filter(action__in=(Action.APPROVE, Action.REFUSE, Action.CANCEL))
            .order_by("seq").last())


def sms_list(*, actor, phone: str = ""):
    if not has_perm(actor, "platform.view_sms"):
        return SmsMessage.objects.none()
    messages = SmsMessage.objects.all()
    return messages.filter(phone=phone.strip()) if phone else messages



def unit_registration_get(*, actor, pk: int) -> UnitRegistration:
    """A unit's registration, for whom its case is visible (the engine's scope rule: the office it reached, the
    registering admin); 404 for anyone else."""
    registrations = (UnitRegistration.objects.filter(visible_q(actor, prefix="case__"))
                     .select_related("case", "case__current_org", "org", "org__region", "org__registered_account"))
    return get_object_or_404(registrations, pk=pk)
