"""Filings at every stage on any test world with a catalog (the platform-wide harnesses use the hours world's): a
committee with 可评审专业, a filing made ready through the services, and moved to a stage."""

from zhuanji.catalog.scopes import CatalogPick
from zhuanji.filings import services
from zhuanji.filings.models import Filing, FilingKind
from zhuanji.filings.selectors import filing_candidates
from zhuanji.orgs.models import CommitteeScope
from zhuanji.reviews.services import case_act

from .conftest import PLAN, basic, pdf_upload

STAGES = ("draft", "pending", "returned", "received", "cancelled")
# Each stage its own 类型, so that the filings of one committee never overlap.
KINDS = dict(zip(STAGES, (FilingKind.REVIEW, FilingKind.PRIVATE, FilingKind.INITIAL, FilingKind.TALENT,
                          FilingKind.CONFERRAL), strict=True))


def grant(committee, target, level) -> None:
    """可评审专业: `target` (a series or specialty) at `level`, unless granted already."""
    fields = CatalogPick.of(target).range_fields()
    if not CommitteeScope.objects.filter(committee=committee, level=level, **fields).exists():
        CommitteeScope.objects.create(committee=committee, level=level, **fields)


def ready_filing(actor, *, grade, title="关于职称评审工作的会议备案", kind=FilingKind.REVIEW, plan=None) -> Filing:
    """Every step done (all the committee's candidates at the grade, planned; notice; both required PDFs)."""
    filing = services.filing_create(actor=actor, **basic(title=title, kind=kind, grade=grade))
    services.filing_items_add(actor=actor, filing=filing, qualifications=list(filing_candidates(filing)))
    services.filing_plan_all(actor=actor, filing=filing, **(plan or PLAN))
    services.filing_notice_update(actor=actor, filing=filing, notice_title="关于做好2026年度职称评审工作的通知",
                                  notice_body="<p>各有关单位：请按时申报。</p>")
    for slot, name in (("roster", "名册.pdf"), ("pledge", "承诺书.pdf")):
        services.filing_attachment_add(actor=actor, filing=filing, slot=slot, upload=pdf_upload(name))
    filing.refresh_from_db()
    return filing


def filing_at(stage: str, *, actor, office_actor, grade, title: str = "") -> Filing:
    """A filing of the actor's committee at `stage` (草稿, 审核中, 已退回, 已接收材料, 已撤销)."""
    filing = ready_filing(actor, grade=grade, title=title or f"{stage}备案", kind=KINDS[stage])
    if stage == "draft":
        return filing
    services.filing_submit(actor=actor, filing=filing)
    filing.case.refresh_from_db()
    if stage in ("returned", "cancelled"):
        case_act(case=filing.case, actor=office_actor, decision="return", opinion="请修改计划时间")
        if stage == "cancelled":
            services.filing_cancel(actor=actor, filing=filing)
    elif stage == "received":
        case_act(case=filing.case, actor=office_actor, decision="receive", opinion="")
    filing.refresh_from_db()
    return filing
