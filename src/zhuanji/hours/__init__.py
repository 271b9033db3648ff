"""专业课学时认定, and the yearly hours ledger every module writes to and reads from.

Interface for other modules (training classes, imports, online learning, titles):

    from zhuanji.hours.models import HoursKind
    from zhuanji.hours.selectors import hours_account
    from zhuanji.hours.services import credit_hours

    credit_hours(
        actor=user_or_audit.services.SYSTEM,   # needs `hours.credit` as `credited_by` (SYSTEM: imports, jobs)
        person=person_user, year=2026,
        kind=HoursKind.PUBLIC,                 # PUBLIC 公需科目, PROFESSIONAL 专业科目
        hours=30,                              # Decimal-able, one decimal place (12.5)
        source="training.Enrolment:17",        # what earned them: one credit per (source, kind)
        credited_by=organisation,              # 认定机构, shown beside the credit
        description="2026年度公需科目培训班",     # 来源, as the person reads it
    )

It runs in its own transaction (nested in the caller's if any); a source credited twice raises
ValidationError (code `duplicate_source`).

    account = hours_account(person_user, 2026)
    account.public, account.professional, account.total                     # Decimal
    account.public_required, account.professional_required, account.total_required   # int, None if unset
    account.public_met, account.professional_met, account.total_met, account.met     # bool
    account.basis, account.credits                                          # 依据文件, the credits

The requirement is province data (`hours_thresholds.csv`, loaded by `manage.py load_hours_config`).
"""
