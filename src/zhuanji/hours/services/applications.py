"""The application itself: created by the 填报引导 wizard, deleted while a draft, submitted at 60 hours."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from zhuanji.attachments.services import attachments_purge
from zhuanji.audit.services import record
from zhuanji.catalog.models import Qualification
from zhuanji.common.models import Draft
from zhuanji.common.numbering import next_number
from zhuanji.common.sections import Document, Section
from zhuanji.orgs.models import Organisation, OrgKind, Region
from zhuanji.reviews.models import CaseState
from zhuanji.reviews.services import case_open, case_submit

from ..config import CATEGORIES, FIRST_CATEGORY_SECTION, ROUTE_KEY, UNIT_NODE, Category
from ..models import Application
from ..routes import ROUTE
from ..selectors import application_total_hours, contact_hint, recognizers_for, submission_threshold
from ._guards import assert_applicant, lock_editable

NUMBER_PREFIX = "SQ"  # SQ + yyyymmdd + 6 digits (SQ20231026000504)


def validate_level(*, area: Region, qualification: Qualification) -> None:
    """自治区 recognises 副高/正高, a 地州 初级/中级."""
    if area.level not in (Region.Level.REGION, Region.Level.PREFECTURE):
        raise ValidationError({"area": "请选择申报区域"})
    if area.is_region and not qualification.is_high:
        raise ValidationError({"qualification": "申报区域为自治区时只能认定副高级、正高级专业；"
                                                "初级、中级专业请将申报区域选择为所在地州"})
    if not area.is_region and qualification.is_high:
        raise ValidationError({"qualification": "申报区域为地州时只能认定初级、中级专业；"
                                                "副高级、正高级专业请将申报区域选择为自治区"})


def validate_area_and_level(*, area: Region, qualification: Qualification) -> None:
    """The level check, and someone must be configured to recognise the series in that area."""
    validate_level(area=area, qualification=qualification)
    if not recognizers_for(area=area, qualification=qualification).exists():
        raise ValidationError({"recognizer": contact_hint(area)})


def validate_work_unit(work_unit: Organisation | None) -> None:
    if work_unit is None or work_unit.kind != OrgKind.UNIT or not work_unit.is_active:
        raise ValidationError({"work_unit": "请选择所在基层单位"})


def validate_not_duplicate(*, actor, year: int, qualification: Qualification) -> None:
    """One application per person, 认定年度 and specialty."""
    if Application.objects.filter(applicant=actor, year=year, qualification=qualification).exists():
        raise _duplicate(year, qualification)


def _duplicate(year: int, qualification: Qualification) -> ValidationError:
    return ValidationError({"qualification": ValidationError(
        f"您已填报过{year}年度“{qualification.path}”的学时认定申请，每人每年度同一专业只能申请一次", code="duplicate")})


@transaction.atomic
def application_create(*, actor, area: Region, work_unit: Organisation, qualification: Qualification,
                       today: datetime.date | None = None, draft: Draft | None = None) -> Application:
    """Finish the 填报引导: a draft application with its number and its case on route hours.recognition.

    `draft`, the wizard's saved steps the application is made from, is removed with it.
    """
    assert_applicant(actor)
    today = today or timezone.localdate()
    validate_work_unit(work_unit)
    if not qualification.is_active:
        raise ValidationError({"qualification": "请选择认定专业"})
    validate_area_and_level(area=area, qualification=qualification)
    year = today.year  # 认定年度 is always this year
    validate_not_duplicate(actor=actor, year=year, qualification=qualification)
    application = Application(
        number=next_number(NUMBER_PREFIX, width=6, daily=True), applicant=actor, fill_year=today.year,
        fill_date=today, year=year, area=area, work_unit=work_unit, qualification=qualification,
    )
    application.full_clean(exclude=["case"], validate_constraints=False)
    try:
        with transaction.atomic():
            case_open(route_key=ROUTE_KEY, document=application, submitter=actor, year=year,
                      number=application.number, title=f"{actor.name} {qualification.path}")
    except IntegrityError:  # the same application created a moment ago (another tab, a double click)
        if not Application.objects.filter(applicant=actor, year=year, qualification=qualification).exists():
            raise
        raise _duplicate(year, qualification) from None
    if draft is not None:
        Draft.objects.filter(pk=draft.pk, owner=actor).delete()
    record(actor=actor, action="hours.application_create", obj=application,
           after={"number": application.number, "year": year, "area": area.name, "work_unit": work_unit.name,
                  "qualification": qualification.path})
    return application


@transaction.atomic
def application_delete(*, actor, application: Application) -> None:
    """删除: only a draft never submitted (a returned application keeps its 流程日志)."""
    application = lock_editable(actor=actor, application=application)
    if application.case.state != CaseState.DRAFT:
        raise ValidationError("只能删除草稿状态的申请", code="not_draft")
    case = application.case
    record(actor=actor, action="hours.application_delete", obj=application, before={"number": application.number})
    attachments_purge(owners=application.items.all())
    application.delete()
    case.delete()


def _unit_ready(application: Application) -> list[str]:
    """1、基本信息: the 工作单位 can review it (the route's own arrival check at the 基层单位), and the applicant
    has the 一寸照 the 学时认定 certificate prints."""
    refusal = ROUTE.node(UNIT_NODE).guard(application.case, application)
    unmet = [refusal] if refusal else []
    person = application.applicant.person
    if person is not None and not person.photo:
        unmet.append("请先在“个人中心 › 我的信息”上传一寸照（学时认定证书将打印本人照片）")
    return unmet


def _evidence_rule(category: Category):
    def check(application: Application) -> list[str]:
        missing = list(application.items.filter(category=category.key, evidence__isnull=True)
                       .values_list("title", flat=True))
        return [f"请为以下项目上传佐证材料：{'、'.join(missing)}"] if missing else []

    return check


def _hours_reached(application: Application) -> list[str]:
    """The year's 专业科目 requirement (province data)."""
    total, required = application_total_hours(application), submission_threshold(application.year)
    if required is None:
        return [f"尚未配置{application.year}年度的继续教育学时标准，暂不能提交审核，请联系平台管理员"]
    if total < required:
        return [f"申请总学时达到{required}学时后才能提交审核（当前{total}学时）"]
    return []


# The application's sections as the edit page numbers them; `unmet_conditions` is what 提交审核 refuses on.
APPLICATION = Document("hours.application", (
    Section("basic", "1、基本信息", validate=_unit_ready),
    *(Section(c.key, f"{FIRST_CATEGORY_SECTION + i}、{c.label}", validate=_evidence_rule(c))
      for i, c in enumerate(CATEGORIES)),
    Section("submit", f"{FIRST_CATEGORY_SECTION + len(CATEGORIES)}、提交审核", validate=_hours_reached),
))


@transaction.atomic
def application_submit(*, actor, application: Application) -> Application:
    """提交审核: refused with every unmet condition at once (`APPLICATION`); else to the 基层单位."""
    application = lock_editable(actor=actor, application=application)
    unmet = APPLICATION.unmet_conditions(application)
    if unmet:
        raise ValidationError([ValidationError(f"{label}：{message}", code="unmet") for label, message in unmet])
    total = application_total_hours(application)
    case_submit(case=application.case, actor=actor)
    record(actor=actor, action="hours.application_submit", obj=application, after={"total_hours": total})
    return application
