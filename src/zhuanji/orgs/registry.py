"""Permissions as data, collected from every app's `permissions.py` at start-up.

An app declares its codenames there as `PERMISSIONS = (Permission(...), ...)`: the label, the organisation
kinds that can hold each, and the roles granted it. A membership (user, organisation, role) then grants
what its organisation's kind allows and its role includes; administrators get everything their kind allows.
"""

from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured

from zhuanji.common.declarations import declared

from .models import OrgKind, Role


@dataclass(frozen=True)
class Permission:
    codename: str
    label: str
    # Organisation kinds whose memberships can hold it; none for a person permission.
    kinds: tuple[str, ...] = ()
    # Roles granted it besides administrators, who hold everything their kind allows.
    roles: tuple[str, ...] = ()
    # Held by an individual's own account (个人用户), with no organisation.
    person: bool = False

    def __post_init__(self):
        if self.person and (self.kinds or self.roles):
            raise ImproperlyConfigured(f"{self.codename}: a person permission names no organisation kind or role")
        unknown = (set(self.kinds) - set(OrgKind.values)) | (set(self.roles) - set(Role.values))
        if unknown:
            raise ImproperlyConfigured(f"{self.codename}: unknown organisation kinds or roles {sorted(unknown)}")


# The tables, filled in place by `collect()` so that names imported before start-up see them.
LABELS: dict[str, str] = {}
KIND_PERMISSIONS: dict[str, frozenset[str]] = {}
ROLE_PERMISSIONS: dict[str, frozenset[str] | None] = {}
PERSON_PERMISSIONS: set[str] = set()


def collect() -> None:
    """Build the tables from every installed app's `permissions.PERMISSIONS` (run by `OrgsConfig.ready`)."""
    permissions = list(declared("permissions", "PERMISSIONS"))
    codenames = [p.codename for p in permissions]
    if len(codenames) != len(set(codenames)):
        twice = sorted({c for c in codenames if codenames.count(c) > 1})
        raise ImproperlyConfigured(f"permissions declared twice: {twice}")
    LABELS.clear()
    LABELS.update((p.codename, p.label) for p in permissions)
    KIND_PERMISSIONS.clear()
    KIND_PERMISSIONS.update(
        (kind, frozenset(p.codename for p in permissions if kind in p.kinds)) for kind in OrgKind.values)
    ROLE_PERMISSIONS.clear()
    ROLE_PERMISSIONS.update(
        (role, None if role == Role.ADMIN else frozenset(p.codename for p in permissions if role in p.roles))
        for role in Role.values)
    PERSON_PERMISSIONS.clear()
    PERSON_PERMISSIONS.update(p.codename for p in permissions if p.person)


def granted(kind: str, role: str) -> frozenset[str]:
    """What a membership of `role` in an organisation of `kind` holds (nothing for an unknown role)."""
    if role not in ROLE_PERMISSIONS:
        return frozenset()
    allowed = KIND_PERMISSIONS.get(kind, frozenset())
    role_perms = ROLE_PERMISSIONS[role]
    return allowed if role_perms is None else allowed & role_perms
