"""Which qualifications a filing's 备案级别 admits, as province data (`filing_grades.csv`).

初中级 admits 中级 and 初级 qualifications; 高级(只有教育) 正高/副高 of the education series the file lists, and
高级(不含教育) 正高/副高 of every other series.
"""

from functools import cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Q

from zhuanji.common.datafiles import csv_rows

from .models import FilingGrade

DATA_FILE = "filing_grades.csv"


@cache
def education_series_codes() -> frozenset[str]:
    """The series of 高级(只有教育) (教师系列 in Xinjiang)."""
    codes: set[str] = set()
    for _number, row in csv_rows(settings.PROVINCE_DATA_DIR / DATA_FILE, ("grade", "series_codes", "source"),
                                 error=ImproperlyConfigured):
        if row["grade"] == FilingGrade.SENIOR_EDUCATION:
            codes.update(code.strip() for code in row["series_codes"].split("|") if code.strip())
    return frozenset(codes)


def grade_q(grade: str, prefix: str = "") -> Q:
    """The qualifications (rows reaching one through `prefix`) that a filing of `grade` may list."""
    q = Q(**{f"{prefix}level__in": FilingGrade.levels(grade)})
    education = Q(**{f"{prefix}specialty__series__code__in": education_series_codes()})
    if grade == FilingGrade.SENIOR_EDUCATION:
        return q & education
    if grade == FilingGrade.SENIOR:
        return q & ~education
    return q
