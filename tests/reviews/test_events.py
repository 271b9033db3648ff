"""One event per transition, delivered inside the transaction or after commit — never for a rolled-back one."""

import pytest
from django.db import transaction

from zhuanji.reviews import events
from zhuanji.reviews.services import case_approve, case_return, case_submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def received():
    """Every event, twice: as delivered in the transaction and as delivered after commit."""
    inside, after = [], []
    for name in events.EVENTS:
        events.subscribe(name, inside.append)
        events.subscribe(name, after.append, after_commit=True)
    yield inside, after
    for name in events.EVENTS:
        events.unsubscribe(name, inside.append)
        events.unsubscribe(name, after.append)


def test_each_transition_fires_its_one_event(make_memo, memo_world, received, django_capture_on_commit_callbacks):
    inside, after = received
    w = memo_world
    case = make_memo("draft").case
    with django_capture_on_commit_callbacks(execute=True):
        case = case_submit(case=case, actor=w.person)
        case = case_approve(case=case, actor=w.unit_admin, next_org=w.competent)
        case = case_return(case=case, actor=w.competent_staff, opinion="请补充")
    names = [e.name for e in inside]
    assert names == [events.SUBMITTED, events.FORWARDED, events.RETURNED]
    assert [e.name for e in after] == names
    assert [e.step.seq for e in inside] == [1, 2, 3]
    assert inside[1].actor == w.unit_admin and inside[1].document.case_id == case.pk


def test_no_event_survives_a_rolled_back_transition(make_memo, memo_world, received,
                                                   django_capture_on_commit_callbacks):
    inside, after = received
    case = make_memo("draft").case
    with (django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(RuntimeError),
          transaction.atomic()):
        case_submit(case=case, actor=memo_world.person)
        raise RuntimeError("the caller's transaction fails after the transition")
    assert [e.name for e in inside] == [events.SUBMITTED]  # ran, and rolled back with everything it wrote
    assert after == [] and callbacks == []


def test_a_failing_hook_rolls_the_transition_back(make_memo, memo_world):
    case = make_memo("draft").case

    def boom(event):
        raise RuntimeError("hook failed")

    events.subscribe(events.SUBMITTED, boom, route="docapp.memo")
    try:
        with pytest.raises(RuntimeError):
            case_submit(case=case, actor=memo_world.person)
    finally:
        events.unsubscribe(events.SUBMITTED, boom)
    case.refresh_from_db()
    assert case.state == "draft" and case.steps.count() == 0
