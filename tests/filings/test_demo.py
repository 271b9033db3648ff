"""`manage.py load_demo` gives the filings demo: a received filing whose windows are open today (a newcomer can apply
for a title at once), its 工作通知 on the portal, a draft, and a prefecture filing waiting at its title office."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from zhuanji.accounts.models import User
from zhuanji.attachments.selectors import attachment_list, attachment_read
from zhuanji.common import demo
from zhuanji.filings import demo as filings_demo
from zhuanji.filings.models import Filing, FilingGrade, FilingKind
from zhuanji.filings.selectors import filing_queue, open_windows
from zhuanji.orgs.acting import acting_as
from zhuanji.orgs.models import Organisation, Region
from zhuanji.portal.models import Notice
from zhuanji.reviews.models import CaseState

pytestmark = pytest.mark.django_db


def test_load_demo_opens_windows_today_publishes_the_notice_and_leaves_a_filing_to_receive(
        django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", stdout=io.StringIO())
    today = timezone.localdate()
    region_committee = Organisation.objects.get(code=filings_demo.REGION_COMMITTEE)

    received = Filing.objects.select_related("case", "notice").get(committee=region_committee,
                                                                   kind=FilingKind.REVIEW)
    assert received.case.state == CaseState.APPROVED
    assert received.grade == FilingGrade.SENIOR_EDUCATION and received.year == today.year
    assert received.case.steps.filter(org__code=filings_demo.REGION_OFFICE).exists()
    windows = open_windows(region=Region.objects.get(level=Region.Level.REGION), kind=FilingKind.REVIEW, on=today)
    assert {w.qualification.code for w in windows} == {"0300101", "0300102", "0300201", "0300202"}
    assert all(w.committee == region_committee and w.opens_on <= today <= w.closes_on for w in windows)
    item = received.items.first()
    assert item.apply_start < item.apply_end < item.meeting_date < item.approval_date
    assert item.apply_start >= datetime.date(today.year, 1, 1)
    assert received.notice.is_published and received.notice.category == Notice.Category.TITLES
    assert received.notice.title == received.notice_title and "<script" not in received.notice.body
    assert {a.slot for a in attachment_list(received)} == {"roster", "pledge"}
    assert attachment_read(attachment_list(received, "roster").get()).startswith(b"%PDF")

    draft = Filing.objects.select_related("case").get(committee=region_committee, kind=FilingKind.TALENT)
    assert draft.case.state == CaseState.DRAFT and draft.case.submitted_at is None
    assert draft.items.exists() and not draft.items.filter(apply_start__isnull=True).exists()
    assert not draft.notice_title

    prefecture_committee = Organisation.objects.select_related("committee_profile").get(
        code=filings_demo.PREFECTURE_COMMITTEE)
    assert prefecture_committee.committee_profile.office_name
    assert prefecture_committee.committee_profile.contacts.count() == 2
    pending = Filing.objects.select_related("case").get(committee=prefecture_committee)
    assert pending.case.state == CaseState.PENDING and pending.grade == FilingGrade.JUNIOR
    assert {i.qualification.code for i in pending.items.all()} == {"0300403"}
    office = Organisation.objects.get(code=filings_demo.PREFECTURE_OFFICE)
    reviewer = User.objects.get(name="买买提江·阿不都")
    assert list(filing_queue(actor=acting_as(reviewer, office))) == [pending]
    assert not open_windows(region=office.region, on=pending.items.first().apply_start).exists()

    accounts = {row.role: row for row in demo.demo_accounts()}
    committee_admin = filings_demo.prefecture_admin()
    assert accounts[filings_demo.PREFECTURE_ADMIN_ROLE].login == committee_admin.username
    assert committee_admin.check_password(demo.PASSWORD)

    # Again: nothing doubles.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", stdout=io.StringIO())
    filings_demo.load_demo()
    assert Filing.objects.count() == 3
    assert open_windows(on=today).count() == 4


def test_the_plan_never_starts_before_the_year_early_in_january():
    plan = filings_demo._plan(datetime.date(2027, 1, 3), start_offset=-10)
    assert plan["apply_start"] == datetime.date(2027, 1, 1)
    assert plan["apply_start"] < plan["apply_end"] < plan["meeting_date"] < plan["approval_date"]
