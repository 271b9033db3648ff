"""Who may see a document's files: each app declares its owner types in its own `attachments.py`.

    # zhuanji/hours/attachments.py
    OWNERS = (OwnerType("hours.Item", visible=_item_visible),)

`visible(acting, owner) -> bool` is asked by the one download view (`attachments:download`); an owner type that
nobody declared is never served. Reuse the document's own scope rule (e.g. the review engine's `visible_q`), so
whoever opens the document's page can open its files and nobody else.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Model

from zhuanji.common.declarations import declared
from zhuanji.orgs.acting import Acting


@dataclass(frozen=True)
class OwnerType:
    model: str  # "app_label.ModelName"
    visible: Callable[[Acting, Model], bool]


@cache
def _owner_types() -> dict[str, OwnerType]:
    found: dict[str, OwnerType] = {}
    for owner_type in declared("attachments", "OWNERS"):
        key = owner_type.model.lower()
        if key in found:
            raise ImproperlyConfigured(f"attachment owner type {owner_type.model} is declared twice")
        found[key] = owner_type
    return found


def owner_type_of(model: type[Model]) -> OwnerType | None:
    return _owner_types().get(model._meta.label_lower)
