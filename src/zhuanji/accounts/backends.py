from django.contrib.auth.backends import ModelBackend

from .models import User


def resolve_identifier(identifier: str) -> User | None:
    """The account behind what was typed in 身份证号码/单位组织机构代码/用户名."""
    identifier = (identifier or "").strip()
    if not identifier:
        return None
    upper = identifier.upper()
    user = User.objects.filter(person__id_number=upper).first() if len(upper) == 18 else None
    if user is None and len(upper) == 18:
        user = User.objects.filter(registered_org__credit_code=upper).first()
    if user is None:
        user = User.objects.filter(username=identifier).first()
    return user


class IdentifierBackend(ModelBackend):
    """Log in by ID number, unit credit code or user name; lock-out is decided in accounts.services."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        user = resolve_identifier(username)
        if user is None:
            User().set_password(password)  # spend the hashing time anyway: no user enumeration by timing
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
