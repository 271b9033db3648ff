"""Route "hours.recognition": applicant → 基层单位 (信息审核, chooses the 提交单位) → 认定单位."""

from django.urls import reverse

from zhuanji.orgs.models import Organisation
from zhuanji.reviews.events import APPROVED
from zhuanji.reviews.routes import APPROVE, RETURN, Decision, Node, Route, register

from .config import RECOGNIZER_NODE, ROUTE_KEY, UNIT_NODE
from .models import Application
from .selectors import recognizers_for

# The 认定单位's 同意 recognises the hours and issues the certificate: its words say so.
RECOGNIZE = Decision(APPROVE.key, APPROVE.kind, "同意", opinion_label="认定意见")


def _document(case) -> Application:
    return Application.objects.select_related("area", "work_unit", "qualification__specialty__series",
                                              "applicant__person").get(case=case)


def _unit_guard(case, application: Application) -> str | None:
    if not application.work_unit.info_complete:
        return f"工作单位“{application.work_unit.name}”的单位信息不完整，暂不能审核，请联系单位管理员完善单位信息"
    return None


def _on_approved(event) -> None:
    # Imported here: the recognition service imports the certificate service, which needs the app registry.
    from .services.recognition import application_recognize

    application_recognize(application=event.document, actor=event.actor)


ROUTE = Route(
    key=ROUTE_KEY,
    label="专业课学时认定",
    nodes=(
        Node(UNIT_NODE, "基层单位", resolve=lambda case, doc: Organisation.objects.filter(pk=doc.work_unit_id),
             perm="hours.review", guard=_unit_guard),
        Node(RECOGNIZER_NODE, "认定单位",
             resolve=lambda case, doc: recognizers_for(area=doc.area, qualification=doc.qualification),
             choose=True, perm="hours.recognize", actions=(RECOGNIZE, RETURN),
             dialog_title="认定审核（同意即认定学时并签发学时认定证书）", decision_label="认定结果"),
    ),
    get_document=_document,
    detail_url=lambda case: reverse("hours:detail", args=[_document(case).pk]),
    hooks={APPROVED: _on_approved},
    done_label="已认定",
)


def register_route() -> None:
    register(ROUTE)
