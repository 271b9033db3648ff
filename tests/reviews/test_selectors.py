import pytest
from django.http import Http404

from zhuanji.reviews.models import CaseState
from zhuanji.reviews.selectors import (
    case_diagram,
    case_get_for_reviewer,
    case_query,
    case_queue,
    case_steps,
    case_withdrawable,
)
from zhuanji.reviews.services import case_return

pytestmark = pytest.mark.django_db


def test_queue_holds_only_cases_now_at_my_orgs(make_memo, memo_world):
    w = memo_world
    at_unit = make_memo("unit").case
    at_competent = make_memo("recommender").case
    make_memo("draft")
    assert list(case_queue(user=w.unit_admin)) == [at_unit]
    assert list(case_queue(user=w.competent_staff)) == [at_competent]
    assert list(case_queue(user=w.other_unit_admin)) == []
    assert list(case_queue(user=w.person)) == []
    assert list(case_queue(user=w.unit_admin, route_key="other.route")) == []
    assert list(case_queue(user=w.unit_admin, q=at_unit.number)) == [at_unit]
    assert list(case_queue(user=w.unit_admin, year=2022)) == []


def test_a_clerk_has_no_queue_but_may_query(make_memo, memo_world):
    from tests.factories import staff_of

    w = memo_world
    clerk = staff_of(w.unit, "clerk")
    case = make_memo("unit").case
    assert list(case_queue(user=clerk)) == []
    assert list(case_query(user=clerk, year=2023)) == [case]


def test_withdrawable_lists_what_my_org_forwarded(make_memo, memo_world):
    w = memo_world
    forwarded = make_memo("recommender").case
    make_memo("office")  # the recommender acted on this one already
    assert list(case_withdrawable(user=w.unit_admin)) == [forwarded]
    assert list(case_withdrawable(user=w.other_unit_admin)) == []


def test_query_covers_every_stage_the_org_took_part_in(make_memo, memo_world):
    w = memo_world
    at_unit = make_memo("unit").case
    passed = make_memo("office").case
    done = make_memo("approved").case
    returned = case_return(case=make_memo("recommender").case, actor=w.competent_staff, opinion="退回")
    make_memo("draft")
    assert set(case_query(user=w.unit_admin, year=2023)) == {at_unit, passed, done, returned}
    assert set(case_query(user=w.competent_staff, year=2023)) == {passed, done, returned}
    assert set(case_query(user=w.title_office_staff, year=2023)) == {passed, done}
    assert list(case_query(user=w.unit_admin, year=2022)) == []
    assert list(case_query(user=w.other_unit_admin, year=2023)) == []


def test_get_for_reviewer_is_404_for_outsiders(make_memo, memo_world):
    w = memo_world
    case = make_memo("recommender").case
    assert case_get_for_reviewer(user=w.unit_admin, pk=case.pk) == case
    assert case_get_for_reviewer(user=w.competent_staff, pk=case.pk) == case
    assert case_get_for_reviewer(user=w.person, pk=case.pk) == case  # its applicant
    for outsider in (w.other_unit_admin, w.title_office_staff, w.other_person, w.platform_admin):
        with pytest.raises(Http404):
            case_get_for_reviewer(user=outsider, pk=case.pk)


def test_steps_end_with_the_open_stretch(make_memo, memo_world):
    w = memo_world
    case = make_memo("recommender").case
    steps = case_steps(case)
    assert [(s.seq, s.node_label, s.is_open) for s in steps] == [
        (1, "申请人", False), (2, "基层单位", False), (3, "推荐单位", True)]
    assert steps[-1].org == w.competent and steps[-1].started_at == steps[-2].ended_at
    assert case_steps(make_memo("approved").case)[-1].node_label == "已接收材料"
    assert case_steps(make_memo("draft").case)[0].node_label == "申请人"


def test_diagram_marks_current_node_and_contacts(make_memo, memo_world):
    w = memo_world
    case = make_memo("recommender").case
    boxes = case_diagram(case)
    assert [(b["label"], b["state"]) for b in boxes] == [
        ("申请人", "done"), ("基层单位", "done"), ("推荐单位", "current"), ("职称办公室", "todo"),
        ("已接收材料", "todo")]
    unit_box, current, office = boxes[1], boxes[2], boxes[3]
    assert (unit_box["org"], unit_box["person"], unit_box["phone"]) == (w.unit, "王芳", "0991-2345678")
    # An organisation without its own contact shows a reviewer of it.
    # A staff member's mobile is masked; an office's own phone (the unit's above) is shown whole.
    phone = w.competent_staff.phone
    assert (current["org"], current["person"], current["phone"]) == (w.competent, w.competent_staff.name,
                                                                     phone[:3] + "****" + phone[-4:])
    assert office["org"] == w.title_office
    returned = case_return(case=case, actor=w.competent_staff, opinion="退回")
    assert [b["state"] for b in case_diagram(returned)] == ["current", "todo", "todo", "todo", "todo"]
    approved = case_diagram(make_memo("approved").case)
    assert {b["state"] for b in approved} == {"done"}
    assert approved[3]["org"] == w.title_office
    assert returned.state == CaseState.RETURNED


def test_queue_keeps_a_node_perm_the_org_lacks_out(make_memo, memo_world):
    """A node with its own perm (发证单位 needs certificates.issue) stays out of a unit's queue even when the
    case sits at the unit; an organisation holding that perm sees it (the per-perm id lists differ)."""
    from django.db.models import Q

    w = memo_world
    at_unit = make_memo("unit").case
    at_office = make_memo("office").case
    # Put each case on the issuer node of the correction route, where the node perm is certificates.issue.
    type(at_unit).objects.filter(pk__in=[at_unit.pk, at_office.pk]).update(route="certificates.correction",
                                                                         node="issuer")
    assert list(case_queue(user=w.unit_admin)) == []
    assert list(case_queue(user=w.title_office_staff)) == [at_office]
    assert list(case_queue(user=w.other_unit_admin).filter(Q(pk=at_unit.pk) | Q(pk=at_office.pk))) == []


def test_the_diagram_masks_the_submitters_phone(make_memo, memo_world):
    case = make_memo("unit").case
    phone = memo_world.person.phone
    submitter = case_diagram(case)[0]
    assert submitter["phone"] == phone[:3] + "****" + phone[-4:]


def test_a_disabled_membership_or_organisation_has_no_queue(make_memo, memo_world):
    from zhuanji.orgs.models import Membership

    case = make_memo("unit").case
    assert list(case_queue(user=memo_world.unit_admin)) == [case]
    Membership.objects.filter(user=memo_world.unit_admin).update(is_active=False)
    assert list(case_queue(user=memo_world.unit_admin)) == []
    Membership.objects.filter(user=memo_world.unit_admin).update(is_active=True)
    memo_world.unit.is_active = False
    memo_world.unit.save(update_fields=["is_active"])
    assert list(case_queue(user=memo_world.unit_admin)) == []
