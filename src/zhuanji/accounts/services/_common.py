"""What every accounts service shares: the password policy check and field-error collection."""

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError


def check_password_policy(password: str, *, user=None, field: str = "password") -> None:
    try:
        password_validation.validate_password(password or "", user)
    except ValidationError as exc:
        raise ValidationError({field: exc.error_list}) from exc


class Errors:
    """Collects per-field errors so a form shows every problem at once, not only the first."""

    def __init__(self):
        self.fields: dict[str, list[ValidationError]] = {}

    def check(self, field: str, func, *args):
        try:
            return func(*args)
        except ValidationError as exc:
            self.add(field, exc)
            return None

    def add(self, field: str, error) -> None:
        if isinstance(error, str):
            error = ValidationError(error)
        self.fields.setdefault(field, []).extend(error.error_list)

    def raise_if_any(self) -> None:
        if self.fields:
            raise ValidationError(self.fields)
