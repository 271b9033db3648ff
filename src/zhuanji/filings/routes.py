"""Routes of a 评审工作事前备案: 评审机构 → the title office of the committee's level → 已接收材料.

Two routes, one per level, so the diagram and the 流程日志 name the office as the seed does (地州职称办公室 /
自治区职称办公室); a filing takes its committee's at creation. Receiving it opens its windows (`services.windows`).
"""

from django.urls import reverse

from zhuanji.orgs.models import Organisation, OrgKind
from zhuanji.reviews.events import APPROVED
from zhuanji.reviews.models import CaseState
from zhuanji.reviews.routes import Decision, Kind, Node, Route, register

from .models import Filing

PREFECTURE_ROUTE = "filings.prefiling_prefecture"
REGION_ROUTE = "filings.prefiling_region"
ROUTE_KEYS = (PREFECTURE_ROUTE, REGION_ROUTE)
OFFICE_NODE = "office"
FILE_PERM = "filings.file"
REVIEW_PERM = "filings.review"

RECEIVE = Decision("receive", Kind.APPROVE, "接收材料", opinion_label="办理意见")
RETURN = Decision("return", Kind.RETURN, "退回", opinion_required=True, opinion_label="办理意见")


def route_key_for(level) -> str:
    return REGION_ROUTE if level.is_region else PREFECTURE_ROUTE


def _filing(case) -> Filing:
    return Filing.objects.select_related("committee", "level").get(case=case)


def _office(case, filing: Filing):
    return Organisation.objects.filter(kind=OrgKind.TITLE_OFFICE, region_id=filing.level_id)


def _no_overlap(case, filing: Filing) -> str | None:
    from .services.windows import overlap_messages

    messages = overlap_messages(filing, pending=False)  # submission checked the filings under review
    return "；".join(messages) if messages else None


def _received(event) -> None:
    from .services.windows import windows_open

    windows_open(filing=event.document, actor=event.actor)


def _route(key: str, office_label: str) -> Route:
    return Route(
        key=key,
        label="评审工作事前备案",
        submit_perm=FILE_PERM,
        cancellable=True,
        cancel_states=frozenset({CaseState.RETURNED}),
        submitter_label="评审机构",
        done_label="已接收材料",
        nodes=(Node(OFFICE_NODE, office_label, resolve=_office, perm=REVIEW_PERM, guard=_no_overlap,
                    actions=(RECEIVE, RETURN), dialog_title="备案审核", decision_label="办理结果"),),
        get_document=_filing,
        detail_url=lambda case: reverse("filings:detail", args=[case.filing.pk]),
        hooks={APPROVED: _received},
    )


def register_routes() -> None:
    register(_route(PREFECTURE_ROUTE, "地州职称办公室"))
    register(_route(REGION_ROUTE, "自治区职称办公室"))
