"""Reads: holders see their own certificates, issuers those of their organisations, anyone verifies."""

import hashlib
from io import BytesIO

from django.db.models import Count, Max, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone
from PIL import Image

from zhuanji.orgs.access import acting_org_ids
from zhuanji.orgs.acting import acting_of
from zhuanji.reviews.access import visible_q

from .models import BulkIssueJob, Certificate, CertificateRequest, IssuerKey
from .pdfcheck import FileCheck, check_pdf
from .verification import Verification, verify, verify_many

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


def _verify_lookup(**filters) -> Verification:
    cert = Certificate.objects.select_related("successor").filter(**filters).first()
    return verify(cert)


def certificate_verify(*, number: str, name: str) -> Verification:
    """Look up by number and holder name; a wrong name is indistinguishable from an unknown number."""
    number, name = (number or "").strip().upper(), (name or "").strip()
    if not number or not name:
        return Verification("not_found")
    return _verify_lookup(number=number, name=name)


def certificate_verify_token(*, token: str) -> Verification:
    return _verify_lookup(verify_token=token) if token else Verification("not_found")


def certificate_verify_file(*, data: bytes) -> FileCheck:
    """上传证书文件核验 (see `pdfcheck.py`)."""
    return check_pdf(data)


def certificate_verification(cert: Certificate) -> Verification:
    """The full check of one certificate the user may already see (detail page)."""
    return verify(cert)


def certificate_checks(certificates) -> dict[int, Verification]:
    """签证状态 of a page of certificates, in a fixed number of queries."""
    return verify_many(certificates)


def certificate_photo_thumbnail(*, pk: int) -> bytes | None:
    """The certificate's photo as a small JPEG for 证书查询, only while it is the photo that was signed."""
    cert = Certificate.objects.filter(pk=pk).exclude(photo_sha256="").first()
    if cert is None:
        return None
    try:
        with cert.photo.open("rb") as fh:
            data = fh.read()
    except (OSError, ValueError):
        return None
    if hashlib.sha256(data).hexdigest() != cert.photo_sha256:
        return None
    image = Image.open(BytesIO(data))
    image.thumbnail((150, 200))
    buffer = BytesIO()
    image.convert("RGB").save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def issuer_key_list(*, user, search: str = ""):
    """平台管理 › 签名密钥: every issuing organisation's keys, for those who manage them."""
    if not acting_org_ids(user, "certificates.manage_keys"):
        return IssuerKey.objects.none()
    qs = IssuerKey.objects.select_related("organisation")
    if search.strip():
        qs = qs.filter(organisation__name__contains=search.strip())
    return qs.order_by("organisation__code", "-created_at", "-id")


def issuer_key_get(*, user, pk: int) -> IssuerKey:
    return get_object_or_404(issuer_key_list(user=user), pk=pk)


def bulk_job_list(*, user):
    return BulkIssueJob.objects.filter(issuer_id__in=acting_org_ids(user, "certificates.issue")).select_related(
        "issuer", "created_by")


def bulk_job_get(*, user, pk: int) -> BulkIssueJob:
    return get_object_or_404(bulk_job_list(user=user), pk=pk)


def bulk_job_progress(job: BulkIssueJob) -> dict:
    """Issued / refused counts, the percentage, `rate` (张/秒: certificates issued per second in the current or
    last run, PDFs included, None before any) and `pdf_pending` (issued, PDF not made yet)."""
    aggregates = {"issued": Count("pk", filter=Q(certificate__isnull=False)),
                  "failed": Count("pk", filter=Q(certificate__isnull=True) & ~Q(error=""))}
    started = job.run_started_at
    if started:
        in_run = Q(certificate__isnull=False, done_at__gte=started)
        aggregates.update(run_issued=Count("pk", filter=in_run), run_last=Max("done_at", filter=in_run))
    counts = job.items.aggregate(**aggregates)
    rate = None
    if counts.get("run_issued"):
        end = timezone.now() if job.state == BulkIssueJob.State.RUNNING else counts["run_last"]
        seconds = (end - started).total_seconds()
        rate = round(counts["run_issued"] / seconds, 1) if seconds > 0 else None
    pdf_pending = Certificate.objects.filter(pk__in=job.items.values("certificate"), pdf="").count() \
        if counts["issued"] else 0
    issued = counts["issued"]
    percent = int(issued * 100 / job.total) if job.total else 100
    # A running job whose lease has lapsed has lost its worker: the page stops polling until it is resumed.
    stalled = job.state == BulkIssueJob.State.RUNNING and job.lease_until is not None \
        and job.lease_until < timezone.now()
    live = job.state in (BulkIssueJob.State.PENDING, BulkIssueJob.State.RUNNING) and not stalled
    return {"issued": issued, "failed": counts["failed"], "percent": percent, "rate": rate,
            "pdf_pending": pdf_pending, "live": live, "stalled": stalled}


def request_list_own(*, user, kind: str):
    return CertificateRequest.objects.filter(holder=user, kind=kind).select_related(
        "certificate", "new_certificate", "case")


def request_get_for_user(*, user, pk: int) -> CertificateRequest:
    """The applicant's own request, or one that reached the acting organisation (the engine's scope rule)."""
    return get_object_or_404(
        CertificateRequest.objects.filter(visible_q(user, prefix="case__"))
        .select_related("certificate", "new_certificate", "case", "holder").prefetch_related("attachments"), pk=pk)


def request_visible(acting, request: CertificateRequest) -> bool:
    """Whom an application's 证明材料 and new photo open for: whoever may open the application."""
    return CertificateRequest.objects.filter(visible_q(acting, prefix="case__") & Q(pk=request.pk)).exists()


def certificate_choices_for_request(*, user):
    """The holder's valid certificates: what a 补办 or 更正 application may be about."""
    return Certificate.objects.filter(holder=user, status=Certificate.Status.VALID).order_by("-issued_on", "-id")
