"""`record()` is called inside every service's transaction, so the change and its audit row land together.

Centrally, whoever calls it: ID numbers are masked in every stored text (the one the entry is about kept as
a keyed hash, `subject_hash`), the entry carries the organisation of the acting role, and it is appended to
the hash chain (`chain.py`) under a lock on the chain's head, so concurrent appends take turns.
"""

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models, router, transaction
from django.utils import timezone

from zhuanji.common.net import parse_ip
from zhuanji.orgs.acting import Acting, memberships_of

from . import chain
from .context import current_ip, current_org_id, current_user_id
from .masking import first_id_number, is_id_number, mask_id_numbers, mask_id_numbers_in, subject_hash
from .models import AuditEntry, AuditHead

SYSTEM = "system"
# A request nobody is logged in for (a refused address under a protected prefix, `middleware.py`).
ANONYMOUS = "anonymous"
_LABELS = {SYSTEM: "系统", ANONYMOUS: "匿名用户"}
HEAD_PK = 1


def _is_sentinel(actor) -> bool:
    return isinstance(actor, str) and actor in _LABELS


def _label(actor) -> str:
    if _is_sentinel(actor):
        return _LABELS[actor]
    return f"{actor.display_name}({actor.username})"


def _org_id(actor, org) -> int | None:
    """The organisation of the acting role: given, or the `Acting`'s, or for the request's own user the one
    they act as now; for another user (a login, a background job) the role a new session of theirs starts in."""
    if org is not None:
        return org.pk
    if isinstance(actor, Acting):
        return actor.org.pk if actor.org is not None else current_org_id.get()
    if isinstance(actor, AbstractBaseUser) and actor.pk is not None and actor.pk != current_user_id.get():
        return memberships_of(actor).values_list("org_id", flat=True).first()
    return current_org_id.get()


def _id_number_of(value) -> str | None:
    """The whole ID number `value` stands for: the text itself, a person's username, an `id_number` field."""
    if isinstance(value, Acting):
        value = value.user
    if isinstance(value, str):
        return value.strip().upper() if is_id_number(value) else None
    if isinstance(value, AbstractBaseUser):
        return value.username.upper() if is_id_number(value.username) else None
    for name in ("id_number", "identifier"):
        number = getattr(value, name, None)
        if is_id_number(number):
            return number.strip().upper()
    holder = getattr(value, "holder", None)  # a certificate request, a bulk-issue item: about its holder
    if isinstance(holder, AbstractBaseUser):
        return _id_number_of(holder)
    return None


def _subject(subject, obj, texts) -> str:
    """The keyed hash of the ID number the entry is about: `subject`, the object's, or the first one written."""
    number = (_id_number_of(subject) if subject is not None else None) or \
        (_id_number_of(obj) if obj is not None else None)
    for text in texts:
        if number:
            break
        number = first_id_number(text)
    return subject_hash(number) if number else ""


def _locked_head() -> AuditHead:
    head = AuditHead.objects.select_for_update().filter(pk=HEAD_PK).first()
    if head is None:  # a fresh (or flushed) database: the chain starts here
        AuditHead.objects.bulk_create([AuditHead(pk=HEAD_PK)], ignore_conflicts=True)
        head = AuditHead.objects.select_for_update().get(pk=HEAD_PK)
    return head


def record(*, actor, action: str, obj=None, before: dict | None = None, after: dict | None = None,
           org=None, object_type: str = "", object_repr: str = "", ip: str | None = None,
           subject=None) -> AuditEntry:
    """Append an audit entry. `actor` is a user, an `Acting`, `SYSTEM` or `ANONYMOUS`; none is refused.

    The entry's organisation is `org` when given, else the acting role's (see `_org_id`). `subject` names the
    person the entry is about (a user, a person, an ID number) when neither `obj` nor the texts say it.
    """
    if actor is None:
        raise ValueError("an audit entry needs an actor (a user, an Acting or audit.services.SYSTEM)")
    org_id = _org_id(actor, org)
    user = actor.user if isinstance(actor, Acting) else actor
    if obj is not None and isinstance(obj, models.Model):
        object_type = object_type or obj._meta.label_lower
        object_repr = object_repr or str(obj)
        object_id = str(obj.pk)
    else:
        object_id = ""
    before, after = chain.jsonable(before or {}), chain.jsonable(after or {})
    entry = AuditEntry(
        actor=None if _is_sentinel(user) else user,
        actor_label=mask_id_numbers(_label(user))[:100],
        org_id=org_id,
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=mask_id_numbers(object_repr)[:200],
        subject_hash=_subject(subject, obj, (object_repr, before, after)),
        before=mask_id_numbers_in(before),
        after=mask_id_numbers_in(after),
        ip=parse_ip(ip or current_ip.get()),
    )
    with transaction.atomic(using=router.db_for_write(AuditEntry), savepoint=False):
        head = _locked_head()
        entry.created_at = timezone.now()
        entry.prev_hash = head.last_hash
        entry.hash = chain.entry_hash(chain_row(entry))
        entry.save(force_insert=True)
        AuditHead.objects.filter(pk=HEAD_PK).update(last_id=entry.pk, last_hash=entry.hash)
    return entry


def chain_row(entry: AuditEntry) -> dict:
    """The hashed fields of an entry object (as `AuditEntry.objects.values(*chain.FIELDS)` gives them)."""
    return {name: getattr(entry, name) for name in chain.FIELDS}


def snapshot(obj, fields) -> dict:
    """The before/after summary of the named fields of a model instance."""
    return {f: getattr(obj, f) for f in fields}
