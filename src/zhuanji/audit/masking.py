"""The one masking of personal data in lists and exports: `6523**********12`, `138****1234`.

The audit log stores ID numbers masked (`mask_id_numbers`), with a keyed hash of the one an entry is about
(`subject_hash`) so that an auditor who types the full number still finds it.
"""

import hashlib
import hmac
import re

from django.conf import settings
from django.utils.crypto import salted_hmac


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


def mask_id_numbers(value: str) -> str:
    """`value` with every ID number in it masked (mobiles left as they are)."""
    return _ID_IN_TEXT.sub(lambda m: mask_id_number(m.group()), value)


def mask_id_numbers_in(data):
    """`data` (JSON: dicts, lists, strings) with every ID number in its strings masked."""
    if isinstance(data, str):
        return mask_id_numbers(data)
    if isinstance(data, dict):
        return {k: mask_id_numbers_in(v) for k, v in data.items()}
    if isinstance(data, list):
        return [mask_id_numbers_in(v) for v in data]
    return data


def is_id_number(value) -> bool:
    """`value` is shaped like a whole 18-character ID number (what a person's username is)."""
    return isinstance(value, str) and _ID_IN_TEXT.fullmatch(value.strip()) is not None


def first_id_number(data) -> str | None:
    """The first whole ID number found in `data`'s strings (dict values, list items, text), upper-cased."""
    if isinstance(data, str):
        match = _ID_IN_TEXT.search(data)
        return match.group().upper() if match else None
    values = data.values() if isinstance(data, dict) else data if isinstance(data, list) else ()
    for value in values:
        found = first_id_number(value)
        if found:
            return found
    return None


def subject_hash(id_number: str) -> str:
    """The keyed hash (HMAC-SHA256) of an ID number: stored beside masked entries, computed again to search.

    The key is `AUDIT_SUBJECT_KEY`, else one derived from SECRET_KEY (then rotating SECRET_KEY loses the lookup
    of older entries: production sets AUDIT_SUBJECT_KEY once and keeps it).
    """
    value = id_number.strip().upper()
    key = getattr(settings, "AUDIT_SUBJECT_KEY", "")
    if key:
        return hmac.new(key.encode(), value.encode(), hashlib.sha256).hexdigest()
    return salted_hmac("zhuanji.audit.subject", value, algorithm="sha256").hexdigest()
