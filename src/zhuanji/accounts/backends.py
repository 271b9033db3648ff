from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError

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
    """Log in by ID number, unit credit code or user name.

    `authenticate()` goes through `accounts.services.login_attempt`, so whoever calls it gets the same
    back-off, audit rows and refusals as the login page.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        from zhuanji.common.net import client_ip

        from .services.login import DEVICE_COOKIE, login_attempt

        if username is None or password is None:
            return None
        try:
            return login_attempt(identifier=username, password=password,
                                 ip=client_ip(request) if request is not None else None,
                                 device=request.COOKIES.get(DEVICE_COOKIE, "") if request is not None else "")
        except ValidationError:
            return None
