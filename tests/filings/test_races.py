"""Filings at the same moment (PostgreSQL): two overlapping filings received by two office reviewers at once open
one set of windows; a double click on 确认无误我要提交 submits once."""

import pytest

from tests.factories import staff_of
from tests.races import at_once, postgresql_only
from zhuanji.filings import services
from zhuanji.filings.models import Window
from zhuanji.orgs.acting import acting_as
from zhuanji.orgs.models import Role
from zhuanji.portal.models import Notice
from zhuanji.reviews.models import Action, Case, CaseState, Step
from zhuanji.reviews.services import STALE, case_act

from .conftest import make_ready
from .test_windows import both_pending

pytestmark = [postgresql_only, pytest.mark.django_db(transaction=True)]

NOT_EDITABLE = "已提交的材料不能修改"


def test_two_overlapping_filings_received_at_once_open_one_set_of_windows(fw):
    first = make_ready(fw, title="第一次备案")
    second = make_ready(fw, title="第二次备案")
    both_pending(fw, first, second)  # as two submissions at the same moment leave them
    other_reviewer = acting_as(staff_of(fw.office, Role.REVIEWER, name="乌市职称办审核员二"), fw.office)

    def receive(filing, actor):
        def call():
            case = Case.objects.get(pk=filing.case_id)
            case_act(case=case, actor=actor, decision="receive", opinion="")
            return "received"
        return call

    outcomes = at_once([receive(first, fw.office_staff), receive(second, other_reviewer)])
    assert outcomes.count("received") == 1, outcomes
    refused = next(o for o in outcomes if o != "received")
    # Refused by the route's guard, or (both having passed it) by the exact check under the committee's lock.
    assert refused and all("重叠，同一资格在一个年度内的申报时间不能重叠" in m for m in refused), refused
    states = {f.title: Case.objects.get(pk=f.case_id).state for f in (first, second)}
    assert sorted(states.values()) == [CaseState.APPROVED, CaseState.PENDING]
    winner = first if states["第一次备案"] == CaseState.APPROVED else second
    assert set(Window.objects.values_list("filing", flat=True)) == {winner.pk}
    assert Window.objects.count() == 2 and Notice.objects.count() == 1
    loser = second if winner is first else first
    assert Step.objects.filter(case_id=loser.case_id).count() == 1  # its submission only: nothing half-done


def test_a_double_submission_submits_once(fw):
    filing = make_ready(fw)

    def submit(actor):
        return lambda: services.filing_submit(actor=actor, filing=filing) and "submitted"

    outcomes = at_once([submit(fw.admin), submit(fw.clerk)])
    assert sorted(map(str, outcomes)) == sorted(["submitted", str([NOT_EDITABLE])]) or (
        sorted(map(str, outcomes)) == sorted(["submitted", str([STALE])])), outcomes
    case = Case.objects.get(pk=filing.case_id)
    assert case.state == CaseState.PENDING and case.version == 1
    assert list(case.steps.values_list("action", flat=True)) == [Action.SUBMIT]
