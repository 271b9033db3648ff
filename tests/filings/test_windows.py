"""The application windows a received filing opens: one per qualification, the notice on the portal, the selector
title applications use, no overlap within a year, 设置时间 inside the plan, closing after 申报截止."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from zhuanji.audit.models import AuditEntry
from zhuanji.catalog.models import Level, Qualification
from zhuanji.catalog.scopes import CatalogPick
from zhuanji.common.periodic import jobs
from zhuanji.filings import services
from zhuanji.filings.models import FilingGrade, FilingKind, Window
from zhuanji.filings.selectors import committee_windows, filing_candidates, open_windows
from zhuanji.orgs.models import CommitteeScope
from zhuanji.portal.models import Notice
from zhuanji.reviews.models import Case, CaseState
from zhuanji.reviews.services import case_act, case_submit

from .conftest import PLAN, basic, make_ready, pdf_upload

pytestmark = pytest.mark.django_db

D = datetime.date
LATER = dict(apply_start=D(2026, 9, 11), apply_end=D(2026, 9, 30), meeting_date=D(2026, 10, 30),
             approval_date=D(2026, 11, 30))


def received(fw, filing, office_staff=None):
    services.filing_submit(actor=fw.admin, filing=filing)
    filing.case.refresh_from_db()
    case_act(case=filing.case, actor=office_staff or fw.office_staff, decision="receive", opinion="材料齐全")
    filing.refresh_from_db()
    return filing


def ready_with(fw, plan=None, **overrides):
    """`make_ready`'s filing with another plan (given from the start, so another year's plan fits)."""
    if plan is None:
        return make_ready(fw, **overrides)
    filing = services.filing_create(actor=fw.admin, **basic(**overrides))
    services.filing_items_add(actor=fw.admin, filing=filing, qualifications=list(filing_candidates(filing))[:2])
    services.filing_plan_all(actor=fw.admin, filing=filing, **plan)
    services.filing_notice_update(actor=fw.admin, filing=filing, notice_title="关于做好职称评审工作的通知",
                                  notice_body="<p>请按时申报。</p>")
    for slot in ("roster", "pledge"):
        services.filing_attachment_add(actor=fw.admin, filing=filing, slot=slot, upload=pdf_upload())
    filing.refresh_from_db()
    return filing


def both_pending(fw, first, second):
    """Both overlapping filings at the office, as two submissions at the same moment leave them (each checked
    while the other was still a draft): submitted one after the other, each set aside while the other goes."""
    services.filing_submit(actor=fw.admin, filing=second)
    Case.objects.filter(pk=second.case_id).update(state=CaseState.DRAFT)
    services.filing_submit(actor=fw.admin, filing=first)
    Case.objects.filter(pk=second.case_id).update(state=CaseState.PENDING)
    for filing in (first, second):
        filing.case.refresh_from_db()


def refusal(exc_info) -> list[str]:
    return exc_info.value.messages


# ---- receipt ----------------------------------------------------------------------------------------------------

def test_receipt_opens_one_window_per_item_with_the_plan(fw):
    filing = received(fw, make_ready(fw))
    assert filing.case.state == CaseState.APPROVED and filing.case.get_state_display()
    items = list(filing.items.order_by("pk"))
    windows = list(Window.objects.filter(filing=filing).order_by("item_id"))
    assert [w.item for w in windows] == items and len(items) == 2
    for window, item in zip(windows, items, strict=True):
        assert (window.committee, window.region, window.kind, window.year, window.qualification) == (
            fw.committee, fw.world.urumqi, FilingKind.REVIEW, 2026, item.qualification)
        assert (window.opens_on, window.closes_on, window.meeting_date, window.approval_date) == tuple(PLAN.values())
        assert window.closed_at is None and not window.is_closed
    entry = AuditEntry.objects.get(action="filings.windows_open")
    assert entry.object_id == str(filing.pk) and len(entry.after["windows"]) == 2
    assert entry.actor == fw.office_staff.user


def test_the_notice_is_published_in_the_offices_region(fw):
    filing = received(fw, make_ready(fw))
    notice = filing.notice
    assert (notice.title, notice.body) == (filing.notice_title, filing.notice_body)
    assert notice.is_published and notice.published_at is not None and notice.category == Notice.Category.TITLES
    assert notice.region == fw.world.urumqi and notice.author == fw.office_staff.user
    entry = AuditEntry.objects.get(action="notice.post")
    assert entry.after["source"] == f"评审工作事前备案 {filing.number}"


def test_a_region_committees_filing_goes_to_the_region_office_and_its_notice_to_the_region(fw):
    actor = fw.region_committee_admin
    filing = services.filing_create(actor=actor, **basic(grade=FilingGrade.SENIOR_EDUCATION))
    services.filing_items_add(actor=actor, filing=filing, qualifications=filing_candidates(filing))
    services.filing_plan_all(actor=actor, filing=filing, **PLAN)
    services.filing_notice_update(actor=actor, filing=filing, notice_title="关于高校教师系列高级职称评审的通知",
                                  notice_body="<p>请各高校按时申报</p>")
    for slot in ("roster", "pledge"):
        services.filing_attachment_add(actor=actor, filing=filing, slot=slot, upload=pdf_upload())
    services.filing_submit(actor=actor, filing=filing)
    filing.case.refresh_from_db()
    assert filing.case.current_org == fw.world.title_office
    with pytest.raises(ValidationError):  # the prefecture office is not where it is
        case_act(case=filing.case, actor=fw.office_staff, decision="receive")
    case_act(case=filing.case, actor=fw.region_office_staff, decision="receive")
    filing.refresh_from_db()
    assert filing.notice.region is None and filing.notice.title == "关于高校教师系列高级职称评审的通知"
    assert set(Window.objects.filter(filing=filing).values_list("region", flat=True)) == {fw.world.region.pk}
    on = D(2026, 9, 1)
    assert open_windows(region=fw.world.region, on=on).count() == 2
    assert open_windows(region=fw.world.urumqi, on=on).count() == 0


def test_a_returned_filing_opens_nothing(fw):
    filing = make_ready(fw)
    services.filing_submit(actor=fw.admin, filing=filing)
    case_act(case=filing.case, actor=fw.office_staff, decision="return", opinion="请修改")
    filing.refresh_from_db()
    assert not Window.objects.exists() and filing.notice is None and not Notice.objects.exists()


# ---- open_windows -----------------------------------------------------------------------------------------------

def test_open_windows_filters_by_region_kind_qualification_and_date(fw):
    filing = received(fw, make_ready(fw))
    engineer = Qualification.objects.get(code="0018902")
    urumqi = fw.world.urumqi
    assert open_windows(region=urumqi, on=D(2026, 8, 19)).count() == 0  # before 申报开始
    assert open_windows(region=urumqi, on=D(2026, 8, 20)).count() == 2  # both ends included
    assert open_windows(region=urumqi, on=D(2026, 9, 10)).count() == 2
    assert open_windows(region=urumqi, on=D(2026, 9, 11)).count() == 0  # after 申报截止
    on = D(2026, 9, 1)
    assert open_windows(region=fw.world.kashgar, on=on).count() == 0
    assert open_windows(region=fw.world.region, on=on).count() == 0
    assert open_windows(on=on).count() == 2
    assert open_windows(region=urumqi, kind=FilingKind.REVIEW, on=on).count() == 2
    assert open_windows(region=urumqi, kind=FilingKind.PRIVATE, on=on).count() == 0
    only = open_windows(region=urumqi, kind=FilingKind.REVIEW, qualification=engineer, on=on)
    assert [(w.qualification, w.committee, w.filing_id) for w in only] == [(engineer, fw.committee, filing.pk)]
    assert open_windows(qualification=Qualification.objects.get(code="0300101"), on=on).count() == 0
    assert open_windows(committee=fw.other_committee, on=on).count() == 0
    # A closed window is not offered even on a day inside its span.
    Window.objects.filter(qualification=engineer).update(closed_at=timezone.now())
    assert list(open_windows(region=urumqi, on=on).values_list("qualification__code", flat=True)) == ["0018903"]


def test_open_windows_reads_today_by_default(fw, monkeypatch):
    received(fw, make_ready(fw))
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: D(2026, 9, 1))
    assert open_windows(region=fw.world.urumqi).count() == 2
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: D(2026, 12, 1))
    assert open_windows(region=fw.world.urumqi).count() == 0


# ---- overlap ----------------------------------------------------------------------------------------------------

def overlap_message(first_title, qualification, mine=PLAN, theirs=PLAN):
    def span(plan):
        return f"{plan['apply_start']:%Y-%m-%d}至{plan['apply_end']:%Y-%m-%d}"
    return (f"“{qualification.path}”的申报时间（{span(mine)}）与本评审委员会2026年度同类型备案“{first_title}”"
            f"的申报时间（{span(theirs)}）重叠，同一资格在一个年度内的申报时间不能重叠")


def overlapping_pair(fw, second_plan=None):
    first = make_ready(fw, title="第一次备案")
    second = ready_with(fw, second_plan, title="第二次备案")
    return first, second


def test_an_overlap_with_a_pending_filing_is_refused_at_submission(fw):
    first, second = overlapping_pair(fw, {**PLAN, "apply_start": D(2026, 9, 10), "apply_end": D(2026, 9, 20)})
    services.filing_submit(actor=fw.admin, filing=first)
    with pytest.raises(ValidationError) as exc_info:
        services.filing_submit(actor=fw.admin, filing=second)
    mine = {"apply_start": D(2026, 9, 10), "apply_end": D(2026, 9, 20)}
    assert refusal(exc_info) == [f"3、设置计划时间：{overlap_message('第一次备案', item.qualification, mine)}"
                                 for item in second.items.order_by("qualification__code")]
    assert Case.objects.get(pk=second.case_id).state == CaseState.DRAFT
    # Returned, the first is no longer in the way (it is not under review).
    case_act(case=first.case, actor=fw.office_staff, decision="return", opinion="请修改")
    services.filing_submit(actor=fw.admin, filing=second)


def test_an_overlap_with_open_windows_is_refused_at_submission(fw):
    first, second = overlapping_pair(fw)
    received(fw, first)
    with pytest.raises(ValidationError) as exc_info:
        services.filing_submit(actor=fw.admin, filing=second)
    assert refusal(exc_info) == [f"3、设置计划时间：{overlap_message('第一次备案', item.qualification)}"
                                 for item in second.items.order_by("qualification__code")]


def test_an_overlap_reaching_the_office_is_refused_at_receipt(fw):
    """Both reached the office (submitted at the same moment); once the first is received, the second's 接收材料 is
    refused, saying why."""
    first, second = overlapping_pair(fw)
    both_pending(fw, first, second)
    case_act(case=first.case, actor=fw.office_staff, decision="receive", opinion="")
    with pytest.raises(ValidationError) as exc_info:
        case_act(case=second.case, actor=fw.office_staff, decision="receive", opinion="")
    assert refusal(exc_info) == ["；".join(overlap_message("第一次备案", item.qualification)
                                          for item in second.items.order_by("qualification__code"))]
    second.case.refresh_from_db()
    assert second.case.state == CaseState.PENDING and second.case.steps.count() == 1
    assert not Window.objects.filter(filing=second).exists()
    assert Window.objects.filter(filing=first).count() == 2
    # The office returns it; fixed, it goes through.
    case_act(case=second.case, actor=fw.office_staff, decision="return", opinion="申报时间与已接收的备案重叠")
    services.filing_plan_all(actor=fw.admin, filing=second, **LATER)
    received(fw, second)
    assert Window.objects.filter(filing=second).count() == 2


def test_two_filings_pending_at_once_the_first_received_wins(fw):
    """Either of two overlapping filings at the office may be received (the other being merely under review);
    the other is then refused."""
    first, second = overlapping_pair(fw)
    both_pending(fw, first, second)
    case_act(case=second.case, actor=fw.office_staff, decision="receive")
    assert Window.objects.filter(filing=second).count() == 2
    with pytest.raises(ValidationError) as exc_info:
        case_act(case=first.case, actor=fw.office_staff, decision="receive")
    assert refusal(exc_info) == ["；".join(overlap_message("第二次备案", item.qualification)
                                          for item in first.items.order_by("qualification__code"))]
    assert not Window.objects.filter(filing=first).exists()


def test_submission_checks_the_same_against_an_engine_submission(fw):
    """The route's guard also runs when the case arrives at the office: an overlapping case cannot get there."""
    first, second = overlapping_pair(fw)
    received(fw, first)
    with pytest.raises(ValidationError) as exc_info:
        case_submit(case=second.case, actor=fw.admin)
    assert len(refusal(exc_info)) == 1 and "重叠" in refusal(exc_info)[0]
    assert Case.objects.get(pk=second.case_id).state == CaseState.DRAFT


def test_windows_open_checks_again_under_the_lock(fw):
    first, second = overlapping_pair(fw)
    received(fw, first)
    with pytest.raises(ValidationError) as exc_info:
        services.windows_open(filing=second, actor=fw.office_staff)
    assert len(refusal(exc_info)) == 2 and not Window.objects.filter(filing=second).exists()


@pytest.mark.parametrize("overrides, plan", [
    ({}, LATER),  # the next span, not touching the first
    ({"kind": FilingKind.PRIVATE}, None),  # another 类型
    ({"year": 2027}, {k: v.replace(year=2027) for k, v in PLAN.items()}),  # another 工作年度
])
def test_no_overlap_no_refusal(fw, overrides, plan):
    first = received(fw, make_ready(fw, title="第一次备案"))
    second = received(fw, ready_with(fw, plan, title="第二次备案", **overrides))
    assert second.case.state == CaseState.APPROVED
    assert Window.objects.filter(filing=second).count() == 2 and Window.objects.filter(filing=first).count() == 2


def test_another_committees_windows_do_not_count(fw):
    received(fw, make_ready(fw))
    CommitteeScope.objects.create(committee=fw.other_committee, level=Level.INTERMEDIATE,
                                  **CatalogPick.of(fw.catalog.mechanical).range_fields())
    other = services.filing_create(actor=fw.other_admin, **basic(committee_name="喀什地区卫生系列中级职称评审委员会"))
    services.filing_items_add(actor=fw.other_admin, filing=other, qualifications=filing_candidates(other))
    services.filing_plan_all(actor=fw.other_admin, filing=other, **PLAN)
    assert services.overlap_messages(other) == []
    assert services.overlap_messages(make_ready(fw)) != []  # the same at this committee


# ---- 设置时间 ---------------------------------------------------------------------------------------------------

def test_the_committee_sets_a_series_times_inside_the_plan(fw):
    filing = received(fw, make_ready(fw))
    series = fw.catalog.engineering.pk
    assert services.window_set_times(actor=fw.clerk, filing=filing, series_id=series, opens_on=D(2026, 8, 25),
                                     closes_on=D(2026, 9, 5), today=D(2026, 8, 1)) == 2
    assert set(Window.objects.values_list("opens_on", "closes_on")) == {(D(2026, 8, 25), D(2026, 9, 5))}
    assert set(Window.objects.values_list("item__apply_start", "item__apply_end")) == {
        (PLAN["apply_start"], PLAN["apply_end"])}  # the plan itself is kept
    entry = AuditEntry.objects.get(action="filings.window_set_times")
    assert set(entry.after.values()) == {"2026-08-25至2026-09-05"}
    assert open_windows(on=D(2026, 8, 24)).count() == 0 and open_windows(on=D(2026, 8, 25)).count() == 2


@pytest.mark.parametrize("opens_on, closes_on, errors", [
    (D(2026, 8, 19), D(2026, 9, 5), "closes_on"),
    (D(2026, 8, 20), D(2026, 9, 11), "closes_on"),
    (D(2026, 9, 5), D(2026, 9, 1), {"closes_on": ["申报截止时间不能早于申报开始时间"]}),
    (None, D(2026, 9, 1), {"opens_on": ["请选择申报开始时间"]}),
])
def test_times_outside_the_plan_are_refused(fw, opens_on, closes_on, errors):
    filing = received(fw, make_ready(fw))
    with pytest.raises(ValidationError) as exc_info:
        services.window_set_times(actor=fw.admin, filing=filing, series_id=fw.catalog.engineering.pk,
                                  opens_on=opens_on, closes_on=closes_on)
    if errors == "closes_on":
        paths = "、".join(f"{w.qualification.path}（计划2026-08-20至2026-09-10）"
                         for w in Window.objects.order_by("opens_on", "pk"))
        errors = {"closes_on": [f"申报时间应在备案的计划时间之内：{paths}"]}
    assert exc_info.value.message_dict == errors
    assert set(Window.objects.values_list("opens_on", "closes_on")) == {(PLAN["apply_start"], PLAN["apply_end"])}
    assert not AuditEntry.objects.filter(action="filings.window_set_times").exists()


def test_only_the_filings_committee_sets_its_times(fw):
    filing = received(fw, make_ready(fw))
    kwargs = dict(filing=filing, series_id=fw.catalog.engineering.pk, opens_on=D(2026, 8, 25),
                  closes_on=D(2026, 9, 5))
    for actor in (fw.other_admin, fw.office_staff, fw.region_committee_admin):
        with pytest.raises(PermissionDenied):
            services.window_set_times(actor=actor, **kwargs)
    with pytest.raises(ValidationError) as exc_info:  # a series the filing has no window of
        services.window_set_times(actor=fw.admin, **{**kwargs, "series_id": fw.catalog.teachers.pk})
    assert exc_info.value.messages == ["该系列没有申报时间窗口"]
    assert set(Window.objects.values_list("opens_on", "closes_on")) == {(PLAN["apply_start"], PLAN["apply_end"])}


def test_moving_the_end_reopens_or_closes_a_window(fw):
    filing = received(fw, make_ready(fw))
    series = fw.catalog.engineering.pk
    assert services.windows_close_due(today=D(2026, 9, 11)) == 2
    services.window_set_times(actor=fw.admin, filing=filing, series_id=series, opens_on=D(2026, 8, 20),
                              closes_on=D(2026, 9, 10), today=D(2026, 9, 5))
    assert not Window.objects.filter(closed_at__isnull=False).exists()  # open again
    services.window_set_times(actor=fw.admin, filing=filing, series_id=series, opens_on=D(2026, 8, 20),
                              closes_on=D(2026, 9, 1), today=D(2026, 9, 5))
    assert Window.objects.filter(closed_at__isnull=False).count() == 2  # its end has passed


# ---- closing ----------------------------------------------------------------------------------------------------

def test_windows_close_after_their_last_day(fw):
    first = received(fw, make_ready(fw, title="九月十日截止"))
    later = received(fw, ready_with(fw, LATER, title="九月三十日截止"))
    assert services.windows_close_due(today=D(2026, 9, 10)) == 0  # the last day is still open
    assert services.windows_close_due(today=D(2026, 9, 11)) == 2
    assert set(Window.objects.filter(closed_at__isnull=False).values_list("filing", flat=True)) == {first.pk}
    assert not Window.objects.filter(filing=later, closed_at__isnull=False).exists()
    closed_at = set(Window.objects.filter(filing=first).values_list("closed_at", flat=True))
    assert services.windows_close_due(today=D(2026, 9, 11)) == 0  # idempotent
    assert set(Window.objects.filter(filing=first).values_list("closed_at", flat=True)) == closed_at
    entry = AuditEntry.objects.get(action="filings.windows_close")
    assert entry.actor is None and entry.object_type == "filings.window"
    assert sorted(entry.after["windows"]) == sorted(Window.objects.filter(filing=first).values_list("pk", flat=True))
    # The committee sees them 已截止 in its list; the selector no longer offers them.
    assert [w.is_closed for w in committee_windows(committee=fw.committee, year=2026)].count(True) == 2
    assert open_windows(region=fw.world.urumqi, on=D(2026, 9, 5)).count() == 0


def test_closing_due_windows_is_a_registered_periodic_job(fw, monkeypatch):
    assert "filings.close_windows" in jobs()
    received(fw, make_ready(fw))
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: D(2026, 9, 11))
    assert jobs()["filings.close_windows"]() == 2
    assert jobs()["filings.close_windows"]() == 0
