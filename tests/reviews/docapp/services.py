"""How a document app drives the engine: create with `case_open`, refuse edits with `case_assert_editable`."""

from django.db import transaction

from zhuanji.audit.services import record
from zhuanji.common.numbering import next_number
from zhuanji.reviews.services import case_assert_editable, case_open

from .models import FilingDocument, MemoDocument
from .routes import FILING, MEMO


def memo_create(*, actor, title: str, unit) -> MemoDocument:
    with transaction.atomic():
        memo = MemoDocument(title=title, submitter=actor, unit=unit)
        case_open(route_key=MEMO.key, document=memo, submitter=actor, year=2023, number=next_number("MEMO"),
                  title=title)
        return memo


def memo_update(*, actor, memo: MemoDocument, title: str) -> MemoDocument:
    with transaction.atomic():
        case_assert_editable(memo.case)
        before = {"title": memo.title}
        memo.title = title
        memo.full_clean()
        memo.save(update_fields=["title"])
        record(actor=actor, action="docapp.memo_update", obj=memo, before=before, after={"title": title})
        return memo


def filing_create(*, actor, owner, title: str, level: str = FilingDocument.Level.REGION, window_closes=None,
                  due_hours=None) -> FilingDocument:
    with transaction.atomic():
        filing = FilingDocument(title=title, owner=owner, level=level, window_closes=window_closes,
                                due_hours=due_hours)
        case_open(route_key=FILING.key, document=filing, submitter=actor, owner_org=owner, year=2023,
                  number=next_number("FILING"), title=title)
        return filing
