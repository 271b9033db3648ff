"""Reads: holders see their own certificates, issuers those of their organisations, anyone verifies."""

from dataclasses import dataclass

from django.db.models import Q
from django.shortcuts import get_object_or_404

from zhuanji.audit.masking import mask_id_number
from zhuanji.orgs.access import acting_org_ids
from zhuanji.orgs.acting import acting_of
from zhuanji.reviews.access import visible_q

from .models import BulkIssueJob, Certificate, CertificateRequest
from .signing import content_verify

_LIST_RELATED = ("issuer", "successor")


def certificate_list_own(*, user, kind: str | None = None):
    qs = Certificate.objects.filter(holder=user).select_related(*_LIST_RELATED)
    return qs.filter(kind=kind) if kind else qs


def certificate_list_issued(*, user, year: int | None = None, kind: str | None = None, status: str | None = None,
                            search: str = ""):
    """Certificates issued by the acting organisation, where it may view issued certificates."""
    q = Q(issuer_id__in=acting_org_ids(user, "certificates.view_issued"))
    if year:
        q &= Q(year=year)
    if kind:
        q &= Q(kind=kind)
    if status:
        q &= Q(status=status)
    if search:
        q &= Q(number=search.strip()) | Q(name=search.strip())
    return Certificate.objects.filter(q).select_related(*_LIST_RELATED).order_by("-issued_on", "-id")


def certificate_get_for_user(*, user, pk: int) -> Certificate:
    """The holder's own certificate or one issued by the acting organisation; anything else is a 404."""
    scope = Q(holder=acting_of(user).user) | Q(issuer_id__in=acting_org_ids(user, "certificates.view_issued"))
    return get_object_or_404(Certificate.objects.filter(scope).select_related(*_LIST_RELATED), pk=pk)


def certificate_get_own(*, user, pk: int) -> Certificate:
    return get_object_or_404(Certificate.objects.select_related(*_LIST_RELATED), pk=pk, holder=user)


@dataclass(frozen=True)
class Verification:
    """The outcome of 证书查询: `state` is valid / void / tampered / not_found."""

    state: str
    certificate: Certificate | None = None

    LABELS = {"valid": "真实有效", "void": "已废止", "tampered": "证书数据校验未通过", "not_found": "未查询到"}

    @property
    def label(self) -> str:
        return self.LABELS[self.state]

    def as_dict(self) -> dict:
        data = {"result": self.state, "label": self.label}
        cert = self.certificate
        if cert is not None:
            data.update(
                number=cert.number, kind=cert.get_kind_display(), name=cert.name,
                id_number=mask_id_number(cert.id_number), issuer=cert.issuer_name,
                issued_on=cert.issued_on.isoformat(), qualification=cert.qualification_path or cert.qualification,
                year=cert.year, void_reason=cert.void_reason,
                successor=cert.successor.number if cert.successor else "",
            )
        return data


def _verification(cert: Certificate | None) -> Verification:
    if cert is None:
        return Verification("not_found")
    if not content_verify(cert):
        return Verification("tampered", cert)
    return Verification("valid" if cert.is_valid else "void", cert)


def certificate_verify(*, number: str, name: str) -> Verification:
    """Look up by number and holder name; a wrong name is indistinguishable from an unknown number."""
    number, name = (number or "").strip().upper(), (name or "").strip()
    if not number or not name:
        return Verification("not_found")
    cert = Certificate.objects.select_related("successor").filter(number=number, name=name).first()
    return _verification(cert)


def certificate_verify_token(*, token: str) -> Verification:
    cert = Certificate.objects.select_related("successor").filter(verify_token=token).first()
    return _verification(cert)


def bulk_job_list(*, user):
    return BulkIssueJob.objects.filter(issuer_id__in=acting_org_ids(user, "certificates.issue")).select_related(
        "issuer", "created_by")


def bulk_job_get(*, user, pk: int) -> BulkIssueJob:
    return get_object_or_404(bulk_job_list(user=user), pk=pk)


def bulk_job_progress(job: BulkIssueJob) -> dict:
    issued = job.items.filter(certificate__isnull=False).count()
    failed = job.items.filter(certificate__isnull=True).exclude(error="").count()
    percent = int(issued * 100 / job.total) if job.total else 100
    return {"issued": issued, "failed": failed, "percent": percent}


def request_list_own(*, user, kind: str):
    return CertificateRequest.objects.filter(holder=user, kind=kind).select_related(
        "certificate", "new_certificate", "case")


def request_get_for_user(*, user, pk: int) -> CertificateRequest:
    """The applicant's own request, or one that reached the acting organisation (the engine's scope rule)."""
    return get_object_or_404(
        CertificateRequest.objects.filter(visible_q(user, prefix="case__"))
        .select_related("certificate", "new_certificate", "case", "holder"), pk=pk)


def certificate_choices_for_request(*, user):
    """The holder's valid certificates: what a 补办 or 更正 application may be about."""
    return Certificate.objects.filter(holder=user, status=Certificate.Status.VALID).order_by("-issued_on", "-id")
