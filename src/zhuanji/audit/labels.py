"""The Chinese names of audit actions and object types, as each app declares them in its `audit_labels.py`.

An entry stores codes (`hours.evidence_add`, `accounts.user`); the log shows these labels and keeps the
code in a tooltip. A code without a label is shown as is, and `tests/audit/test_labels.py` fails for any
action code written in the code base without one, so declare the label in the app's `audit_labels.py`
with the action:

    register("专业课学时认定", order=50, actions={"hours.item_create": "新增学时项目"},
             object_types={"hours.item": "学时项目"})
"""

from functools import cache
from types import MappingProxyType
from typing import NamedTuple

from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import autodiscover_modules


class _Group(NamedTuple):
    order: int
    name: str
    actions: dict[str, str]
    object_types: dict[str, str]


class Registry:
    """The groups the apps register, kept in their `order`; a group or code declared twice is refused."""

    def __init__(self):
        self._groups: list[_Group] = []
        self.actions: dict[str, str] = {}
        self.object_types: dict[str, str] = {}

    def register(self, group: str, *, order: int, actions: dict[str, str], object_types: dict[str, str]) -> None:
        """`order` places the group in the 操作 filter; `object_types` are `AuditEntry.object_type` codes."""
        for other in self._groups:
            clashes = (({group} & {other.name}) | (actions.keys() & other.actions.keys())
                       | (object_types.keys() & other.object_types.keys()))
            if clashes:
                raise ImproperlyConfigured(f"audit labels declared by both {other.name} and {group}: {sorted(clashes)}")
        self._groups.append(_Group(order, group, actions, object_types))
        self._groups.sort(key=lambda g: g.order)
        self.actions.update(actions)
        self.object_types.update(object_types)

    def action_groups(self) -> list[tuple[str, list[tuple[str, str]]]]:
        # A group that only names object types (messages) offers nothing to filter by.
        return [(g.name, list(g.actions.items())) for g in self._groups if g.actions]


_REGISTRY = Registry()
register = _REGISTRY.register


@cache
def _collected() -> Registry:
    # Each app's audit_labels.py registers when imported, so importing them all is the collection. Lazily,
    # on first use: the apps must be loaded, and the modules import `register` from here.
    autodiscover_modules("audit_labels")
    return _REGISTRY


def actions() -> MappingProxyType:
    """Every labelled action code → its label."""
    return MappingProxyType(_collected().actions)


def object_types() -> MappingProxyType:
    """Every labelled `AuditEntry.object_type` → its label: a model's `app_label.modelname`, or the name a
    service passes for what is not a row."""
    return MappingProxyType(_collected().object_types)


def action_label(code: str) -> str:
    return _collected().actions.get(code, code)


def object_type_label(code: str) -> str:
    return _collected().object_types.get(code, code)


def action_choices() -> list:
    """The 操作 filter's options, grouped by module (static: no query over the log)."""
    return [("", "全部操作"), *_collected().action_groups()]
