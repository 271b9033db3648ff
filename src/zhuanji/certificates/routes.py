"""The review routes of 证书丢失补办 and 证书信息更正: holder → the certificate's issuing organisation."""

from django.urls import reverse

from zhuanji.orgs.models import Organisation
from zhuanji.reviews.events import APPROVED
from zhuanji.reviews.routes import APPROVE, RETURN, Decision, Node, Route, register

from .models import CertificateRequest

LOSS_ROUTE = "certificates.loss"
REISSUE = Decision(APPROVE.key, APPROVE.kind, "同意", opinion_label="审核意见")
CORRECTION_ROUTE = "certificates.correction"


def _issuer(case, request):
    return Organisation.objects.filter(pk=request.certificate.issuer_id)


def _document(case):
    return CertificateRequest.objects.select_related("certificate__issuer", "holder__person").get(case=case)


def _approved(event):
    from .services.requests import request_fulfil

    request_fulfil(request=event.document, actor=event.actor)


def _route(key: str, label: str) -> Route:
    return register(Route(
        key=key, label=label,
        # Approving issues a certificate in the issuer's name, so the reviewer needs the issuing perm.
        nodes=(Node("issuer", "发证单位", resolve=_issuer, perm="certificates.issue", actions=(REISSUE, RETURN),
                    dialog_title="发证审核（同意即重新发证，原证书作废）", decision_label="审核结果"),),
        get_document=_document,
        detail_url=lambda case: reverse("certificates:request_detail", args=[_document(case).pk]),
        hooks={APPROVED: _approved},
        done_label="已重新发证",
    ))


ROUTE_KEYS = {
    CertificateRequest.Kind.LOSS: _route(LOSS_ROUTE, "证书丢失补办").key,
    CertificateRequest.Kind.CORRECTION: _route(CORRECTION_ROUTE, "证书信息更正").key,
}
