import re
import secrets
import string

from django.core.exceptions import ValidationError

_CLASSES = (
    (re.compile(r"[A-Z]"), "大写字母"),
    (re.compile(r"[a-z]"), "小写字母"),
    (re.compile(r"[0-9]"), "数字"),
    (re.compile(r"[^A-Za-z0-9]"), "符号"),
)
HELP_TEXT = "密码至少8位，且包含大写字母、小写字母、数字、符号中的至少3种"


class ComplexityValidator:
    """≥ 8 characters and at least 3 of upper case, lower case, digits and symbols."""

    def validate(self, password, user=None):
        if len(password) < 8:
            raise ValidationError("密码长度不能少于8位", code="password_too_short")
        if sum(1 for pattern, _ in _CLASSES if pattern.search(password)) < 3:
            raise ValidationError(HELP_TEXT, code="password_too_simple")

    def get_help_text(self):
        return HELP_TEXT


def temporary_password() -> str:
    """A random password that itself satisfies the policy, for accounts set up or recovered by an admin."""
    chars = [secrets.choice(string.ascii_uppercase), secrets.choice("@#%&*"),
             *(secrets.choice(string.ascii_lowercase) for _ in range(5)),
             *(secrets.choice(string.digits) for _ in range(3))]
    secrets.SystemRandom().shuffle(chars)
    return "".join(chars)


def set_temporary_password(user) -> str:
    """Give `user` a fresh temporary password (returned, to be texted) that they must change at next login."""
    password = temporary_password()
    user.set_password(password)
    user.must_change_password = True
    return password
