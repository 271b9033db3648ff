"""The yearly hours ledger: every module that credits hours (recognition, classes, imports, learning) calls here.

`credit_hours` writes one `HoursCredit` per source and kind. A second credit of the same source is refused
(`ValidationError` with code `duplicate_source`), not ignored: a source credited twice is a bug in its caller,
or a re-import that must not silently keep an old figure; a caller that means "at most once" catches the code.
"""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from zhuanji.audit.services import SYSTEM, record
from zhuanji.orgs.access import require_perm

from ..models import DUPLICATE_CREDIT, HoursCredit, HoursKind

CREDIT_PERM = "hours.credit"


def _decimal(hours) -> Decimal:
    try:
        return Decimal(str(hours))
    except InvalidOperation:
        raise ValidationError({"hours": "学时必须是数字"}) from None


@transaction.atomic
def credit_hours(*, actor, person, year: int, kind: str, hours, source: str, credited_by,
                 description: str) -> HoursCredit:
    """Credit `hours` of `kind` (公需科目 / 专业科目) to `person` for `year`, in `credited_by`'s name.

    `actor` acts as `credited_by` holding `hours.credit`, or is `audit.services.SYSTEM` (imports, jobs).
    `source` is a stable key of what earned the hours (`<app>.<Model>:<pk>`), unique with `kind`.
    """
    if actor != SYSTEM:
        require_perm(actor, CREDIT_PERM, org=credited_by)
    if not getattr(person, "is_person", False):
        raise ValidationError("只能为个人用户记入学时", code="not_person")
    if kind not in HoursKind.values:
        raise ValidationError({"kind": "科目不正确"})
    if not source:
        raise ValidationError({"source": "请填写学时来源"})
    credit = HoursCredit(person=person, year=year, kind=kind, hours=_decimal(hours), source=source,
                         credited_by=credited_by, description=description)
    credit.full_clean()  # the unique (source, kind) constraint answers with DUPLICATE_CREDIT
    try:
        with transaction.atomic():
            credit.save()
    except IntegrityError as exc:  # a twin request credited the same source after our check
        raise ValidationError(DUPLICATE_CREDIT, code="duplicate_source") from exc
    record(actor=actor, action="hours.credit", obj=credit, org=credited_by,
           after={"person": person.pk, "year": year, "kind": kind, "hours": credit.hours, "source": source})
    return credit
