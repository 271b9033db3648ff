"""Every state change of accounts: registration, login, recovery. Import from here."""

from .login import login_attempt, logout_record
from .recovery import (
    recovery_code_check,
    recovery_code_send,
    recovery_password_set,
    ticket_object,
    ticket_submit,
)
from .registration import (
    password_change,
    person_profile_update,
    person_register,
    staff_user_create,
    unit_register,
)

__all__ = [
    "login_attempt", "logout_record", "password_change", "person_profile_update", "person_register",
    "recovery_code_check", "recovery_code_send", "recovery_password_set", "staff_user_create", "ticket_object",
    "ticket_submit", "unit_register",
]
