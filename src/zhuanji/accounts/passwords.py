"""The password policy (settings.AUTH_PASSWORD_VALIDATORS) and temporary passwords.

Every place a user chooses a password (registration, 修改密码, the SMS recovery reset, a staff account
created with a password) runs all the validators through `services._common.check_password_policy`:

- `ComplexityValidator`: ≥ 8 characters, 3 of upper case, lower case, digits, symbols;
- `CommonPasswordValidator`: not one of Django's 20 000 common passwords nor of the Chinese top list kept
  in `data/common_passwords_cn.txt` (case-insensitive, also after undoing `@`→a, `0`→o … substitutions);
- `PersonalInfoValidator`: not containing (or close to) the user's ID number, its last 6 or 8 digits, the
  birth date in it, the credit code, the phone number, the name or the user name;
- `PasswordHistoryValidator`: none of the last five passwords the user chose (`PasswordHistory`).
"""

import re
import secrets
import string
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

from django.contrib.auth import password_validation
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError

_CLASSES = (
    (re.compile(r"[A-Z]"), "大写字母"),
    (re.compile(r"[a-z]"), "小写字母"),
    (re.compile(r"[0-9]"), "数字"),
    (re.compile(r"[^A-Za-z0-9]"), "符号"),
)
HELP_TEXT = "密码至少8位，且包含大写字母、小写字母、数字、符号中的至少3种"
HISTORY_KEEP = 5
# What the password boxes say under them: every rule, so nobody learns them one refusal at a time.
POLICY_TEXT = (f"{HELP_TEXT}；不能使用常见密码，不能包含身份证号、出生日期、手机号码或姓名，"
               f"不能与最近{HISTORY_KEEP}次使用过的密码相同")
CN_LIST = Path(__file__).resolve().parent / "data" / "common_passwords_cn.txt"


class ComplexityValidator:
    """≥ 8 characters and at least 3 of upper case, lower case, digits and symbols."""

    def validate(self, password, user=None):
        if len(password) < 8:
            raise ValidationError("密码长度不能少于8位", code="password_too_short")
        if sum(1 for pattern, _ in _CLASSES if pattern.search(password)) < 3:
            raise ValidationError(HELP_TEXT, code="password_too_simple")

    def get_help_text(self):
        return HELP_TEXT


# Substitutions undone before looking a password up: symbols only, then the letter-like digits too.
_UNLEET = (str.maketrans({"@": "a", "$": "s"}), str.maketrans({"@": "a", "$": "s", "0": "o"}),
           str.maketrans({"@": "a", "$": "s", "0": "o", "3": "e", "1": "i"}))
_TRAILING = "!.@#$%&*?~_-"


class CommonPasswordValidator(password_validation.CommonPasswordValidator):
    """Django's list of common passwords plus the Chinese sites' top list, compared case-insensitively."""

    def __init__(self, password_list_path=password_validation.CommonPasswordValidator.DEFAULT_PASSWORD_LIST_PATH,
                 extra_list_path=CN_LIST):
        super().__init__(password_list_path)
        with open(extra_list_path, encoding="utf-8") as f:
            self.passwords |= {line.strip().lower() for line in f if line.strip() and not line.startswith("#")}

    @staticmethod
    def candidates(password: str) -> set[str]:
        lowered = password.lower().strip()
        forms = {lowered, *(lowered.translate(table) for table in _UNLEET)}
        return forms | {form.rstrip(_TRAILING) for form in forms}

    def validate(self, password, user=None):
        if self.candidates(password) & self.passwords:
            raise ValidationError(self.get_error_message(), code="password_too_common")

    def get_error_message(self):
        return "该密码过于常见，容易被猜中，请换一个"

    def get_help_text(self):
        return "不能使用常见密码"


@dataclass
class PasswordOwner:
    """Whom a password is for before their account exists (registration): what it must not contain."""

    username: str = ""
    name: str = ""
    phone: str = ""
    identifiers: tuple[str, ...] = ()  # ID number, credit code
    pk = None


def _personal_values(user) -> tuple[list[str], list[str]]:
    """(numbers: ID number, credit code, phone, user name; names) of `user` — a `User` or a `PasswordOwner`."""
    numbers = [getattr(user, "username", ""), getattr(user, "phone", ""), *getattr(user, "identifiers", ())]
    if getattr(user, "pk", None):
        from zhuanji.orgs.models import Organisation

        from .models import Person

        numbers += Person.objects.filter(user_id=user.pk).values_list("id_number", flat=True)
        numbers += Organisation.objects.filter(registered_account_id=user.pk).values_list("credit_code", flat=True)
    names = [getattr(user, "name", "")]
    return [n.strip().lower() for n in numbers if n and n.strip()], [n.strip().lower() for n in names if n]


def _tokens(value: str) -> set[str]:
    """The parts of an ID number, credit code or phone number a password must not contain."""
    tokens = {value}
    if len(value) == 18:  # an ID number or a credit code: its tail, and an ID number's birth date
        tokens |= {value[-6:], value[-8:]}
        birth = value[6:14]
        if birth.isdigit() and birth[:2] in ("19", "20"):
            tokens |= {birth, birth[2:]}
    elif len(value) == 11 and value.isdigit():  # a mobile number and its last 8 digits
        tokens.add(value[-8:])
    return {t for t in tokens if len(t) >= 5}


def _is_cjk(text: str) -> bool:
    return all("\u4e00" <= ch <= "\u9fff" or ch in "·•" for ch in text)


class PersonalInfoValidator:
    """The password neither contains nor closely resembles the user's ID number (or its last 6/8 digits,
    the birth date in it), credit code, phone number, user name or name."""

    MESSAGE = "密码不能包含或近似于您的身份证号码、出生日期、手机号码、姓名或用户名"

    def __init__(self, max_similarity: float = 0.7):
        self.max_similarity = max_similarity

    def validate(self, password, user=None):
        if user is None:
            return
        lowered = password.lower()
        numbers, names = _personal_values(user)
        for value in numbers:
            if any(token in lowered for token in _tokens(value)) or (
                    SequenceMatcher(a=lowered, b=value).quick_ratio() >= self.max_similarity
                    and SequenceMatcher(a=lowered, b=value).ratio() >= self.max_similarity):
                raise ValidationError(self.MESSAGE, code="password_too_similar")
        for name in names:
            # A Chinese name from two characters; a Latin one (a unit's contact) from four letters.
            if (len(name) >= 2 and _is_cjk(name) or len(name) >= 4) and name in lowered:
                raise ValidationError(self.MESSAGE, code="password_too_similar")

    def get_help_text(self):
        return "不能包含身份证号、出生日期、手机号码或姓名"


class PasswordHistoryValidator:
    """Not one of the user's last `keep` passwords; each password the user chooses is remembered on save."""

    def __init__(self, keep: int = HISTORY_KEEP):
        self.keep = keep

    def _hashes(self, user) -> list[str]:
        from .models import PasswordHistory

        return list(PasswordHistory.objects.filter(user_id=user.pk).values_list("password", flat=True)[:self.keep])

    def validate(self, password, user=None):
        if user is None or not getattr(user, "pk", None) or not hasattr(user, "password"):
            return
        # The current password counts too (it may be a temporary one, which is not in the history).
        for encoded in [user.password, *self._hashes(user)]:
            if encoded and check_password(password, encoded):
                raise ValidationError(f"新密码不能与最近{self.keep}次使用过的密码相同", code="password_reused")

    def password_changed(self, password, user=None):
        """Called by `User.save()` once a new password is stored: remember the user's own choices."""
        from .models import PasswordHistory

        if user is None or not user.pk or getattr(user, "must_change_password", False):
            return  # a temporary password (admin reset, recovery ticket) is not the user's choice
        PasswordHistory.objects.create(user_id=user.pk, password=user.password)
        stale = PasswordHistory.objects.filter(user_id=user.pk).values_list("pk", flat=True)[self.keep:]
        PasswordHistory.objects.filter(pk__in=list(stale)).delete()

    def get_help_text(self):
        return f"不能与最近{self.keep}次使用过的密码相同"


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
