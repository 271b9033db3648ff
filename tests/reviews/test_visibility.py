"""One scope rule: for every route and persona, 我的待办, 审核查询 and the case's own pages agree.

A case in a persona's inbox is in their 审核查询; a case in their 审核查询 (or their own document) opens —
the engine's flow page and the document's own detail page; any other case is a 404 on both.
"""

import pytest
from django.urls import reverse

from tests.accounts.conftest import ticket_of
from tests.certificates.conftest import issue, pdf_upload  # noqa: F401 - fixtures used below
from tests.conftest import PERSONAS
from tests.factories import PASSWORD, OrganisationFactory, staff_of
from tests.filings.makers import filing_at, grant
from tests.hours.conftest import TODAY, add_item, draft, hours_catalog, hw, ready  # noqa: F401
from tests.reviews.docapp.services import filing_create
from zhuanji.accounts.services import unit_register
from zhuanji.catalog.models import Level
from zhuanji.certificates.models import CertificateRequest
from zhuanji.certificates.services import request_create
from zhuanji.common.fakeids import make_credit_code
from zhuanji.filings.models import FilingGrade
from zhuanji.hours.services import application_submit
from zhuanji.orgs.acting import acting_as, acting_of
from zhuanji.orgs.models import OrgKind, Role
from zhuanji.reviews.access import visible_q
from zhuanji.reviews.models import Case
from zhuanji.reviews.routes import all_routes, get_route
from zhuanji.reviews.selectors import case_query, case_queue
from zhuanji.reviews.services import case_act, case_approve, case_return, case_submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases(make_memo, hw, ready, issue):  # noqa: F811 - fixtures imported above
    """Cases of every registered route at several stages."""
    w = hw
    for stage in ("draft", "unit", "recommender", "office", "approved"):
        make_memo(stage)
    returned = make_memo("recommender").case
    case_return(case=returned, actor=w.competent_staff, opinion="请补充")

    filing = filing_create(actor=w.ce_base_admin, owner=w.ce_base, title="培训前备案").case
    filing = case_submit(case=filing, actor=w.ce_base_admin)
    filing = case_act(case=filing, actor=w.competent_staff, decision="pass")  # now held by the base itself
    filing_create(actor=w.ce_base_admin, owner=w.ce_base, title="草稿备案")

    application_submit(actor=w.person, application=ready)
    other = make_hours(w)
    case_approve(case=other.case, actor=w.unit_admin, next_org=w.competent)

    request_create(actor=w.person, kind=CertificateRequest.Kind.LOSS, certificate=issue(), reason="遗失",
                   evidence=[pdf_upload()])
    request_create(actor=w.person, kind=CertificateRequest.Kind.CORRECTION, certificate=issue(), reason="姓名有误",
                   evidence=[pdf_upload()], changes={"01": "张薇"})
    ticket_of(w)  # an anonymous 账号找回工单, at the platform
    # 单位注册: pending at the 乌鲁木齐市人社局, approved by the 人社厅, refused by the platform (no 喀什 人社局 here).
    for n, region in enumerate((w.urumqi, w.region, w.kashgar)):
        org, _ = unit_register(credit_code=make_credit_code(9100 + n), name=f"注册单位{n}", region=region,
                               contact_name="王芳", contact_phone="13912345678", password=PASSWORD)
        if region == w.region:
            case_act(case=org.registration.case, actor=acting_of(w.hr_department_staff), decision="approve")
        elif region == w.kashgar:
            case_act(case=org.registration.case, actor=acting_of(w.platform_admin), decision="refuse", opinion="不符")
    make_filings(w)
    covered = set(Case.objects.values_list("route", flat=True))
    assert covered >= {r.key for r in all_routes()}
    return list(Case.objects.all())


def make_filings(w):
    """评审工作事前备案: a 乌鲁木齐 committee's at every stage (its office: the 乌鲁木齐市职称办), the 自治区
    committee's as a draft, under review and received (its office: the 自治区职称办). Sets `w.prefecture_committee`."""
    committee = OrganisationFactory(kind=OrgKind.COMMITTEE, name="乌鲁木齐市工程系列中级职称评审委员会",
                                    region=w.urumqi, founder=w.hr_bureau)
    w.prefecture_committee = committee
    grant(committee, w.catalog.engineer.specialty, Level.INTERMEDIATE)
    grant(w.committee, w.catalog.associate.specialty, Level.SENIOR_DEPUTY)
    prefecture = dict(actor=acting_as(staff_of(committee, Role.ADMIN, name="杨琳"), committee),
                      office_actor=acting_as(w.prefecture_title_office_staff, w.prefecture_title_office),
                      grade=FilingGrade.JUNIOR)
    region = dict(actor=acting_as(w.committee_admin, w.committee),
                  office_actor=acting_as(w.title_office_staff, w.title_office), grade=FilingGrade.SENIOR_EDUCATION)
    for stage in ("draft", "pending", "returned", "received", "cancelled"):
        filing_at(stage, title=f"乌鲁木齐{stage}", **prefecture)
    for stage in ("draft", "pending", "received"):
        filing_at(stage, title=f"自治区{stage}", **region)


def make_hours(w):
    from zhuanji.hours.services import application_create

    application = application_create(actor=w.person, area=w.region, work_unit=w.unit,
                                     qualification=w.catalog.associate, today=TODAY)
    add_item(application, hours=60)
    application_submit(actor=w.person, application=application)
    application.case.refresh_from_db()
    return application


EXTRA = ["unit_clerk", "platform_reviewer", "prefecture_committee_admin"]


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "anonymous"] + EXTRA)
def test_inbox_query_and_pages_agree(cases, hw, client, persona):  # noqa: F811 - the fixture imported above
    w = hw
    extra = {"unit_clerk": (w.unit, Role.CLERK), "platform_reviewer": (w.platform, Role.REVIEWER),
             "prefecture_committee_admin": (w.prefecture_committee, Role.ADMIN)}
    user = staff_of(*extra[persona], name="另一工作人员") if persona in extra else getattr(w, persona)
    ctx = acting_of(user)
    queue = set(case_queue(user=ctx).values_list("pk", flat=True))
    query = set()
    for year in {c.year for c in cases}:
        query |= set(case_query(user=ctx, year=year).values_list("pk", flat=True))
    visible = set(Case.objects.filter(visible_q(ctx)).values_list("pk", flat=True))
    assert queue <= query <= visible

    client.force_login(user)
    wrong = []
    for case in cases:
        flow = client.get(reverse("reviews:flow", args=[case.pk])).status_code
        detail = client.get(get_route(case.route).detail_url(case)).status_code
        expected = 200 if case.pk in visible else 404
        if (flow, detail) != (expected, expected):
            wrong.append(f"{case.route} {case.state}/{case.node}: flow {flow}, detail {detail}, expected {expected}")
    assert not wrong, "\n".join(wrong)


def test_filings_are_seen_by_their_committee_and_the_office_they_reached(cases, hw):  # noqa: F811
    """A committee sees all its own filings, drafts included; an office the ones submitted to it, of its level only."""
    w = hw

    def seen(user, org):
        visible = Case.objects.filter(visible_q(acting_as(user, org)), route__startswith="filings.")
        return set(visible.values_list("title", flat=True))

    stages = ("draft", "pending", "returned", "received", "cancelled")
    another_admin = staff_of(w.prefecture_committee, Role.CLERK, name="马得炬")
    assert seen(another_admin, w.prefecture_committee) == {f"乌鲁木齐{s}" for s in stages}
    assert seen(w.committee_admin, w.committee) == {"自治区draft", "自治区pending", "自治区received"}
    assert seen(w.prefecture_title_office_staff, w.prefecture_title_office) == {
        f"乌鲁木齐{s}" for s in stages if s != "draft"}
    assert seen(w.title_office_staff, w.title_office) == {"自治区pending", "自治区received"}
    for user, org in ((w.hr_bureau_staff, w.hr_bureau), (w.competent_staff, w.competent),
                      (w.unit_admin, w.unit), (w.ce_base_admin, w.ce_base)):
        assert seen(user, org) == set()
