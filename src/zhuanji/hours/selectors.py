"""Read queries of 专业课学时认定: scoped lists and details, recognisers, hours totals; and the yearly hours
ledger every module reads (`hours_account`)."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import DecimalField, FilteredRelation, Q, Sum
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from zhuanji.accounts.models import User
from zhuanji.attachments.models import Attachment
from zhuanji.catalog.models import Qualification
from zhuanji.orgs.access import acting_org_ids
from zhuanji.orgs.models import Organisation, Region
from zhuanji.reviews.access import done_q, todo_q, visible_q
from zhuanji.reviews.models import Action, CaseState

from .config import CATEGORIES, EVIDENCE_SLOT, ROUTE_KEY
from .models import Application, AreaLevel, HoursCredit, HoursKind, HoursThreshold, Item, RecognizerRule

_LIST_RELATED = ("case", "applicant", "applicant__person", "area", "work_unit",
                 "qualification__specialty__series")


def area_level_of(area: Region) -> str:
    return AreaLevel.REGION if area.is_region else AreaLevel.PREFECTURE


def recognizers_for(*, area: Region, qualification: Qualification):
    """The organisations configured to recognise the qualification's series in the chosen 申报区域."""
    rules = RecognizerRule.objects.filter(
        Q(series_id=qualification.specialty.series_id, area_level=area_level_of(area))
        & (Q(prefecture__isnull=True) | Q(prefecture=area))
    )
    return Organisation.objects.filter(pk__in=rules.values("recognizer_id"), is_active=True).order_by("code")


def contact_hint(area: Region) -> str:
    """Whom to contact when no 认定单位 is configured (the seed's two-line hint)."""
    if area.is_region:
        return "您选择的申报区域是自治区，认定单位没有选择项时，请联系自治区人社厅。"
    return f"您选择的申报区域是{area.name}，认定单位没有选择项时，请联系{area.name}人社局。"


def application_areas():
    """申报区域 choices: 自治区 first, then the 地州 in their configured order."""
    return Region.objects.filter(level__in=[Region.Level.REGION, Region.Level.PREFECTURE]).order_by("sort", "code")


def _filtered(qs, *, year=None, fill_year=None, name="", id_number="", state=""):
    if year:
        qs = qs.filter(year=year)
    if fill_year:
        qs = qs.filter(fill_year=fill_year)
    if name:
        qs = qs.filter(applicant__name__contains=name)
    if id_number:
        qs = qs.filter(applicant__person__id_number=id_number)
    if state:
        qs = qs.filter(case__state=state)
    return qs


def application_list_for_applicant(*, user, year=None, name="", state=""):
    qs = Application.objects.filter(applicant=user).select_related(*_LIST_RELATED)
    return _filtered(qs, year=year, name=name, state=state).order_by("-created_at", "-id")


def application_get_for_applicant(*, user, pk: int) -> Application:
    return get_object_or_404(Application.objects.select_related(*_LIST_RELATED), pk=pk, applicant=user)


def application_get_for_viewer(*, user, pk: int) -> Application:
    """The applicant, or an organisation the application reached (the engine's one scope rule); else 404."""
    qs = Application.objects.filter(visible_q(user, prefix="case__"))
    return get_object_or_404(qs.select_related(*_LIST_RELATED, "case__current_org", "recognized_by"), pk=pk)


class ReviewFilter:
    TODO = "todo"
    DONE = "done"
    CHOICES = (("todo", "待审核"), ("done", "已审核"), ("all", "全部"))


def application_review_list(*, user, node: str, status: str = ReviewFilter.TODO, year=None, fill_year=None,
                            name="", id_number=""):
    """单位审核 / 认定审核 queue: 待审核 is what is now at the acting organisation on `node`; 已审核 what it
    has acted on at `node`; 全部 both — the engine's `todo_q` / `done_q` through the application's case.

    待审核 is the inbox's indexed `(current_org, state)` lookup and 已审核 reads the steps (流程日志) of the
    organisation at `node` by `(org, node, case)`.
    """
    at_me = todo_q(user, route_key=ROUTE_KEY, node_key=node, prefix="case__")
    acted = done_q(user, route_key=ROUTE_KEY, node_key=node, prefix="case__")
    if status == ReviewFilter.TODO:
        condition = at_me
    elif status == ReviewFilter.DONE:
        # `case_id IS NULL` never holds (the column is NOT NULL); inside an OR, PostgreSQL evaluates the
        # step list as a hashed filter on the application scan instead of a semi-join placed after the
        # nine-table select_related join (beyond join_collapse_limit), which cost ~1 s for any org.
        condition = (acted | Q(case_id__isnull=True)) & ~at_me
    else:
        condition = at_me | acted
    qs = Application.objects.filter(condition).select_related(*_LIST_RELATED)
    return _filtered(qs, year=year, fill_year=fill_year, name=name, id_number=id_number).order_by(
        "case__submitted_at", "id")


def item_visible(acting, item: Item) -> bool:
    """Whom an item's 佐证材料 open for: whoever may open its application (the engine's scope rule)."""
    return Application.objects.filter(visible_q(acting, prefix="case__") & Q(pk=item.application_id)).exists()


def item_get_for_applicant(*, user, pk: int) -> Item:
    return get_object_or_404(Item.objects.select_related("application__case"), pk=pk, application__applicant=user)


def evidence_get_for_applicant(*, user, pk: int) -> Attachment:
    """One 佐证材料 file of the user's own applications (an attachment of an item); anyone else's is a 404."""
    mine = Q(slot=EVIDENCE_SLOT) & Q(hours_item__application__applicant=user)
    return get_object_or_404(Attachment.objects.filter(mine), pk=pk)


@dataclass(frozen=True)
class CategorySummary:
    number: int  # the seed numbers the summary's categories 1–9
    key: str
    label: str
    hours: int


def hours_summary(application: Application) -> tuple[list[CategorySummary], int]:
    """申请学时 per category (各栏目申请学时情况) and the total, in one query."""
    totals = dict(application.items.values_list("category").annotate(total=Sum("hours")).order_by())
    rows = [CategorySummary(i, c.key, c.label, totals.get(c.key) or 0) for i, c in enumerate(CATEGORIES, 1)]
    return rows, sum(r.hours for r in rows)


def application_total_hours(application: Application) -> int:
    return application.items.aggregate(total=Sum("hours"))["total"] or 0


def return_opinion(application: Application) -> str:
    """The opinion of the latest 退回, shown to the applicant while the application is back with them."""
    if application.case.state != CaseState.RETURNED:
        return ""
    step = application.case.steps.filter(action=Action.RETURN).order_by("-seq").first()
    return step.opinion if step else ""


# The yearly hours ledger -------------------------------------------------------------------------------------


def threshold_for(year: int) -> HoursThreshold | None:
    """The requirement in force in `year`: the latest `生效年度` not after it (None when none is loaded)."""
    return HoursThreshold.objects.filter(from_year__lte=year).order_by("-from_year").first()


def submission_threshold(year: int) -> int | None:
    """Hours an application for `year` must reach before 提交审核: that year's 专业科目 requirement."""
    threshold = threshold_for(year)
    return threshold.professional if threshold is not None else None


@dataclass(frozen=True)
class HoursAccount:
    """A person's continuing-education hours in one year against the province's requirement.

    `*_required` are None and every `*_met` False when no requirement is loaded for the year. `credits` lists
    the ledger rows (oldest first) for `hours_account`; the rows of a list page (`account_rows`) carry none.
    """

    person: User
    year: int
    public: Decimal
    professional: Decimal
    total: Decimal
    public_required: int | None
    professional_required: int | None
    total_required: int | None
    public_met: bool
    professional_met: bool
    total_met: bool
    basis: str  # 依据文件 of the requirement
    credits: tuple[HoursCredit, ...] = ()

    @property
    def configured(self) -> bool:
        return self.total_required is not None

    @property
    def met(self) -> bool:
        return self.public_met and self.professional_met and self.total_met


def _account(person, year: int, public: Decimal, professional: Decimal, threshold: HoursThreshold | None,
             credits: tuple = ()) -> HoursAccount:
    total = public + professional
    if threshold is None:
        required, met, basis = (None, None, None), (False, False, False), ""
    else:
        required = (threshold.public, threshold.professional, threshold.total)
        met = (public >= threshold.public, professional >= threshold.professional, total >= threshold.total)
        basis = threshold.document
    return HoursAccount(person, year, public, professional, total, *required, *met, basis, credits)


def hours_account(person: User, year: int) -> HoursAccount:
    """The one read of a person's yearly hours (公需科目, 专业科目, total, requirement, credits): two queries."""
    credits = tuple(HoursCredit.objects.filter(person=person, year=year).select_related("credited_by")
                    .order_by("credited_at", "id"))
    public = sum((c.hours for c in credits if c.kind == HoursKind.PUBLIC), Decimal(0))
    professional = sum((c.hours for c in credits if c.kind == HoursKind.PROFESSIONAL), Decimal(0))
    return _account(person, year, public, professional, threshold_for(year), credits)


UNIT_ACCOUNTS_PERM = "hours.view_unit_accounts"


def _year_sum(kind: str):
    return Coalesce(Sum("year_credits__hours", filter=Q(year_credits__kind=kind)), Decimal(0),
                    output_field=DecimalField(max_digits=8, decimal_places=1))


def _unit_people(actor):
    """The people whose 工作单位 is the acting unit (none unless it holds 学时查询 there)."""
    return User.objects.filter(Q(kind=User.Kind.PERSON)
                               & Q(person__work_unit_id__in=acting_org_ids(actor, UNIT_ACCOUNTS_PERM)))


def unit_account_list(*, actor, year: int, name: str = "", id_number: str = ""):
    """学时查询: the acting unit's people with their `year` totals by kind, one grouped query per page."""
    condition = Q()
    if name:
        condition &= Q(name__contains=name)
    if id_number:
        condition &= Q(person__id_number=id_number)
    return (_unit_people(actor).filter(condition).select_related("person")
            .annotate(year_credits=FilteredRelation("hours_credits", condition=Q(hours_credits__year=year)))
            .annotate(public_hours=_year_sum(HoursKind.PUBLIC), professional_hours=_year_sum(HoursKind.PROFESSIONAL))
            .order_by("name", "pk"))


def account_rows(people, *, year: int, threshold: HoursThreshold | None) -> list[HoursAccount]:
    """`HoursAccount`s (without credits) for people from `unit_account_list`, e.g. one page of it, against
    `threshold` (`threshold_for(year)`)."""
    return [_account(p, year, p.public_hours, p.professional_hours, threshold) for p in people]


def unit_account_get(*, actor, pk: int, year: int) -> HoursAccount:
    """One of the acting unit's people's yearly account; anyone else's is a 404."""
    person = get_object_or_404(_unit_people(actor).select_related("person"), pk=pk)
    return hours_account(person, year)
