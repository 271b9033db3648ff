"""Demo 评审工作事前备案 for `make run`, entered through the services as the people concerned would:

- the 自治区 committee PSWY0001 (孙丽华): one 评审 filing received by the 自治区职称办公室 (刘晓燕), so its
  application windows are open today and its 工作通知 is on the portal — a newcomer can apply for a title at once;
  and one 特殊人才认定 draft (steps ①–③ done) to 编辑 or 删除;
- the prefecture committee PSWY0012 (乌鲁木齐市中小学教师系列中级职称评审委员会): an administrator (王建华) made by
  the platform administrator, its 办事机构 filled in by the 乌鲁木齐市职称办公室 (买买提江·阿不都), and one filing
  submitted, waiting in that office's 我的待办 for 接收材料 or 退回.

Dates are relative to today (the received filing's window spans it). Call after the accounts and `orgs.demo`;
safe to call again (a committee that already has filings is left as it is).
"""

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from zhuanji.accounts.models import User
from zhuanji.accounts.services.registration import staff_user_create
from zhuanji.catalog.scopes import CatalogPick
from zhuanji.orgs.acting import acting_as
from zhuanji.orgs.models import CommitteeContact, CommitteeScope, Organisation, Role
from zhuanji.orgs.services.committees import committee_contact_add, committee_office_update, committee_scope_grant
from zhuanji.reviews.services import case_act

from . import services
from .models import Filing, FilingGrade, FilingKind
from .routes import RECEIVE
from .selectors import filing_candidates

PASSWORD = "Demo@2026"
REGION_COMMITTEE = "PSWY0001"
REGION_OFFICE = "ZCB650000"
PREFECTURE_COMMITTEE = "PSWY0012"
PREFECTURE_OFFICE = "ZCB650100"
# The prefecture committee's demo administrator (README: 地州评审委员会管理员).
PREFECTURE_ADMIN_ROLE = "地州评审委员会管理员"
PREFECTURE_ADMIN_NAME = "王建华"
PREFECTURE_ADMIN_PHONE = "13899110012"
PREFECTURE_OFFICE_INFO = {"office_name": "乌鲁木齐市教育局中小学教师职称评审办公室", "location": "乌鲁木齐市",
                          "office_address": "乌鲁木齐市天山区演示路12号"}
PREFECTURE_CONTACTS = (
    (CommitteeContact.Post.HEAD, PREFECTURE_ADMIN_NAME, "0991-4512012", PREFECTURE_ADMIN_PHONE),
    (CommitteeContact.Post.CONTACT, "古丽米拉·吾斯曼", "0991-4512013", ""),
)
# The 中小学教师 中级 the prefecture committee evaluates (committee_scopes.csv), granted here if the data lacks it.
PREFECTURE_SPECIALTY = "03004"


def _day(date: datetime.date) -> str:
    return f"{date.year}年{date.month}月{date.day}日"


def _notice_body(year: int, committee: str, field: str, plan: dict, phone: str) -> str:
    """A 工作通知 modelled on the seed's (申报、审核、服务管理), in the portal's sanitised HTML."""
    return (
        "<p>各有关单位：</p>"
        f"<p>根据自治区职称工作有关规定，现就做好{year}年度{committee}职称评审工作有关事项通知如下。</p>"
        "<p><strong>一、申报范围</strong></p>"
        f"<p>在我区各类企事业单位从事{field}工作的在职在岗专业技术人员，符合相应评审条件的，"
        "均可申报。已办理退休手续的人员不得申报。</p>"
        "<p><strong>二、申报时间</strong></p>"
        f"<p>网上申报时间为<strong>{_day(plan['apply_start'])}至{_day(plan['apply_end'])}</strong>，"
        "逾期未提交的，视为放弃申报。</p>"
        "<p><strong>三、申报程序</strong></p>"
        "<ol><li>申报人登录新疆维吾尔自治区专业技术人员管理平台，在线填写申报材料并上传佐证材料；</li>"
        "<li>所在单位审核公示无误后在线推荐，并逐级报送至评审委员会；</li>"
        "<li>本年度职称评审工作无需提交纸质材料和职称评审表。</li></ol>"
        "<p><strong>四、服务管理</strong></p>"
        "<p>（一）各级评审委员会组建单位要通过管理平台开展职称工作，全面实现职称在线申报、审核、评审和发证等"
        "一体化服务。不得跨年评审。</p>"
        "<p>（二）评审委员会组建单位要加强职称评审专家库建设，注重吸纳高水平的本行业专家和经验丰富的"
        "一线专业技术人员。</p>"
        f"<p>联系电话：{phone}（工作日 10:00—19:30）</p>"
    )


def _pdf(name: str, title: str, rows: tuple[tuple[str, ...], ...],
         columns: tuple[float, ...] = (0,)) -> SimpleUploadedFile:
    """A one-page A4 PDF with Chinese text (the certificate fonts), as a committee would scan or print it: a title,
    then rows whose cells start at `columns` (mm from the left margin)."""
    from zhuanji.certificates.pdf import draw_text

    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=A4)
    c.setTitle(title)
    width, height = A4
    draw_text(c, width / 2, height - 30 * mm, title, 15, centre=True)
    y = height - 50 * mm
    for row in rows:
        for x, cell in zip(columns, row, strict=False):
            draw_text(c, (25 + x) * mm, y, cell, 11)
        y -= 9 * mm
    c.showPage()
    c.save()
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/pdf")


def _roster(committee: str, people: tuple[tuple[str, str, str], ...]) -> SimpleUploadedFile:
    rows = (("序号", "姓名", "职务", "联系电话"),) + tuple(
        (str(n), name, post, phone) for n, (name, post, phone) in enumerate(people, 1))
    return _pdf("办事机构工作人员名册.pdf", f"{committee}职称评审办事机构工作人员名册", rows, (0, 18, 58, 108))


def _pledge(committee: str, people: tuple[tuple[str, str, str], ...]) -> SimpleUploadedFile:
    rows = (("本人郑重承诺：严格遵守职称评审工作纪律，坚持公开、公平、公正原则，",),
            ("不弄虚作假，不徇私舞弊，严守评审秘密，自觉接受监督。",),
            ("如有违反，愿承担相应责任。",), ("",),
            ("承诺人：" + "、".join(name for name, _post, _phone in people),))
    return _pdf("工作人员个人诚信承诺书.pdf", f"{committee}职称评审办事机构工作人员个人诚信承诺书", rows)


def _plan(today: datetime.date, *, start_offset: int) -> dict:
    """申报开始 `start_offset` days from today (never before 1 January of this year); 申报截止, 上会 and 批文 30,
    60 and 90 days after today, or after the start when that is later than today."""
    start = max(today + datetime.timedelta(days=start_offset), datetime.date(today.year, 1, 1))
    anchor = today + datetime.timedelta(days=max(start_offset, 0))
    return dict(apply_start=start, apply_end=anchor + datetime.timedelta(days=30),
                meeting_date=anchor + datetime.timedelta(days=60),
                approval_date=anchor + datetime.timedelta(days=90))


def _member(org: Organisation, name: str) -> User | None:
    return User.objects.filter(memberships__org=org, memberships__is_active=True, name=name, is_active=True).first()


def _staff(org: Organisation) -> User | None:
    return (User.objects.filter(memberships__org=org, memberships__is_active=True, is_active=True)
            .order_by("pk").first())


def _basic(committee: Organisation, user: User, *, title: str, kind: str, year: int, grade: str,
           head_phone: str) -> dict:
    profile = committee.committee_profile
    return dict(title=title, kind=kind, year=year, grade=grade, committee_name=committee.name,
                location=profile.office_address or profile.location or committee.region.name,
                head_name=user.name, head_phone=head_phone, contact_user=user, contact_name=user.name,
                contact_phone=head_phone, contact_mobile=user.phone)


def _file(actor, committee: Organisation, user: User, *, title: str, kind: str, grade: str, year: int,
          head_phone: str, plan: dict, notice_title: str = "", notice_body: str = "",
          people: tuple = ()) -> Filing:
    """A filing through the seven steps' services; steps ④ and ⑥ only when a notice is given."""
    filing = services.filing_create(actor=actor, **_basic(committee, user, title=title, kind=kind, year=year,
                                                          grade=grade, head_phone=head_phone))
    services.filing_items_add(actor=actor, filing=filing, qualifications=list(filing_candidates(filing)))
    services.filing_plan_all(actor=actor, filing=filing, **plan)
    if notice_title:
        services.filing_notice_update(actor=actor, filing=filing, notice_title=notice_title, notice_body=notice_body)
        services.filing_attachment_add(actor=actor, filing=filing, slot="roster",
                                       upload=_roster(committee.name, people))
        services.filing_attachment_add(actor=actor, filing=filing, slot="pledge",
                                       upload=_pledge(committee.name, people))
    return filing


def _without_filings(committee_code: str, office_code: str) -> tuple[Organisation, Organisation] | None:
    """The committee and its title office, when both exist and the committee has no filing yet (else None)."""
    committee = Organisation.objects.select_related("committee_profile", "region").filter(
        code=committee_code).first()
    office = Organisation.objects.filter(code=office_code).first()
    if committee is None or office is None or Filing.objects.filter(committee=committee).exists():
        return None
    return committee, office


def _load_region(today: datetime.date) -> None:
    if (found := _without_filings(REGION_COMMITTEE, REGION_OFFICE)) is None:
        return
    committee, office = found
    admin, reviewer = _staff(committee), _staff(office)
    if admin is None or reviewer is None:
        return
    actor = acting_as(admin, committee)
    year = today.year
    plan = _plan(today, start_offset=-10)
    people = ((admin.name, "办事机构负责人", "0991-8582106"), ("热依拉·买买提", "办事机构联系人", "0991-8582107"))
    received = _file(
        actor, committee, admin, title=f"关于高校教师、高职教师{year}年度高级职称评审的会议备案",
        kind=FilingKind.REVIEW, grade=FilingGrade.SENIOR_EDUCATION, year=year, head_phone="0991-8582106", plan=plan,
        notice_title=f"关于做好{year}年度自治区高校教师系列高级职称评审工作的通知",
        notice_body=_notice_body(year, "自治区高校教师系列高级", "高等学校教学、科研", plan, "0991-8582106"),
        people=people)
    services.filing_submit(actor=actor, filing=received)
    received.case.refresh_from_db()
    case_act(case=received.case, actor=acting_as(reviewer, office), decision=RECEIVE.key,
             opinion="材料齐全，同意备案")

    # A draft of another type (steps ①–③): 我的备案 offers 编辑 and 删除.
    _file(actor, committee, admin, title=f"关于{year}年度高校教师特殊人才认定的备案", kind=FilingKind.TALENT,
          grade=FilingGrade.SENIOR_EDUCATION, year=year, head_phone="0991-8582106",
          plan=_plan(today, start_offset=45))


def _prefecture_admin(committee: Organisation) -> User:
    admin = _member(committee, PREFECTURE_ADMIN_NAME)
    if admin is None:
        platform_admin = User.objects.filter(is_superuser=True).order_by("pk").first()
        admin = staff_user_create(actor=platform_admin, org=committee, name=PREFECTURE_ADMIN_NAME,
                                  phone=PREFECTURE_ADMIN_PHONE, role=Role.ADMIN, password=PASSWORD)
    return admin


def _load_prefecture(today: datetime.date) -> None:
    if (found := _without_filings(PREFECTURE_COMMITTEE, PREFECTURE_OFFICE)) is None:
        return
    committee, office = found
    reviewer = _staff(office)
    if reviewer is None:
        return
    admin = _prefecture_admin(committee)
    office_actor = acting_as(reviewer, office)
    profile = committee.committee_profile
    if not profile.office_name:
        committee_office_update(actor=office_actor, committee=committee, **PREFECTURE_OFFICE_INFO)
    for post, name, phone, mobile in PREFECTURE_CONTACTS:
        if not profile.contacts.filter(name=name).exists():
            committee_contact_add(actor=office_actor, committee=committee, post=post, name=name, phone=phone,
                                  mobile=mobile)
    if not CommitteeScope.objects.filter(committee=committee).exists():
        from zhuanji.catalog.models import Specialty

        specialty = Specialty.objects.get(code=PREFECTURE_SPECIALTY)
        committee_scope_grant(actor=office_actor, committee=committee, pick=CatalogPick.of(specialty),
                              levels=["intermediate"])
    committee.committee_profile.refresh_from_db()

    actor = acting_as(admin, committee)
    year = today.year
    plan = _plan(today, start_offset=15)
    filing = _file(
        actor, committee, admin, title=f"关于中小学教师{year}年度中级职称评审的会议备案", kind=FilingKind.REVIEW,
        grade=FilingGrade.JUNIOR, year=year, head_phone="0991-4512012", plan=plan,
        notice_title=f"关于做好{year}年度乌鲁木齐市中小学教师系列中级职称评审工作的通知",
        notice_body=_notice_body(year, "乌鲁木齐市中小学教师系列中级", "中小学教育教学", plan, "0991-4512012"),
        people=((admin.name, "办事机构负责人", "0991-4512012"), ("古丽米拉·吾斯曼", "办事机构联系人", "0991-4512013")))
    services.filing_submit(actor=actor, filing=filing)


def load_demo(today: datetime.date | None = None) -> None:
    today = today or timezone.localdate()
    _load_region(today)
    _load_prefecture(today)


def prefecture_admin() -> User | None:
    """The prefecture committee's demo administrator, for the demo accounts table."""
    committee = Organisation.objects.filter(code=PREFECTURE_COMMITTEE).first()
    return _member(committee, PREFECTURE_ADMIN_NAME) if committee is not None else None
