"""The rules of a 评审工作事前备案, service by service: each refusal in its exact words, and nothing changed by it."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from tests.factories import staff_of
from zhuanji.accounts.models import User
from zhuanji.attachments.models import Attachment
from zhuanji.audit.models import AuditEntry
from zhuanji.catalog.models import Level, Qualification
from zhuanji.catalog.scopes import CatalogPick
from zhuanji.filings import services
from zhuanji.filings.models import Filing, FilingGrade, FilingItem, FilingKind
from zhuanji.filings.selectors import filing_candidates
from zhuanji.orgs.acting import acting_as
from zhuanji.orgs.models import CommitteeScope, Membership, Role
from zhuanji.orgs.services.committees import committee_contact_add
from zhuanji.orgs.services.users import membership_set_active, staff_user_update
from zhuanji.reviews.models import Action, Case, CaseState
from zhuanji.reviews.services import case_act

from .conftest import PDF, PLAN, YEAR, basic, make_ready, pdf_upload

pytestmark = pytest.mark.django_db

D = datetime.date


def audit_count(action: str) -> int:
    return AuditEntry.objects.filter(action=action).count()


def messages(exc_info) -> dict[str, list[str]] | list[str]:
    exc = exc_info.value
    return exc.message_dict if hasattr(exc, "error_dict") else exc.messages


def codes(qs) -> set[str]:
    return set(qs.values_list("code", flat=True))


def submit_messages(fw, filing, actor=None) -> list[str]:
    with pytest.raises(ValidationError) as exc_info:
        services.filing_submit(actor=actor or fw.admin, filing=filing)
    return exc_info.value.messages


# ---- ① 基本信息 ----------------------------------------------------------------------------------------------

def test_create_opens_a_draft_case_on_the_route_of_the_committee_level(fw):
    filing = services.filing_create(actor=fw.admin, contact_user=fw.admin.user, **basic())
    case = filing.case
    assert (case.route, case.state, case.owner_org, case.title, case.year) == (
        "filings.prefiling_prefecture", CaseState.DRAFT, fw.committee, filing.title, YEAR)
    assert filing.level == fw.world.urumqi and filing.committee == fw.committee
    assert len(filing.number) == 6 and filing.number.isdigit()
    assert filing.contact_user == fw.admin.user
    entry = AuditEntry.objects.get(action="filings.create")
    assert (entry.object_type, entry.object_id, entry.after["number"]) == ("filings.filing", str(filing.pk),
                                                                           filing.number)

    region = services.filing_create(actor=fw.region_committee_admin, **basic(grade=FilingGrade.SENIOR_EDUCATION))
    assert region.case.route == "filings.prefiling_region" and region.level == fw.world.region


@pytest.mark.parametrize("overrides, errors", [
    ({"title": "标" * 101}, {"title": ["标题不能超过100个字"]}),
    ({"title": "  "}, {"title": ["请填写标题"]}),
    ({"committee_name": ""}, {"committee_name": ["请填写评审机构名称"]}),
    ({"location": "地" * 101}, {"location": ["所在地点不能超过100个字"]}),
    ({"kind": "exam"}, {"kind": ["请选择类型"]}),
    ({"grade": ""}, {"grade": ["请选择备案级别"]}),
    ({"year": 1999}, {"year": ["请选择工作年度"]}),
    ({"year": "2026"}, {"year": ["请选择工作年度"]}),
    ({"head_name": ""}, {"head_name": ["请输入负责人姓名"]}),
    ({"contact_name": "杨琳1"}, {"contact_name": ["联系人员姓名只能由汉字、字母和间隔号“·”组成"]}),
    ({"head_phone": ""}, {"head_phone": ["请填写负责人联系电话"]}),
    ({"head_phone": "0991/8028160"}, {"head_phone": ["负责人联系电话格式不正确（数字和“-”，7至20位）"]}),
    ({"contact_phone": "123"}, {"contact_phone": ["联系人员联系电话格式不正确（数字和“-”，7至20位）"]}),
    ({"contact_mobile": "1367991801"}, {"contact_mobile": ["请输入以1开头的11位手机号码"]}),
    ({"contact_mobile": "136799180188"}, {"contact_mobile": ["请输入以1开头的11位手机号码"]}),
    ({"contact_mobile": "23679918018"}, {"contact_mobile": ["请输入以1开头的11位手机号码"]}),
])
def test_create_refuses_each_bad_field(fw, overrides, errors):
    with pytest.raises(ValidationError) as exc_info:
        services.filing_create(actor=fw.admin, **basic(**overrides))
    assert messages(exc_info) == errors
    assert not Filing.objects.exists() and not Case.objects.exists() and audit_count("filings.create") == 0


@pytest.mark.parametrize("value, ok", [
    ("0991-8028160", True), (" 12345678 ", True), ("9" * 20, True),
    ("123456", False), ("9" * 21, False), ("-0991802816", False), ("0991 8028160", False), ("0991-8028160\n1", False),
])
def test_office_phones_share_one_rule_with_committee_contacts(fw, world, value, ok):
    """联系电话 of a filing and of a committee's 办事机构 contact: the one `clean_office_phone` rule."""
    data = basic(head_phone=value)
    if ok:
        assert services.filing_create(actor=fw.admin, **data).head_phone == value.strip()
        contact = committee_contact_add(actor=world.title_office_staff, committee=world.committee, name="王主任",
                                        phone=value)
        assert contact.phone == value.strip()
        return
    with pytest.raises(ValidationError) as exc_info:
        services.filing_create(actor=fw.admin, **data)
    assert messages(exc_info) == {"head_phone": ["负责人联系电话格式不正确（数字和“-”，7至20位）"]}
    with pytest.raises(ValidationError) as exc_info:
        committee_contact_add(actor=world.title_office_staff, committee=world.committee, name="王主任", phone=value)
    assert messages(exc_info) == {"phone": ["联系电话格式不正确（数字和“-”，7至20位）"]}


def test_create_lists_every_missing_field_at_once(fw):
    empty = dict.fromkeys(("title", "kind", "grade", "committee_name", "location", "head_name", "head_phone",
                           "contact_name", "contact_phone", "contact_mobile"), "")
    with pytest.raises(ValidationError) as exc_info:
        services.filing_create(actor=fw.admin, year=None, **empty)
    assert messages(exc_info) == {
        "title": ["请填写标题"], "committee_name": ["请填写评审机构名称"], "location": ["请填写所在地点"],
        "kind": ["请选择类型"], "grade": ["请选择备案级别"], "year": ["请选择工作年度"],
        "head_name": ["请输入负责人姓名"], "contact_name": ["请输入联系人员姓名"],
        "head_phone": ["请填写负责人联系电话"], "contact_phone": ["请填写联系人员联系电话"],
        "contact_mobile": ["请输入以1开头的11位手机号码"]}
    assert not Filing.objects.exists()


def test_the_contact_is_one_of_the_committees_enabled_users(fw):
    outsider = fw.other_admin.user
    with pytest.raises(ValidationError) as exc_info:
        services.filing_create(actor=fw.admin, contact_user=outsider, **basic())
    assert messages(exc_info) == {"contact_user": ["联系人员应为本评审委员会的用户"]}
    disabled = staff_of(fw.committee, Role.CLERK, name="王停用")
    Membership.objects.filter(user=disabled).update(is_active=False)
    with pytest.raises(ValidationError) as exc_info:
        services.filing_create(actor=fw.admin, contact_user=disabled, **basic())
    assert messages(exc_info) == {"contact_user": ["联系人员应为本评审委员会的用户"]}
    assert not Filing.objects.exists()
    assert services.filing_create(actor=fw.admin, contact_user=fw.clerk.user, **basic()).contact_user == fw.clerk.user


def test_only_committee_members_acting_as_the_committee_file(fw):
    for actor in (fw.office_staff, fw.region_office_staff, acting_as(fw.world.unit_admin, fw.world.unit)):
        with pytest.raises(PermissionDenied):
            services.filing_create(actor=actor, **basic())
    # A member of this committee and of a 职称办, acting as the office: not as the committee.
    both = staff_of(fw.office, Role.REVIEWER, name="双重身份")
    Membership.objects.create(user=both, org=fw.committee, role=Role.CLERK)
    with pytest.raises(PermissionDenied):
        services.filing_create(actor=acting_as(both, fw.office), **basic())
    assert not Filing.objects.exists()
    assert services.filing_create(actor=acting_as(both, fw.committee), **basic()).committee == fw.committee


def test_another_committee_cannot_touch_this_filing(fw):
    filing = services.filing_create(actor=fw.admin, **basic())
    # A member of both committees acting as the other one is refused too: the acting organisation decides.
    both = staff_of(fw.other_committee, Role.ADMIN, name="两会成员")
    Membership.objects.create(user=both, org=fw.committee, role=Role.CLERK)
    candidates = list(filing_candidates(filing))
    calls = [
        lambda a: services.filing_update(actor=a, filing=filing, **basic(title="改名")),
        lambda a: services.filing_items_add(actor=a, filing=filing, qualifications=candidates[:1]),
        lambda a: services.filing_plan_all(actor=a, filing=filing, **PLAN),
        lambda a: services.filing_notice_update(actor=a, filing=filing, notice_title="通知", notice_body="<p>x</p>"),
        lambda a: services.filing_attachment_add(actor=a, filing=filing, slot="roster", upload=pdf_upload()),
        lambda a: services.filing_submit(actor=a, filing=filing),
        lambda a: services.filing_delete(actor=a, filing=filing),
        lambda a: services.filing_cancel(actor=a, filing=filing),
    ]
    for actor in (fw.other_admin, acting_as(both, fw.other_committee), fw.office_staff):
        for call in calls:
            with pytest.raises(PermissionDenied):
                call(actor)
    filing.refresh_from_db()
    assert filing.title == basic()["title"] and not filing.items.exists() and not filing.notice_title
    assert not Attachment.objects.exists() and filing.case.state == CaseState.DRAFT
    assert AuditEntry.objects.filter(action__startswith="filings.").values_list("action", flat=True).get() == (
        "filings.create")


def test_year_and_grade_are_locked_after_the_first_save(fw):
    filing = services.filing_create(actor=fw.admin, **basic())
    with pytest.raises(ValidationError) as exc_info:
        services.filing_update(actor=fw.admin, filing=filing, **basic(year=YEAR + 1, grade=FilingGrade.SENIOR,
                                                                       title="新标题"))
    assert messages(exc_info) == {"year": ["工作年度保存后无法修改"], "grade": ["备案级别保存后无法修改"]}
    filing.refresh_from_db()
    assert (filing.year, filing.grade, filing.title) == (YEAR, FilingGrade.JUNIOR, basic()["title"])
    assert audit_count("filings.update") == 0

    # The other fields stay editable (by any member), and the case's title follows the filing's.
    updated = services.filing_update(actor=fw.clerk, filing=filing, **basic(
        title="关于机械电子专业的会议备案", location="乌鲁木齐市新市区", kind=FilingKind.PRIVATE,
        contact_user=fw.clerk.user))
    filing.refresh_from_db()
    assert (filing.title, filing.location, filing.kind, filing.contact_user) == (
        "关于机械电子专业的会议备案", "乌鲁木齐市新市区", FilingKind.PRIVATE, fw.clerk.user)
    assert (filing.year, filing.grade) == (YEAR, FilingGrade.JUNIOR) and updated.pk == filing.pk
    assert Case.objects.get(pk=filing.case_id).title == "关于机械电子专业的会议备案"
    entry = AuditEntry.objects.get(action="filings.update")
    assert (entry.before["title"], entry.after["title"]) == (basic()["title"], "关于机械电子专业的会议备案")


def test_update_lists_a_locked_field_with_the_other_errors(fw):
    filing = services.filing_create(actor=fw.admin, **basic())
    with pytest.raises(ValidationError) as exc_info:
        services.filing_update(actor=fw.admin, filing=filing, **basic(year=2027, title="", contact_mobile="1"))
    assert messages(exc_info) == {"year": ["工作年度保存后无法修改"], "title": ["请填写标题"],
                                  "contact_mobile": ["请输入以1开头的11位手机号码"]}
    # Sending the saved values (or leaving them out) is not a change.
    services.filing_update(actor=fw.admin, filing=filing, **{k: v for k, v in basic(title="新").items()
                                                             if k not in ("year", "grade")})
    assert Filing.objects.get(pk=filing.pk).title == "新"


# ---- ② 选择专业资格: 备案级别 ⇄ series -----------------------------------------------------------------------------

@pytest.fixture
def broad_region_committee(fw):
    """The region's teachers' committee may also evaluate 机械电子 副高, 高校教师 中级/初级 and 内科学 中级."""
    catalog = fw.catalog
    CommitteeScope.objects.create(committee=fw.world.committee, level=Level.SENIOR_DEPUTY,
                                  **CatalogPick.of(catalog.mechanical).range_fields())
    for level in (Level.INTERMEDIATE, Level.JUNIOR):
        CommitteeScope.objects.create(committee=fw.world.committee, level=level,
                                      **CatalogPick.of(catalog.university).range_fields())
    CommitteeScope.objects.create(committee=fw.world.committee, level=Level.INTERMEDIATE,
                                  **CatalogPick.of(catalog.internal).range_fields())
    return fw.world.committee


def test_each_grade_offers_its_own_series(fw, broad_region_committee):
    def offered(grade):
        filing = services.filing_create(actor=fw.region_committee_admin, **basic(grade=grade))
        return codes(filing_candidates(filing))

    assert offered(FilingGrade.SENIOR_EDUCATION) == {"0300101", "0300102"}  # 教师系列 (03) 正高/副高 only
    assert offered(FilingGrade.SENIOR) == {"0018901"}  # none of series 03
    # 初中级: 中级 and 初级 only; 主治医师 is 以考代评, never offered.
    assert offered(FilingGrade.JUNIOR) == {"0300103", "0300104"}
    assert not any(q.level in Level.high() for q in filing_candidates(Filing.objects.get(grade=FilingGrade.JUNIOR)))


def test_only_the_committees_own_scope_is_offered_and_exam_only_never(fw):
    filing = services.filing_create(actor=fw.admin, **basic())
    # 机械电子 中级/初级; 计算机技术与软件 工程师 is in scope but 以考代评.
    assert codes(filing_candidates(filing)) == {"0018902", "0018903", "0018904"}
    assert Qualification.objects.get(code="0021401").exam_only
    senior = services.filing_create(actor=fw.admin, **basic(grade=FilingGrade.SENIOR))
    assert codes(filing_candidates(senior)) == set()  # no 副高 in this committee's 可评审专业


@pytest.mark.parametrize("code", ["0300101", "0021401", "0018901", "0300103"])
def test_adding_a_qualification_outside_is_refused(fw, code):
    filing = services.filing_create(actor=fw.admin, **basic())
    outside = Qualification.objects.get(code=code)
    engineer = Qualification.objects.get(code="0018902")
    with pytest.raises(ValidationError) as exc_info:
        services.filing_items_add(actor=fw.admin, filing=filing, qualifications=[engineer, outside])
    assert messages(exc_info) == {"qualifications": [
        f"以下资格不在本评审委员会本备案级别的可评审专业中：{outside.path}"]}
    assert not FilingItem.objects.exists() and audit_count("filings.items_add") == 0


def test_senior_grades_refuse_the_other_series(fw, broad_region_committee):
    education = services.filing_create(actor=fw.region_committee_admin, **basic(grade=FilingGrade.SENIOR_EDUCATION))
    senior = services.filing_create(actor=fw.region_committee_admin, **basic(grade=FilingGrade.SENIOR))
    senior_engineer, professor = Qualification.objects.get(code="0018901"), Qualification.objects.get(code="0300101")
    for filing, refused in ((education, senior_engineer), (senior, professor)):
        with pytest.raises(ValidationError) as exc_info:
            services.filing_items_add(actor=fw.region_committee_admin, filing=filing, qualifications=[refused])
        assert messages(exc_info) == {"qualifications": [
            f"以下资格不在本评审委员会本备案级别的可评审专业中：{refused.path}"]}
    assert not FilingItem.objects.exists()
    services.filing_items_add(actor=fw.region_committee_admin, filing=education, qualifications=[professor])
    services.filing_items_add(actor=fw.region_committee_admin, filing=senior, qualifications=[senior_engineer])
    assert codes(Qualification.objects.filter(pk__in=FilingItem.objects.values("qualification"))) == {
        "0300101", "0018901"}


def test_items_are_added_once_and_removed(fw):
    filing = services.filing_create(actor=fw.admin, **basic())
    engineer, assistant = Qualification.objects.get(code="0018902"), Qualification.objects.get(code="0018903")
    with pytest.raises(ValidationError) as exc_info:
        services.filing_items_add(actor=fw.admin, filing=filing, qualifications=[])
    assert messages(exc_info) == {"qualifications": ["请勾选要添加的资格"]}
    assert len(services.filing_items_add(actor=fw.admin, filing=filing, qualifications=[engineer])) == 1
    assert len(services.filing_items_add(actor=fw.admin, filing=filing, qualifications=[engineer, assistant])) == 1
    with pytest.raises(ValidationError) as exc_info:
        services.filing_items_add(actor=fw.admin, filing=filing, qualifications=[assistant])
    assert messages(exc_info) == {"qualifications": ["所选资格已全部在已选择资格中"]}
    assert filing.items.count() == 2 and audit_count("filings.items_add") == 2

    with pytest.raises(ValidationError) as exc_info:
        services.filing_items_remove(actor=fw.admin, filing=filing, item_ids=[])
    assert messages(exc_info) == {"items": ["请勾选要删除的资格"]}
    other = services.filing_create(actor=fw.admin, **basic())
    other_item = services.filing_items_add(actor=fw.admin, filing=other, qualifications=[engineer])[0]
    with pytest.raises(ValidationError):  # another filing's item is not this one's
        services.filing_items_remove(actor=fw.admin, filing=filing, item_ids=[other_item.pk])
    item = filing.items.get(qualification=engineer)
    assert services.filing_items_remove(actor=fw.admin, filing=filing, item_ids=[item.pk]) == 1
    assert list(filing.items.values_list("qualification__code", flat=True)) == ["0018903"]
    assert FilingItem.objects.filter(pk=other_item.pk).exists()
    assert AuditEntry.objects.get(action="filings.items_remove").before == {"资格": [engineer.path]}


def test_an_item_leaving_the_scope_blocks_submission(fw):
    filing = make_ready(fw)
    CommitteeScope.objects.filter(committee=fw.committee, level=Level.JUNIOR).delete()
    gone = filing.items.get(qualification__level=Level.JUNIOR).qualification
    assert submit_messages(fw, filing) == [
        f"2、选择专业资格：以下资格已不在本评审委员会本备案级别的可评审专业中，请删除：{gone.path}"]


# ---- ③ 设置计划时间 ---------------------------------------------------------------------------------------------

@pytest.fixture
def planned(fw):
    """A filing with 工程师 and 助理工程师 selected, no times yet."""
    filing = services.filing_create(actor=fw.admin, **basic())
    services.filing_items_add(actor=fw.admin, filing=filing, qualifications=Qualification.objects.filter(
        code__in=["0018902", "0018903"]))
    return filing


@pytest.mark.parametrize("dates, errors", [
    ({"apply_end": D(2026, 8, 20)}, {"apply_end": ["申报截止时间应晚于申报开始时间"]}),
    ({"apply_end": D(2026, 8, 19)}, {"apply_end": ["申报截止时间应晚于申报开始时间"]}),
    ({"meeting_date": D(2026, 9, 10)}, {"meeting_date": ["上会时间应晚于申报截止时间"]}),
    ({"meeting_date": D(2026, 9, 1)}, {"meeting_date": ["上会时间应晚于申报截止时间"]}),
    ({"approval_date": D(2026, 10, 10)}, {"approval_date": ["批文时间应晚于上会时间"]}),
    ({"approval_date": D(2026, 10, 1)}, {"approval_date": ["批文时间应晚于上会时间"]}),
    ({"apply_start": D(2025, 12, 31)}, {"apply_start": ["申报开始时间不能早于工作年度（2026年）"]}),
    ({"apply_start": None}, {"apply_start": ["请选择申报开始时间"]}),
    ({"apply_start": None, "apply_end": None, "meeting_date": None, "approval_date": None},
     {"apply_start": ["请选择申报开始时间"], "apply_end": ["请选择申报截止时间"], "meeting_date": ["请选择上会时间"],
      "approval_date": ["请选择批文时间"]}),
    ({"approval_date": "2026-11-10"}, {"approval_date": ["请选择批文时间"]}),
])
def test_plan_dates_must_be_in_order_within_the_year(fw, planned, dates, errors):
    item = planned.items.first()
    plan = {**PLAN, **dates}
    for call in (lambda: services.filing_plan_item(actor=fw.admin, filing=planned, item_id=item.pk, **plan),
                 lambda: services.filing_plan_all(actor=fw.admin, filing=planned, **plan)):
        with pytest.raises(ValidationError) as exc_info:
            call()
        assert messages(exc_info) == errors
    assert not FilingItem.objects.filter(apply_start__isnull=False).exists() and audit_count("filings.plan") == 0


def test_plan_one_or_all(fw, planned):
    first, second = planned.items.all()
    later = dict(apply_start=D(2027, 1, 5), apply_end=D(2027, 2, 1), meeting_date=D(2027, 3, 1),
                 approval_date=D(2027, 4, 1))  # a later year is fine
    services.filing_plan_item(actor=fw.admin, filing=planned, item_id=first.pk, **later)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.apply_start, first.approval_date, second.planned) == (D(2027, 1, 5), D(2027, 4, 1), False)
    assert submit_messages(fw, planned)[0].startswith(
        f"3、设置计划时间：请设置以下资格的计划时间：{second.qualification.path}")
    assert services.filing_plan_all(actor=fw.admin, filing=planned, **PLAN) == 2
    assert set(planned.items.values_list("apply_start", "apply_end", "meeting_date", "approval_date")) == {
        tuple(PLAN.values())}
    assert audit_count("filings.plan") == 2
    other = services.filing_create(actor=fw.admin, **basic())
    with pytest.raises(ValidationError) as exc_info:
        services.filing_plan_item(actor=fw.admin, filing=other, item_id=first.pk, **PLAN)
    assert messages(exc_info) == ["该资格不在本备案中"]
    with pytest.raises(ValidationError) as exc_info:
        services.filing_plan_all(actor=fw.admin, filing=other, **PLAN)
    assert messages(exc_info) == ["请先在第2步选择专业资格"]


# ---- ④ 工作通知 -------------------------------------------------------------------------------------------------

def test_the_notice_is_sanitised_on_save(fw):
    filing = services.filing_create(actor=fw.admin, **basic())
    body = ('<p onclick="steal()">各有关单位：<strong>请按时申报</strong></p><script>alert(1)</script>'
            '<a href="javascript:alert(2)">链接</a><img src="x" onerror="alert(3)">')
    services.filing_notice_update(actor=fw.admin, filing=filing, notice_title="  关于做好2026年度 职称评审工作的通知 ",
                                  notice_body=body)
    filing.refresh_from_db()
    assert filing.notice_title == "关于做好2026年度 职称评审工作的通知"
    for gone in ("<script", "alert(1)", "onclick", "steal", "javascript:", "onerror"):
        assert gone not in filing.notice_body
    assert "<strong>请按时申报</strong>" in filing.notice_body and "各有关单位" in filing.notice_body
    assert AuditEntry.objects.get(action="filings.notice_update").after["notice_title"] == filing.notice_title


@pytest.mark.parametrize("title, body, errors", [
    ("通知", "<p><br></p>", {"notice_body": ["请填写通知内容"]}),
    ("通知", "<p>&nbsp; </p><script>正文</script>", {"notice_body": ["请填写通知内容"]}),
    ("", "<p>正文</p>", {"notice_title": ["请填写通知标题"]}),
    ("题" * 101, "", {"notice_title": ["通知标题不能超过100个字"], "notice_body": ["请填写通知内容"]}),
    ("通知", "<p>" + "字" * 50_001 + "</p>", {"notice_body": ["通知内容过长（不能超过50000个字符）"]}),
])
def test_an_empty_or_oversized_notice_is_refused(fw, title, body, errors):
    filing = services.filing_create(actor=fw.admin, **basic())
    with pytest.raises(ValidationError) as exc_info:
        services.filing_notice_update(actor=fw.admin, filing=filing, notice_title=title, notice_body=body)
    assert messages(exc_info) == errors
    filing.refresh_from_db()
    assert (filing.notice_title, filing.notice_body) == ("", "") and audit_count("filings.notice_update") == 0


# ---- ⑥ 上传附件 -------------------------------------------------------------------------------------------------

def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (60, 40), (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


TYPE_REFUSED = "文件类型不符：只能上传pdf文件（按文件内容检查）"


@pytest.mark.parametrize("name, data, message", [
    ("名册.png", png(), TYPE_REFUSED),
    ("名册.pdf", png(), TYPE_REFUSED),  # a picture named .pdf
    ("名册.pdf", "职称评审办事机构工作人员名册\n杨琳 13679918018\n".encode(), TYPE_REFUSED),  # text named .pdf
    ("名册.pdf", PDF + b" " * (8 * 1024 * 1024 + 1 - len(PDF)), "文件大小不能超过8MB"),  # 8 MB + 1 byte
    ("名册.pdf", b"", "文件内容为空"),
])
def test_attachments_are_pdfs_of_at_most_8_mb(fw, settings, name, data, message):
    filing = services.filing_create(actor=fw.admin, **basic())
    with pytest.raises(ValidationError) as exc_info:
        services.filing_attachment_add(actor=fw.admin, filing=filing, slot="roster",
                                       upload=SimpleUploadedFile(name, data, content_type="application/pdf"))
    assert messages(exc_info) == {"upload": [message]}
    assert not Attachment.objects.exists() and audit_count("filings.attachment_add") == 0
    assert not (settings.PRIVATE_ROOT / "attachments").exists() or not any(
        p.is_file() for p in (settings.PRIVATE_ROOT / "attachments").rglob("*"))


def test_one_file_per_slot_and_a_known_slot(fw):
    filing = services.filing_create(actor=fw.admin, **basic())
    first = services.filing_attachment_add(actor=fw.admin, filing=filing, slot="roster", upload=pdf_upload())
    assert (first.slot, first.mime_type, first.original_name) == ("roster", "application/pdf", "名册.pdf")
    with pytest.raises(ValidationError) as exc_info:
        services.filing_attachment_add(actor=fw.admin, filing=filing, slot="roster", upload=pdf_upload("二.pdf"))
    assert messages(exc_info) == {"upload": ["最多只能上传1个文件"]}
    with pytest.raises(ValidationError) as exc_info:
        services.filing_attachment_add(actor=fw.admin, filing=filing, slot="other", upload=pdf_upload())
    assert messages(exc_info) == {"slot": ["请选择附件类型"]}
    assert Attachment.objects.count() == 1 and audit_count("filings.attachment_add") == 1
    for slot in ("notice", "pledge", "plan", "conditions"):  # every other slot takes its own file
        services.filing_attachment_add(actor=fw.admin, filing=filing, slot=slot, upload=pdf_upload())
    assert Attachment.objects.count() == 5


def test_deleting_an_attachment_frees_the_slot_and_only_the_filings_own(fw):
    filing = services.filing_create(actor=fw.admin, **basic())
    other = services.filing_create(actor=fw.admin, **basic())
    mine = services.filing_attachment_add(actor=fw.admin, filing=filing, slot="roster", upload=pdf_upload())
    theirs = services.filing_attachment_add(actor=fw.admin, filing=other, slot="roster", upload=pdf_upload())
    with pytest.raises(PermissionDenied):
        services.filing_attachment_delete(actor=fw.admin, filing=filing, attachment=theirs)
    with pytest.raises(PermissionDenied):
        services.filing_attachment_delete(actor=fw.other_admin, filing=filing, attachment=mine)
    assert Attachment.objects.count() == 2
    services.filing_attachment_delete(actor=fw.clerk, filing=filing, attachment=mine)
    assert list(Attachment.objects.all()) == [theirs] and audit_count("filings.attachment_delete") == 1
    services.filing_attachment_add(actor=fw.admin, filing=filing, slot="roster", upload=pdf_upload())


def test_the_required_attachments_are_listed_at_submission(fw):
    filing = make_ready(fw)
    Attachment.objects.all().delete()
    assert submit_messages(fw, filing) == ["6、上传附件：请上传（二）职称评审办事机构工作人员名册",
                                           "6、上传附件：请上传（四）职称评审办事机构工作人员个人诚信承诺书"]
    services.filing_attachment_add(actor=fw.admin, filing=filing, slot="pledge", upload=pdf_upload())
    services.filing_attachment_add(actor=fw.admin, filing=filing, slot="notice", upload=pdf_upload())
    assert submit_messages(fw, filing) == ["6、上传附件：请上传（二）职称评审办事机构工作人员名册"]
    services.filing_attachment_add(actor=fw.admin, filing=filing, slot="roster", upload=pdf_upload())
    services.filing_submit(actor=fw.admin, filing=filing)  # (一)(九) and 评审条件 are optional


# ---- ⑤ 本单位用户 -----------------------------------------------------------------------------------------------

def make_stale(user, days=366):
    User.objects.filter(pk=user.pk).update(updated_at=timezone.now() - datetime.timedelta(days=days))


STALE_MESSAGE = "5、本单位用户：以下用户超过一年未编辑，请在【系统设置】-【我的用户】中修改信息核实或禁用："


def test_a_stale_user_blocks_submission_until_disabled(fw):
    filing = make_ready(fw)
    clerk = fw.clerk.user
    make_stale(clerk)
    make_stale(fw.admin.user, days=364)  # edited within the year: fine
    assert submit_messages(fw, filing) == [f"{STALE_MESSAGE}{clerk.display_name}（{clerk.username}）"]
    assert filing.case.steps.count() == 0 and audit_count("filings.submit") == 0
    assert Case.objects.get(pk=filing.case_id).state == CaseState.DRAFT
    membership = Membership.objects.get(user=clerk, org=fw.committee)
    membership_set_active(actor=fw.admin, membership=membership, is_active=False)
    services.filing_submit(actor=fw.admin, filing=filing)
    assert Case.objects.get(pk=filing.case_id).state == CaseState.PENDING


def test_a_stale_user_blocks_submission_until_edited_and_all_are_named(fw):
    filing = make_ready(fw)
    third = staff_of(fw.committee, Role.REVIEWER, name="阿不都热合曼")
    for user in (fw.clerk.user, third):
        make_stale(user)
    got = submit_messages(fw, filing)
    assert len(got) == 1 and got[0].startswith(STALE_MESSAGE)
    for user in (fw.clerk.user, third):
        assert f"{user.display_name}（{user.username}）" in got[0]
    # 修改信息 (even without changing anything) confirms the user.
    membership = Membership.objects.get(user=third, org=fw.committee)
    staff_user_update(actor=fw.admin, membership=membership, name=third.name, phone=third.phone, role=Role.REVIEWER)
    clerk = fw.clerk.user
    assert submit_messages(fw, filing) == [f"{STALE_MESSAGE}{clerk.display_name}（{clerk.username}）"]
    staff_user_update(actor=fw.admin, membership=Membership.objects.get(user=clerk, org=fw.committee),
                      name=clerk.name, phone=clerk.phone, role=Role.CLERK)
    services.filing_submit(actor=fw.admin, filing=filing)
    assert Case.objects.get(pk=filing.case_id).state == CaseState.PENDING


def test_another_committees_stale_user_does_not_block(fw):
    make_stale(fw.other_admin.user)
    services.filing_submit(actor=fw.admin, filing=make_ready(fw))


# ---- ⑦ 备案确认提交 ---------------------------------------------------------------------------------------------

def test_a_fresh_filing_lists_every_unmet_step_at_once(fw):
    filing = services.filing_create(actor=fw.admin, **basic())
    make_stale(fw.clerk.user)
    clerk = fw.clerk.user
    assert submit_messages(fw, filing) == [
        "2、选择专业资格：请至少选择一个专业资格",
        "3、设置计划时间：请先在第2步选择专业资格",
        "4、工作通知：请填写通知标题",
        "4、工作通知：请填写通知内容",
        f"{STALE_MESSAGE}{clerk.display_name}（{clerk.username}）",
        "6、上传附件：请上传（二）职称评审办事机构工作人员名册",
        "6、上传附件：请上传（四）职称评审办事机构工作人员个人诚信承诺书",
    ]
    case = Case.objects.get(pk=filing.case_id)
    assert (case.state, case.submitted_at, case.steps.count()) == (CaseState.DRAFT, None, 0)
    assert audit_count("filings.submit") == 0 and audit_count("reviews.submit") == 0


def test_basic_info_broken_since_is_listed_too(fw):
    filing = make_ready(fw)
    Filing.objects.filter(pk=filing.pk).update(contact_mobile="123")
    filing.refresh_from_db()
    assert submit_messages(fw, filing) == ["1、填写基本信息：请输入以1开头的11位手机号码"]


def test_submitted_once_then_read_only(fw):
    filing = make_ready(fw)
    services.filing_submit(actor=fw.clerk, filing=filing)
    case = Case.objects.get(pk=filing.case_id)
    assert (case.state, case.current_org, case.node) == (CaseState.PENDING, fw.office, "office")
    step = case.steps.get()
    assert (step.action, step.node_label, step.org, step.handler) == (Action.SUBMIT, "评审机构", fw.committee,
                                                                     fw.clerk.user)
    assert AuditEntry.objects.get(action="filings.submit").after == {"number": filing.number}
    item = filing.items.first()
    refusals = [
        lambda: services.filing_submit(actor=fw.admin, filing=filing),
        lambda: services.filing_update(actor=fw.admin, filing=filing, **basic(title="改")),
        lambda: services.filing_items_remove(actor=fw.admin, filing=filing, item_ids=[item.pk]),
        lambda: services.filing_plan_item(actor=fw.admin, filing=filing, item_id=item.pk, **PLAN),
        lambda: services.filing_notice_update(actor=fw.admin, filing=filing, notice_title="改",
                                              notice_body="<p>改</p>"),
        lambda: services.filing_attachment_add(actor=fw.admin, filing=filing, slot="plan", upload=pdf_upload()),
        lambda: services.filing_attachment_delete(actor=fw.admin, filing=filing,
                                                  attachment=Attachment.objects.first()),
    ]
    for call in refusals:
        with pytest.raises(ValidationError) as exc_info:
            call()
        assert messages(exc_info) == ["已提交的材料不能修改"]
    assert Case.objects.get(pk=case.pk).steps.count() == 1 and audit_count("filings.submit") == 1
    assert Attachment.objects.count() == 2 and filing.items.count() == 2


def test_a_returned_filing_is_edited_and_resubmitted_by_another_member(fw):
    filing = make_ready(fw)
    services.filing_submit(actor=fw.admin, filing=filing)
    case_act(case=filing.case, actor=fw.office_staff, decision="return", opinion="上会时间请推后")
    services.filing_plan_all(actor=fw.clerk, filing=filing, **{**PLAN, "meeting_date": D(2026, 10, 20)})
    services.filing_submit(actor=fw.clerk, filing=filing)
    case = Case.objects.get(pk=filing.case_id)
    assert case.state == CaseState.PENDING
    assert list(case.steps.values_list("action", "action_label", "opinion")) == [
        (Action.SUBMIT, "", ""), (Action.RETURN, "退回", "上会时间请推后"), (Action.RESUBMIT, "", "")]


# ---- 删除 / 撤销 ------------------------------------------------------------------------------------------------

def test_only_a_never_submitted_draft_is_deleted(fw):
    filing = make_ready(fw)
    services.filing_submit(actor=fw.admin, filing=filing)
    with pytest.raises(ValidationError) as exc_info:
        services.filing_delete(actor=fw.admin, filing=filing)
    assert messages(exc_info) == ["已提交的材料不能修改"]
    case_act(case=filing.case, actor=fw.office_staff, decision="return", opinion="请修改")
    with pytest.raises(ValidationError) as exc_info:
        services.filing_delete(actor=fw.admin, filing=filing)
    assert messages(exc_info) == ["只能删除从未提交的草稿；已退回的备案请撤销"]
    assert Filing.objects.filter(pk=filing.pk).exists() and audit_count("filings.delete") == 0

    draft = make_ready(fw, title="草稿备案")
    case_pk, number = draft.case_id, draft.number
    services.filing_delete(actor=fw.clerk, filing=draft)
    assert not Filing.objects.filter(pk=draft.pk).exists() and not Case.objects.filter(pk=case_pk).exists()
    assert not FilingItem.objects.filter(filing_id=draft.pk).exists()
    assert not Attachment.objects.filter(owner_id=draft.pk).exists() and Attachment.objects.count() == 2
    entry = AuditEntry.objects.get(action="filings.delete")
    assert entry.before == {"number": number, "title": "草稿备案"}


def test_only_a_returned_filing_is_cancelled_and_keeps_its_log(fw):
    filing = make_ready(fw)
    with pytest.raises(ValidationError) as exc_info:
        services.filing_cancel(actor=fw.admin, filing=filing)
    assert messages(exc_info) == ["只能撤销已退回的备案；从未提交的草稿可直接删除"]
    services.filing_submit(actor=fw.admin, filing=filing)
    with pytest.raises(ValidationError) as exc_info:
        services.filing_cancel(actor=fw.admin, filing=filing)
    assert messages(exc_info) == ["已提交的材料不能修改"]
    assert audit_count("filings.cancel") == 0
    case_act(case=filing.case, actor=fw.office_staff, decision="return", opinion="材料不全")
    services.filing_cancel(actor=fw.clerk, filing=filing, opinion="本年度不再评审")
    case = Case.objects.get(pk=filing.case_id)
    assert case.state == CaseState.CANCELLED and case.get_state_display() == "已撤销"
    assert list(case.steps.values_list("action", flat=True)) == [Action.SUBMIT, Action.RETURN, Action.CANCEL]
    assert case.steps.last().opinion == "本年度不再评审"
    assert Filing.objects.filter(pk=filing.pk).exists() and Attachment.objects.count() == 2
    assert AuditEntry.objects.get(action="filings.cancel").after == {"number": filing.number}
    # Cancelled for good: neither edited, nor submitted, nor deleted.
    for call in (lambda: services.filing_submit(actor=fw.admin, filing=filing),
                 lambda: services.filing_delete(actor=fw.admin, filing=filing),
                 lambda: services.filing_cancel(actor=fw.admin, filing=filing)):
        with pytest.raises(ValidationError) as exc_info:
            call()
        assert messages(exc_info) == ["已提交的材料不能修改"]


# ---- the audit log --------------------------------------------------------------------------------------------

def test_every_change_is_audited_with_a_labelled_action(fw):
    from zhuanji.audit import labels

    filing = make_ready(fw)
    services.filing_submit(actor=fw.admin, filing=filing)
    case_act(case=filing.case, actor=fw.office_staff, decision="receive", opinion="")
    entries = AuditEntry.objects.filter(action__startswith="filings.", object_type="filings.filing",
                                        object_id=str(filing.pk))
    assert list(entries.order_by("pk").values_list("action", flat=True)) == [
        "filings.create", "filings.items_add", "filings.plan", "filings.notice_update", "filings.submit",
        "filings.windows_open"]
    attachments = AuditEntry.objects.filter(action="filings.attachment_add")
    assert attachments.count() == 2
    assert {entry.actor for entry in attachments} == {fw.admin.user}
    known = labels.actions()
    assert all(action in known for action in AuditEntry.objects.values_list("action", flat=True))
    assert known["filings.submit"] == "提交评审工作事前备案"
