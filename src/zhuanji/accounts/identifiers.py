"""ID numbers (居民身份证号) and unit credit codes (统一社会信用代码), checked by python-stdnum."""

import datetime
import re
import unicodedata

from django.core.exceptions import ValidationError
from stdnum import exceptions as stdnum_errors
from stdnum.cn import ric, uscc


def clean_id_number(value: str) -> str:
    value = (value or "").strip().upper()
    if len(value) != 18:
        raise ValidationError("请输入18位居民身份证号", code="id_length")
    try:
        return ric.validate(value)
    except stdnum_errors.InvalidChecksum as exc:
        raise ValidationError("身份证号校验位不正确，请核对", code="id_checksum") from exc
    except stdnum_errors.InvalidComponent as exc:
        raise ValidationError("身份证号中的出生日期或地区码不正确", code="id_component") from exc
    except stdnum_errors.ValidationError as exc:
        raise ValidationError("身份证号格式不正确", code="id_format") from exc


def id_birth_date(value: str) -> datetime.date:
    return ric.get_birth_date(value)


def id_gender(value: str) -> str:
    return "男" if int(value[16]) % 2 else "女"


def clean_credit_code(value: str) -> str:
    value = (value or "").strip().upper()
    if len(value) != 18:
        raise ValidationError("请输入18位统一社会信用代码", code="uscc_length")
    try:
        return uscc.validate(value)
    except stdnum_errors.ValidationError as exc:
        raise ValidationError("统一社会信用代码不正确，请核对", code="uscc_invalid") from exc


def is_id_number(value: str) -> bool:
    return ric.is_valid((value or "").strip().upper())


def is_credit_code(value: str) -> bool:
    return uscc.is_valid((value or "").strip().upper())


def clean_phone(value: str) -> str:
    value = (value or "").strip()
    # ASCII digits only: full-width "１３８…" and "²" are digits to isdigit() but no number an SMS gateway dials.
    if not (len(value) == 11 and value.isascii() and value.isdigit() and value.startswith("1")):
        raise ValidationError("请输入以1开头的11位手机号码", code="phone_invalid")
    return value


# An office phone (联系电话, as opposed to a 手机): digits and "-", 7 to 20 characters (0991-8028160, 12333).
_OFFICE_PHONE = re.compile(r"[0-9][0-9-]{6,19}")


def clean_office_phone(value: str, *, label: str = "联系电话") -> str:
    """A required office phone; callers for which it is optional check for "" first."""
    value = (value or "").strip()
    if not value:
        raise ValidationError(f"请填写{label}", code="office_phone_required")
    if not _OFFICE_PHONE.fullmatch(value):
        raise ValidationError(f"{label}格式不正确（数字和“-”，7至20位）", code="office_phone_invalid")
    return value


# A person's name as ID cards and the seeds write it: Chinese characters (also 𠀀-range ones), other scripts'
# letters (Uyghur, Latin …), the middle dot between the parts of a transcribed name (古丽娜尔·艾买提; the
# variants people type are accepted and stored as ·) and single spaces between Latin words. No digits, no
# punctuation — nothing a spreadsheet could take for a formula.
NAME_DOTS = "·•・‧∙"
NAME_MAX_LENGTH = 50


def _letter(ch: str) -> bool:
    return ch.isalpha() or ch == "〇"


def clean_person_name(value: str, *, label: str = "姓名", max_length: int = NAME_MAX_LENGTH) -> str:
    value = " ".join(unicodedata.normalize("NFC", value or "").split())
    for dot in NAME_DOTS[1:]:
        value = value.replace(dot, NAME_DOTS[0])
    value = value.replace(" · ", "·").replace(" ·", "·").replace("· ", "·")
    if not value:
        raise ValidationError(f"请输入{label}", code="name_required")
    if len(value) > max_length:
        raise ValidationError(f"{label}不能超过{max_length}个字", code="name_length")
    separators = f"{NAME_DOTS[0]} "
    well_formed = (
        all(_letter(ch) or ch in separators for ch in value)
        and _letter(value[0]) and _letter(value[-1])
        and not any(a in separators and b in separators for a, b in zip(value, value[1:], strict=False))
    )
    if not well_formed:
        raise ValidationError(f"{label}只能由汉字、字母和间隔号“·”组成", code="name_invalid")
    return value
