"""Typed reading of the few raw request parameters views take outside a form (issue 10 §3).

`parse_id("42")` → 42; anything that is not a plain ASCII number fitting a 64-bit bigint — "", "-1", "²" (which
`str.isdigit()` accepts and `int()` refuses), "1e3", 20 digits — is None, never an exception or an overflow in
the database. `parse_ids` keeps the ids of a list and drops the rest.
"""

MAX_ID_DIGITS = 18  # 10**18 - 1 < 2**63 - 1: the same bound as the `<id:…>` path converter


def parse_id(value) -> int | None:
    text = str(value) if isinstance(value, int) and not isinstance(value, bool) else value
    if not isinstance(text, str) or not (0 < len(text) <= MAX_ID_DIGITS and text.isascii() and text.isdigit()):
        return None
    return int(text)


def parse_ids(values) -> list[int]:
    return [number for number in map(parse_id, values) if number is not None]
