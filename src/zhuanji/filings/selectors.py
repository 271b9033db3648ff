"""Reads for filings: the committee's 我的备案, the office's queue and 备案查询, one filing's page, the windows."""

import datetime
from itertools import groupby

from django.db.models import Count, QuerySet
from django.utils import timezone

from zhuanji.catalog.models import Qualification
from zhuanji.orgs.access import has_perm
from zhuanji.orgs.acting import acting_of
from zhuanji.orgs.models import Membership, Organisation, OrgKind
from zhuanji.orgs.scopes import CommitteeScopeOf
from zhuanji.orgs.selectors import org_user_list
from zhuanji.reviews.access import owner_q, reviewer_q, todo_q, visible_q
from zhuanji.reviews.routes import all_routes

from .config import grade_q
from .models import Filing, FilingGrade, FilingItem, Window
from .routes import FILE_PERM

# Routes whose cases are title applications (the `titles` app's, when it exists): the committee home counts them.
TITLE_ROUTE_PREFIX = "titles."


def _listing(qs: QuerySet, *, title: str = "", year: int | None = None, state: str = "") -> QuerySet:
    if title:
        qs = qs.filter(title__contains=title)
    if year:
        qs = qs.filter(year=year)
    if state:
        qs = qs.filter(case__state=state)
    return (qs.select_related("case", "committee", "case__current_org")
            .order_by("-case__created_at", "-pk"))


def filing_list_own(*, actor, title: str = "", year: int | None = None, state: str = "") -> QuerySet[Filing]:
    """我的备案: the acting committee's filings, drafts included."""
    return _listing(Filing.objects.filter(owner_q(actor, prefix="case__")), title=title, year=year, state=state)


def filing_list_reviewed(*, actor, title: str = "", year: int | None = None, state: str = "",
                         committee: str = "") -> QuerySet[Filing]:
    """备案查询 (title office): every filing of its level that was submitted to it, at any stage."""
    qs = Filing.objects.filter(reviewer_q(actor, prefix="case__"))
    if committee:
        qs = qs.filter(committee__name__contains=committee)
    return _listing(qs, title=title, year=year, state=state)


def filing_queue(*, actor, title: str = "") -> QuerySet[Filing]:
    """待审核: the filings now at the acting office."""
    return _listing(Filing.objects.filter(todo_q(actor, prefix="case__")), title=title)


def filing_get_visible(*, actor, pk: int) -> Filing:
    """One filing for whoever may open it: its committee, or the office it reached (else DoesNotExist → 404)."""
    return (Filing.objects.filter(visible_q(actor, prefix="case__"))
            .select_related("case", "committee", "level", "contact_user", "case__current_org").get(pk=pk))


def filing_get_own(*, actor, pk: int) -> Filing:
    """One of the acting committee's filings (else DoesNotExist → 404)."""
    return (Filing.objects.filter(owner_q(actor, prefix="case__"))
            .select_related("case", "committee", "level", "contact_user").get(pk=pk))


def filing_items(filing: Filing) -> QuerySet[FilingItem]:
    """已选择资格 / 计划时间, in catalog order, grouped by series by the page."""
    return filing.items.select_related("qualification__specialty__series")


def filing_plan(filing: Filing) -> list[dict]:
    """计划时间 as the pages show it: per series, its items in catalog order ([{"series", "rows"}])."""
    return [{"series": series, "rows": list(rows)}
            for series, rows in groupby(filing_items(filing), key=lambda item: item.qualification.specialty.series)]


def filing_candidates(filing: Filing) -> QuerySet[Qualification]:
    """备选的资格: the committee's 可评审专业 that the filing's 备案级别 admits (not 以考代评 ones)."""
    scope = CommitteeScopeOf(filing.committee, levels=FilingGrade.levels(filing.grade))
    return (scope.filter(Qualification.objects.active()).filter(grade_q(filing.grade), exam_only=False)
            .select_related("specialty__series"))


def committee_members(committee: Organisation) -> QuerySet[Membership]:
    """The committee's enabled users (选择联系人员, 本单位用户)."""
    return (org_user_list(orgs=[committee]).filter(is_active=True, user__is_active=True))


def stale_members(committee: Organisation) -> QuerySet[Membership]:
    """Enabled users not edited within a year: they block submission until edited or disabled."""
    return committee_members(committee).filter(is_stale=True)


# ---- windows ----------------------------------------------------------------------------------------------------

def open_windows(*, region=None, kind: str = "", qualification=None, on: datetime.date | None = None,
                 committee=None) -> QuerySet[Window]:
    """The application windows open on `on` (today): where title applications of `kind` for `qualification` are
    made, at a committee of `region`'s level (自治区 or one 地州). What 职称申报 offers and checks."""
    on = on or timezone.localdate()
    qs = Window.objects.filter(closed_at__isnull=True, opens_on__lte=on, closes_on__gte=on)
    if region is not None:
        qs = qs.filter(region=region)
    if kind:
        qs = qs.filter(kind=kind)
    if qualification is not None:
        qs = qs.filter(qualification=qualification)
    if committee is not None:
        qs = qs.filter(committee=committee)
    return qs.select_related("committee", "qualification__specialty__series", "region").order_by("closes_on", "pk")


def committee_windows(*, committee: Organisation, year: int | None = None) -> QuerySet[Window]:
    """设置时间: the committee's windows (open and closed), by filing and series."""
    qs = Window.objects.filter(committee=committee)
    if year:
        qs = qs.filter(year=year)
    return (qs.select_related("filing", "item", "qualification__specialty__series")
            .order_by("-year", "filing_id", "qualification__specialty__series__sort",
                      "qualification__specialty__sort", "qualification__sort", "pk"))


# ---- the committee home ------------------------------------------------------------------------------------------

def own_committee_for_filing(actor) -> Organisation | None:
    acting = acting_of(actor)
    org = acting.org
    if org is None or org.kind != OrgKind.COMMITTEE or not has_perm(acting, FILE_PERM, org):
        return None
    return org


def application_counts(*, actor, year: int) -> dict[str, int]:
    """申请书统计: this year's title applications at the committee — all that reached it, those it has dealt
    with, those waiting for it. Counts the title routes' cases through the engine's own scope rules."""
    from zhuanji.reviews.models import Case

    keys = [r.key for r in all_routes() if r.key.startswith(TITLE_ROUTE_PREFIX)]
    if not keys:
        return {"all": 0, "done": 0, "todo": 0}
    base = Case.objects.filter(year=year, route__in=keys)
    counts = base.filter(reviewer_q(actor)).aggregate(
        all=Count("pk"), todo=Count("pk", filter=todo_q(actor)))
    return {"all": counts["all"], "todo": counts["todo"], "done": counts["all"] - counts["todo"]}


def filing_state_counts(*, actor, year: int) -> dict[str, int]:
    """我的备案 at a glance: this year's filings by state."""
    rows = (Filing.objects.filter(owner_q(actor, prefix="case__"), year=year)
            .values_list("case__state").annotate(n=Count("pk")).order_by())
    return dict(rows)


