"""A prefecture committee (乌鲁木齐市, engineering 中级/初级) with 可评审专业, its title office, and a filing made
ready step by step through the services."""

import datetime
from types import SimpleNamespace

import pytest

from tests.catalog.conftest import catalog  # noqa: F401  (the shared catalog fixture)
from tests.factories import OrganisationFactory, staff_of
from zhuanji.catalog.scopes import CatalogPick
from zhuanji.filings import services
from zhuanji.filings.models import FilingGrade, FilingKind
from zhuanji.orgs.acting import acting_as
from zhuanji.orgs.models import CommitteeScope, OrgKind, Role

PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
       b"trailer<</Root 1 0 R>>\n%%EOF\n")
YEAR = 2026
PLAN = dict(apply_start=datetime.date(2026, 8, 20), apply_end=datetime.date(2026, 9, 10),
            meeting_date=datetime.date(2026, 10, 10), approval_date=datetime.date(2026, 11, 10))


def pdf_upload(name="名册.pdf", data=PDF):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type="application/pdf")


def basic(**overrides):
    data = dict(title="关于机械电子等2个专业的会议备案", kind=FilingKind.REVIEW, year=YEAR, grade=FilingGrade.JUNIOR,
                committee_name="乌鲁木齐市工程系列中级职称评审委员会", location="乌鲁木齐市天山区人民路1号",
                head_name="马得炬", head_phone="0991-8028160", contact_name="杨琳", contact_phone="0991-8022286",
                contact_mobile="13679918018")
    data.update(overrides)
    return data


@pytest.fixture
def fw(world, catalog):  # noqa: F811
    """filing world: the 乌鲁木齐 committee (prefecture level) and its office, plus the region committee's scopes."""
    committee = OrganisationFactory(kind=OrgKind.COMMITTEE, name="乌鲁木齐市工程系列中级职称评审委员会",
                                    region=world.urumqi, founder=world.hr_bureau)
    admin = staff_of(committee, Role.ADMIN, name="杨琳")
    clerk = staff_of(committee, Role.CLERK, name="马得炬")
    for target in (catalog.mechanical, catalog.software):
        for level in ("intermediate", "junior"):
            pick = CatalogPick.of(target)
            if not target.qualifications.filter(level=level).exists():
                continue
            CommitteeScope.objects.create(committee=committee, level=level, **pick.range_fields())
    for level in ("senior_full", "senior_deputy"):
        CommitteeScope.objects.create(committee=world.committee, level=level,
                                      **CatalogPick.of(catalog.university).range_fields())
    other = OrganisationFactory(kind=OrgKind.COMMITTEE, name="喀什地区卫生系列中级职称评审委员会",
                                region=world.kashgar, founder=world.hr_bureau)
    kashgar_office = OrganisationFactory(kind=OrgKind.TITLE_OFFICE, name="喀什地区职称办公室", region=world.kashgar)
    return SimpleNamespace(
        world=world, catalog=catalog, committee=committee, admin=acting_as(admin, committee),
        clerk=acting_as(clerk, committee), office=world.prefecture_title_office,
        office_staff=acting_as(world.prefecture_title_office_staff, world.prefecture_title_office),
        other_committee=other,
        other_admin=acting_as(staff_of(other, Role.ADMIN, name="喀什评委会管理员"), other),
        kashgar_office=kashgar_office,
        kashgar_office_staff=acting_as(staff_of(kashgar_office, Role.REVIEWER, name="喀什职称办审核员"),
                                       kashgar_office),
        region_committee_admin=acting_as(world.committee_admin, world.committee),
        region_office_staff=acting_as(world.title_office_staff, world.title_office),
    )


def make_ready(fw, actor=None, **overrides):
    """A filing with every step complete (engineer 中级 planned, both required PDFs), not yet submitted."""
    actor = actor or fw.admin
    filing = services.filing_create(actor=actor, **basic(**overrides))
    candidates = list(services.filings.filing_candidates(filing))
    services.filing_items_add(actor=actor, filing=filing, qualifications=candidates[:2])
    services.filing_plan_all(actor=actor, filing=filing, **PLAN)
    services.filing_notice_update(actor=actor, filing=filing, notice_title="关于做好2026年度职称评审工作的通知",
                                  notice_body="<p>各有关单位：<strong>请按时申报</strong>。</p>")
    services.filing_attachment_add(actor=actor, filing=filing, slot="roster", upload=pdf_upload())
    services.filing_attachment_add(actor=actor, filing=filing, slot="pledge", upload=pdf_upload("承诺书.pdf"))
    filing.refresh_from_db()
    return filing
