"""One filing's page, for its committee and the title office it reached: every step read-only, the attachments, the
flow diagram and 流程日志 (the engine's), 办理 for the office, and for the committee 编辑 / 撤销 and its windows."""

import datetime

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from zhuanji.attachments.selectors import attachment_list
from zhuanji.orgs.access import has_perm
from zhuanji.reviews.models import CaseState

from .. import selectors
from ..models import Filing, Window
from ..routes import FILE_PERM
from ..services.filings import SLOT_LABELS

OPEN, NOT_YET, CLOSED = "申报中", "未开始", "已截止"


def window_status(window: Window, today: datetime.date) -> str:
    """申报中 / 未开始 / 已截止, as the committee sees a window today."""
    if window.closed_at is not None or window.closes_on < today:
        return CLOSED
    return NOT_YET if window.opens_on > today else OPEN


def is_own_committee(acting, filing: Filing) -> bool:
    return has_perm(acting, FILE_PERM, filing.committee)


@login_required
@require_GET
def filing_detail(request, pk):
    try:
        filing = selectors.filing_get_visible(actor=request.acting, pk=pk)
    except Filing.DoesNotExist:
        raise Http404 from None
    case = filing.case
    own = is_own_committee(request.acting, filing)
    slots = list(SLOT_LABELS)
    attachments = [{"label": SLOT_LABELS.get(a.slot, a.slot), "file": a} for a in sorted(
        attachment_list(filing), key=lambda a: (slots.index(a.slot) if a.slot in slots else len(slots), a.seq))]
    windows = []
    if own and case.state == CaseState.APPROVED:
        today = timezone.localdate()
        windows = [{"window": w, "status": window_status(w, today)}
                   for w in filing.windows.select_related("qualification__specialty__series")
                   .order_by("qualification__specialty__series__sort", "qualification__specialty__sort",
                             "qualification__sort", "pk")]
    return render(request, "filings/detail.html", {
        "filing": filing, "case": case, "is_committee": own,
        "plan": selectors.filing_plan(filing),
        "attachments": attachments, "windows": windows,
    })
