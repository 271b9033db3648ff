"""Valid-looking ID numbers and credit codes for demo data, tests and benchmarks (never real people)."""

import datetime

from stdnum.cn import ric, uscc

_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_ORG_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def make_id_number(serial: int, *, county: str = "650102", birth: datetime.date | None = None,
                   gender: str = "男") -> str:
    """An 18-digit 居民身份证号 that passes GB 11643; `serial` picks the sequence digits."""
    birth = birth or datetime.date(1985, 1, 1) + datetime.timedelta(days=serial % 9000)
    seq = (serial % 500) * 2 + (1 if gender == "男" else 0)
    base = f"{county}{birth:%Y%m%d}{seq:03d}"
    return base + ric.calc_check_digit(base + "0")  # the function ignores the last character


def _org_code(serial: int) -> str:
    """A GB 11714 organisation code: 8 characters and their check character."""
    body = f"MA{serial % 1_000_000:06d}"
    total = sum(_ORG_ALPHABET.index(c) * w for c, w in zip(body, _ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    return body + {10: "X", 11: "0"}.get(check, str(check))


def make_credit_code(serial: int, *, division: str = "650100", kind: str = "91") -> str:
    """An 18-character 统一社会信用代码 that python-stdnum's `cn.uscc` accepts."""
    base = f"{kind}{division}{_org_code(serial)}"
    return base + uscc.calc_check_digit(base)
