"""The one masking of personal data in lists and exports: `6523**********12`, `138****1234`."""

import re


def mask_id_number(value: str | None) -> str:
    if not value:
        return ""
    value = str(value)
    if len(value) <= 6:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 6) + value[-2:]


def mask_phone(value: str | None) -> str:
    if not value:
        return ""
    value = str(value)
    if len(value) < 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


# An 18-digit ID number (last character may be X) or an 11-digit mainland mobile, not inside a longer number.
_ID_IN_TEXT = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
_MOBILE_IN_TEXT = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


def mask_numbers_in_text(value) -> str:
    """Mask ID and mobile numbers wherever they occur in free text (audit labels, before/after values)."""
    if value is None:
        return ""
    text = _ID_IN_TEXT.sub(lambda m: mask_id_number(m.group()), str(value))
    return _MOBILE_IN_TEXT.sub(lambda m: mask_phone(m.group()), text)
