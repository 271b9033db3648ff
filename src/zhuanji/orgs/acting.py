"""Who acts as which organisation (当前角色): the one context that gates, services, menus and audit rows use."""

from dataclasses import dataclass
from functools import cached_property

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser

from .models import Membership, Organisation, OrgKind, Role
from .registry import PERSON_PERMISSIONS, granted


def memberships_of(user):
    """The roles `user` may act in (切换角色): enabled memberships of enabled organisations, oldest first."""
    return (Membership.objects.filter(user=user, is_active=True, org__is_active=True)
            .select_related("org", "org__region").order_by("pk"))


@dataclass(frozen=True)
class Acting:
    """`user` acting as `membership`'s organisation, or as none (an individual, a platform admin without one)."""

    user: AbstractBaseUser | AnonymousUser
    membership: Membership | None = None

    def __post_init__(self):
        if self.membership is not None and self.membership.user_id != self.user.pk:
            raise ValueError("a user can only act in a membership of their own")

    @property
    def org(self) -> Organisation | None:
        return self.membership.org if self.membership is not None else None

    @cached_property
    def perms(self) -> frozenset[str]:
        """The codenames held now: the individual's own, a platform admin's, and the acting membership's."""
        user = self.user
        if not user.is_authenticated or not user.is_active:
            return frozenset()
        perms = set(PERSON_PERMISSIONS) if user.is_person else set()
        if user.is_superuser:
            # Platform administrators hold what the platform organisation's administrators hold, whichever
            # role they act in; an organisation's own business (reviewing, issuing) stays with its members.
            perms |= granted(OrgKind.PLATFORM, Role.ADMIN)
        membership = self.membership
        if membership is not None and membership.is_active and membership.org.is_active:
            perms |= granted(membership.org.kind, membership.role)
        return frozenset(perms)

    def holds(self, codename: str, org: Organisation | None = None) -> bool:
        """`codename` is held now, and with `org` as that organisation (a person permission needs none)."""
        if codename not in self.perms:
            return False
        if org is None or codename in PERSON_PERMISSIONS:
            return True
        return self.org is not None and self.org.pk == org.pk


def acting_of(actor: Acting | AbstractBaseUser | AnonymousUser) -> Acting:
    """`actor` as an acting context: an `Acting` as it is; a user in the role a new session starts in."""
    if isinstance(actor, Acting):
        return actor
    if isinstance(actor, AnonymousUser):
        return Acting(actor)
    if isinstance(actor, AbstractBaseUser):
        return Acting(actor, memberships_of(actor).first())
    # audit's SYSTEM acts as no organisation: the services it may run say so before asking for a permission.
    raise TypeError(f"not a user or an Acting: {actor!r}")


def acting_as(user: AbstractBaseUser, org: Organisation) -> Acting:
    """`user` acting as `org` outside a request, e.g. a background job finishing what they started as it."""
    return Acting(user, memberships_of(user).filter(org=org).first())
