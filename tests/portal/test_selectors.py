from zhuanji.portal import selectors
from zhuanji.portal.models import Notice

from ..factories import OrganisationFactory
from .conftest import NoticeFactory


def test_public_list_follows_region_and_hides_drafts(world):
    region_notice = NoticeFactory(title="自治区通知")
    urumqi_notice = NoticeFactory(title="乌市通知", region=world.urumqi)
    NoticeFactory(title="喀什通知", region=world.kashgar)
    NoticeFactory(title="草稿", is_published=False, published_at=None)

    assert list(selectors.notice_list_public()) == [region_notice]
    assert set(selectors.notice_list_public(region=world.urumqi)) == {region_notice, urumqi_notice}
    assert selectors.notice_list_public(keyword="通知", all_regions=True).count() == 3


def test_public_list_filters_kind_category_and_keyword(world):
    policy = NoticeFactory(kind=Notice.Kind.POLICY, category=Notice.Category.TRAINING, title="继续教育规定",
                           body="<p>公需科目不少于30学时</p>")
    NoticeFactory(kind=Notice.Kind.NOTICE)
    assert list(selectors.notice_list_public(kind="policy")) == [policy]
    assert list(selectors.notice_list_public(category="training")) == [policy]
    assert list(selectors.notice_list_public(keyword="公需科目")) == [policy]


def test_manageable_notices_are_scoped(world, hr_bureau_admin, hr_department_admin):
    region_notice = NoticeFactory()
    urumqi_notice = NoticeFactory(region=world.urumqi, is_published=False)
    kashgar_notice = NoticeFactory(region=world.kashgar)
    assert set(selectors.notice_list_manageable(actor=world.platform_admin)) == {
        region_notice, urumqi_notice, kashgar_notice}
    assert list(selectors.notice_list_manageable(actor=hr_bureau_admin)) == [urumqi_notice]
    assert list(selectors.notice_list_manageable(actor=hr_department_admin)) == [region_notice]
    assert not selectors.notice_list_manageable(actor=world.person).exists()
    assert list(selectors.notice_list_manageable(actor=world.platform_admin, status="draft")) == [urumqi_notice]


def test_committee_contacts_by_region_and_keyword(world):
    urumqi_committee = OrganisationFactory(kind="committee", name="乌鲁木齐市中级职称评审委员会", region=world.urumqi,
                                           founder=world.hr_bureau)
    assert list(selectors.committee_contact_list(region_level=True)) == [world.committee]
    assert list(selectors.committee_contact_list(region=world.urumqi)) == [urumqi_committee]
    assert list(selectors.committee_contact_list(keyword="教育厅")) == [world.committee]
    assert list(selectors.committee_contact_list(keyword="中级")) == [urumqi_committee]
    urumqi_committee.is_active = False
    urumqi_committee.save(update_fields=["is_active"])
    assert list(selectors.committee_contact_list(region=world.urumqi)) == []
