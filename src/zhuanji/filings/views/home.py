"""The committee's 我的主页 (常用功能, 申请书统计, this year's filings) and 设置时间: the submission start and end
of each series of a received filing, set inside its plan."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from zhuanji.common.pagination import paginate
from zhuanji.common.views import done, run_service
from zhuanji.orgs.access import has_perm
from zhuanji.orgs.decorators import perm_required
from zhuanji.portal.menus import url_or_none
from zhuanji.reviews.models import CaseState

from .. import selectors, services
from ..forms import WindowFilterForm, WindowTimesForm
from ..models import Filing
from ..routes import FILE_PERM
from .shared import window_status

# 我的备案 at a glance: the states in the order a filing goes through them, in the list's words.
FILING_STATES = ((CaseState.DRAFT, "草稿"), (CaseState.PENDING, "审核中"), (CaseState.RETURNED, "已退回"),
                 (CaseState.APPROVED, "已接收材料"), (CaseState.CANCELLED, "已撤销"))


def _link(request, url_name: str, perm: str) -> str | None:
    return url_or_none(url_name) if has_perm(request.acting, perm) else None


def committee_panel(request) -> dict | None:
    """What the committee's home panel shows (filings:home and the portal's 我的主页); None when the acting
    organisation is not a committee filing for itself."""
    if selectors.own_committee_for_filing(request.acting) is None:
        return None
    year = timezone.localdate().year
    counts = selectors.application_counts(actor=request.acting, year=year)
    query_url = _link(request, "reviews:query", "reviews.query")
    states = selectors.filing_state_counts(actor=request.acting, year=year)
    return {
        "year": year,
        "applications": [
            {"label": "本年度全部申请书", "count": counts["all"], "url": query_url, "icon": "files"},
            {"label": "已审核申请书", "count": counts["done"], "url": query_url, "icon": "check2-circle"},
            {"label": "待审核申请书", "count": counts["todo"], "url": _link(request, "reviews:inbox", "reviews.act"),
             "icon": "hourglass-split"},
        ],
        "filings": [{"label": label, "count": states.get(state, 0), "state": state} for state, label in FILING_STATES],
        "filings_total": sum(states.values()),
    }


@perm_required(FILE_PERM)
@require_GET
def committee_home(request):
    panel = committee_panel(request)
    if panel is None:
        raise PermissionDenied("只有评审委员会可以办理评审工作事前备案")
    return render(request, "filings/home.html", {"panel": panel})


# ---- 设置时间 ------------------------------------------------------------------------------------------------------

def _day(date) -> str:
    return f"{date.year}/{date.month}/{date.day}"


def _span(rows, start: str, end: str) -> str:
    """The distinct [start, end] spans of the rows, as one text."""
    return "；".join(dict.fromkeys(f"{_day(getattr(r, start))}–{_day(getattr(r, end))}" for r in rows))


def _groups(windows, today) -> list[dict]:
    """The committee's windows by (filing, series), in the selector's order."""
    groups: dict[tuple[int, int], dict] = {}
    for window in windows:
        series = window.qualification.specialty.series
        group = groups.setdefault((window.filing_id, series.pk), {
            "filing": window.filing, "series": series, "windows": []})
        group["windows"].append(window)
    for group in groups.values():
        rows = group["windows"]
        statuses = [window_status(w, today) for w in rows]
        group.update(
            count=len(rows),
            plan_start=max(w.item.apply_start for w in rows), plan_end=min(w.item.apply_end for w in rows),
            plan=_span([w.item for w in rows], "apply_start", "apply_end"),
            current=_span(rows, "opens_on", "closes_on"),
            statuses=list(dict.fromkeys(statuses)),
        )
    return list(groups.values())


def _committee(request):
    committee = selectors.own_committee_for_filing(request.acting)
    if committee is None:
        raise PermissionDenied("只有评审委员会可以设置申报时间")
    return committee


@perm_required(FILE_PERM)
@require_GET
def window_list(request):
    """设置时间: the committee's windows by filing and series, with the plan, the current span and the status."""
    committee = _committee(request)
    form = WindowFilterForm(request.GET or None)
    year = form.cleaned_data.get("year") if form.is_valid() else None
    groups = _groups(selectors.committee_windows(committee=committee, year=year), timezone.localdate())
    return render(request, "filings/windows.html", {"form": form, "page": paginate(request, groups)})


@perm_required(FILE_PERM)
@require_http_methods(["GET", "POST"])
def window_set(request, pk, series_pk):
    """设置时间 of one series of one received filing: the dialog (GET) and saving it (POST)."""
    _committee(request)
    try:
        filing = selectors.filing_get_own(actor=request.acting, pk=pk)
    except Filing.DoesNotExist:
        raise Http404 from None
    windows = list(selectors.committee_windows(committee=filing.committee).filter(
        filing=filing, qualification__specialty__series_id=series_pk))
    if not windows:
        raise Http404
    group = _groups(windows, timezone.localdate())[0]
    form = WindowTimesForm(request.POST or None,
                           initial={"opens_on": windows[0].opens_on, "closes_on": windows[0].closes_on})
    if request.method == "POST" and form.is_valid():
        changed = run_service(form, services.window_set_times, actor=request.acting, filing=filing,
                              series_id=series_pk, **form.cleaned_data)
        if changed is not None:
            messages.success(request, f"已设置“{group['series'].name}”{changed}个资格的申报时间")
            return done(request, reverse("filings:windows"))
    template = "filings/_window_form.html" if request.htmx else "filings/windows_set.html"
    return render(request, template, {"form": form, "filing": filing, "group": group,
                                      "action": reverse("filings:window_set", args=[filing.pk, series_pk])})
