"""Values written into spreadsheets people open in Excel / WPS (xlsx and csv exports).

A text cell starting with = + - @ (or a tab / carriage return, which some programs skip before those) is
run as a formula when the file is opened: a person registered as ``=HYPERLINK("http://…","点我")`` would
become a live link in the 已发证书 export. Every export writes its cells through `safe_cell` / `safe_row`,
which put an apostrophe in front of such text (OWASP "CSV injection"); `unsafe_cell` takes it off again
when one of our own exports is imported back (the catalog file).
"""

from collections.abc import Iterable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(values: Iterable) -> list:
    return [safe_cell(value) for value in values]


def unsafe_cell(value: str) -> str:
    """The text `safe_cell` was given (for reading an exported file back in)."""
    if value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value
