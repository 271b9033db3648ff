"""`record()` is called inside every service's transaction, so the change and its audit row land together."""

from django.db import models

from zhuanji.orgs.acting import Acting

from .context import current_ip, current_org_id
from .models import AuditEntry

SYSTEM = "system"


def _label(actor) -> str:
    if actor == SYSTEM:
        return "系统"
    return f"{actor.display_name}({actor.username})"


def record(*, actor, action: str, obj=None, before: dict | None = None, after: dict | None = None,
           org=None, object_type: str = "", object_repr: str = "", ip: str | None = None) -> AuditEntry:
    """Append an audit entry. `actor` is a user, an `Acting` or `audit.SYSTEM`; an entry without one is refused.

    The entry's organisation is `org` when given, else the one an `Acting` acts as, else the request's.
    """
    if actor is None:
        raise ValueError("an audit entry needs an actor (a user, an Acting or audit.services.SYSTEM)")
    if isinstance(actor, Acting):
        org = org if org is not None else actor.org
        actor = actor.user
    if obj is not None and isinstance(obj, models.Model):
        object_type = object_type or obj._meta.label_lower
        object_repr = object_repr or str(obj)[:200]
        object_id = str(obj.pk)
    else:
        object_id = ""
    return AuditEntry.objects.create(
        actor=None if actor == SYSTEM else actor,
        actor_label=_label(actor),
        org_id=org.pk if org is not None else current_org_id.get(),
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr[:200],
        before=_jsonable(before or {}),
        after=_jsonable(after or {}),
        ip=ip or current_ip.get(),
    )


def _jsonable(data: dict) -> dict:
    return {k: v if isinstance(v, (str, int, float, bool, type(None), list, dict)) else str(v)
            for k, v in data.items()}


def snapshot(obj, fields) -> dict:
    """The before/after summary of the named fields of a model instance."""
    return {f: getattr(obj, f) for f in fields}
