"""Application windows: opened when the title office receives a filing, moved by the committee's 设置时间 inside the
plan, closed by a periodic job after their 申报截止. Windows of one committee, type and qualification in a year never
overlap: checked at submission (一次性告知), again when received (the route's guard) and, exactly, here under the
committee's row lock.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from zhuanji.audit.services import SYSTEM, record
from zhuanji.orgs.access import require_perm
from zhuanji.orgs.acting import acting_of
from zhuanji.orgs.models import CommitteeProfile
from zhuanji.portal.models import Notice
from zhuanji.portal.services import notice_post
from zhuanji.reviews.models import CaseState

from ..models import Filing, FilingItem, Window
from ..routes import FILE_PERM


def _span(start: datetime.date, end: datetime.date) -> str:
    return f"{start:%Y-%m-%d}至{end:%Y-%m-%d}"


def overlap_messages(filing: Filing, *, pending: bool = True) -> list[str]:
    """Each planned qualification whose 申报 span overlaps a window (another filing received) or, with `pending`,
    another filing under review, of the same committee, type and year.

    Submission counts the filings under review too (一次性告知, before the office sees two that clash); receipt
    counts only windows: of two overlapping filings that reached the office together, the first received wins
    and the other is refused, instead of each blocking the other."""
    messages = []
    items = list(filing.items.filter(apply_start__isnull=False).select_related("qualification__specialty__series"))
    if not items:
        return messages
    qualification_ids = [item.qualification_id for item in items]
    windows = list(Window.objects.filter(committee_id=filing.committee_id, kind=filing.kind, year=filing.year,
                                         qualification_id__in=qualification_ids)
                   .exclude(filing=filing).select_related("filing"))
    others = list(FilingItem.objects.filter(
        filing__committee_id=filing.committee_id, filing__kind=filing.kind, filing__year=filing.year,
        qualification_id__in=qualification_ids, apply_start__isnull=False,
        filing__case__state=CaseState.PENDING).exclude(filing=filing).select_related("filing")) if pending else []
    for item in items:
        spans = [(w.filing.title, w.opens_on, w.closes_on) for w in windows
                 if w.qualification_id == item.qualification_id]
        spans += [(o.filing.title, o.apply_start, o.apply_end) for o in others
                  if o.qualification_id == item.qualification_id]
        for title, start, end in spans:
            if start <= item.apply_end and item.apply_start <= end:
                messages.append(f"“{item.qualification.path}”的申报时间（{_span(item.apply_start, item.apply_end)}）"
                                f"与本评审委员会{filing.year}年度同类型备案“{title}”的申报时间（{_span(start, end)}）"
                                "重叠，同一资格在一个年度内的申报时间不能重叠")
    return messages


def windows_open(*, filing: Filing, actor) -> list[Window]:
    """The filing was received: one window per qualification, and its 工作通知 on the portal in the office's name.

    Runs inside the engine's transition (its `case.approved` hook), so a refusal here rolls the receipt back.
    """
    # One committee's windows are opened one filing at a time, so the overlap check below is exact.
    CommitteeProfile.objects.select_for_update().filter(committee_id=filing.committee_id).first()
    overlaps = overlap_messages(filing, pending=False)
    if overlaps:
        raise ValidationError(overlaps)
    items = list(filing.items.select_related("qualification__specialty__series"))
    windows = Window.objects.bulk_create([
        Window(filing=filing, item=item, committee_id=filing.committee_id, region_id=filing.level_id,
               kind=filing.kind, year=filing.year, qualification_id=item.qualification_id,
               opens_on=item.apply_start, closes_on=item.apply_end, meeting_date=item.meeting_date,
               approval_date=item.approval_date)
        for item in items])
    filing.notice = notice_post(actor=actor, category=Notice.Category.TITLES, title=filing.notice_title,
                                body=filing.notice_body, source=f"评审工作事前备案 {filing.number}")
    filing.save(update_fields=["notice", "updated_at"])
    record(actor=actor, action="filings.windows_open", obj=filing,
           after={"windows": [f"{item.qualification.path} {_span(item.apply_start, item.apply_end)}" for item in items],
                  "notice": filing.notice.pk})
    return windows


@transaction.atomic
def window_set_times(*, actor, filing: Filing, series_id: int, opens_on: datetime.date,
                     closes_on: datetime.date, today: datetime.date | None = None) -> int:
    """设置时间: the committee sets the submission start and end of one series of a received filing, inside the plan
    of every qualification of that series. A window whose end moves to today or later opens again."""
    acting = acting_of(actor)
    require_perm(acting, FILE_PERM)
    if acting.org is None or acting.org.pk != filing.committee_id:
        raise PermissionDenied("只能设置本评审委员会的申报时间")
    errors = {}
    if not isinstance(opens_on, datetime.date):
        errors["opens_on"] = "请选择申报开始时间"
    if not isinstance(closes_on, datetime.date):
        errors["closes_on"] = "请选择申报截止时间"
    if not errors and opens_on > closes_on:
        errors["closes_on"] = "申报截止时间不能早于申报开始时间"
    if errors:
        raise ValidationError(errors)
    CommitteeProfile.objects.select_for_update().filter(committee_id=filing.committee_id).first()
    windows = list(Window.objects.select_for_update()
                   .filter(filing=filing, qualification__specialty__series_id=series_id)
                   .select_related("item", "qualification__specialty__series"))
    if not windows:
        raise ValidationError("该系列没有申报时间窗口")
    outside = [f"{w.qualification.path}（计划{_span(w.item.apply_start, w.item.apply_end)}）" for w in windows
               if opens_on < w.item.apply_start or closes_on > w.item.apply_end]
    if outside:
        raise ValidationError({"closes_on": f"申报时间应在备案的计划时间之内：{'、'.join(outside)}"})
    today = today or timezone.localdate()
    before = {w.qualification.path: _span(w.opens_on, w.closes_on) for w in windows}
    for window in windows:
        window.opens_on, window.closes_on = opens_on, closes_on
        window.closed_at = None if closes_on >= today else (window.closed_at or timezone.now())
    Window.objects.bulk_update(windows, ["opens_on", "closes_on", "closed_at"])
    record(actor=acting, action="filings.window_set_times", obj=filing, before=before,
           after={w.qualification.path: _span(opens_on, closes_on) for w in windows})
    return len(windows)


def windows_close_due(*, today: datetime.date | None = None, limit: int = 1000) -> int:
    """Close the windows whose 申报截止 has passed (the periodic job); the committee's list shows them 已截止."""
    today = today or timezone.localdate()
    with transaction.atomic():
        due = list(Window.objects.select_for_update().filter(closed_at__isnull=True, closes_on__lt=today)
                   .order_by("closes_on", "pk").values_list("pk", flat=True)[:limit])
        if not due:
            return 0
        Window.objects.filter(pk__in=due).update(closed_at=timezone.now())
        record(actor=SYSTEM, action="filings.windows_close", object_type="filings.window",
               after={"windows": due, "截止日期早于": today.isoformat()})
    return len(due)

