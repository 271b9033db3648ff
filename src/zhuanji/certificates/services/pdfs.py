"""The certificate PDF, made off the hot path: rendered and PAdES-signed by the worker after the issuing commits.

The issuing transaction writes the row, its number and content signature and asks for the PDF on commit
(`pdf_queue`); until the worker has stored it the certificate shows 生成中 and a download waits. Making it is
idempotent: a second run for the same certificate (a duplicate message, the periodic job asking again) finds
the PDF there, or loses the compare-and-set and deletes its own file, so a certificate has exactly one PDF.
"""

import hashlib
import logging
from datetime import timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from .. import keys, pdf, signing, statements
from ..models import Certificate

logger = logging.getLogger(__name__)

# A PDF asked for this long ago and still missing is asked for again (lost message, worker killed).
PDF_RETRY_AFTER = timedelta(minutes=5)
# How many missing PDFs one periodic run asks for again.
PDF_RETRY_BATCH = 500


def pdf_queue(certificate_ids) -> None:
    """Have the worker make these certificates' PDFs once the current transaction commits."""
    from ..tasks import certificate_pdf

    ids = list(certificate_ids)

    def send():
        for pk in ids:
            certificate_pdf.delay(pk)

    # Robust: the approval has committed; a broker that refuses the message must not turn it into an error page.
    # The PDF is then asked for again by the periodic job (`pdf_queued_at`).
    transaction.on_commit(send, robust=True)


def _photo(cert: Certificate) -> bytes | None:
    if not cert.photo:
        return None
    with cert.photo.open("rb") as fh:
        return fh.read()


def certificate_pdf_generate(*, certificate_id: int) -> Certificate | None:
    """Render and PAdES-sign the certificate's PDF with the issuer's seal and store it, unless it exists."""
    from .issuing import verify_url

    cert = Certificate.objects.select_related("issuer").filter(pk=certificate_id).first()
    if cert is None or cert.pdf:
        return cert
    signing_key = keys.org_key(cert.issuer)
    unsigned = pdf.render(cert, verify_url=verify_url(cert.verify_token), photo=_photo(cert))
    field, seal = pdf.seal_field(cert)
    signed = signing.pdf_sign(unsigned, signing_key, reason=f"{cert.issuer_name}签发{cert.get_kind_display()}",
                              field_spec=field, stamp_style=seal)
    cert.pdf.save(f"{cert.number}.pdf", ContentFile(signed), save=False)
    name, digest = cert.pdf.name, hashlib.sha256(signed).hexdigest()
    try:
        with transaction.atomic():
            stored = Certificate.objects.filter(pk=cert.pk, pdf="").update(pdf=name, pdf_sha256=digest)
            if stored:
                cert.pdf_sha256 = digest
                statements.record_pdf(cert)
    except BaseException:
        cert.pdf.storage.delete(name)
        raise
    if not stored:  # another run stored its PDF first: keep that one
        cert.pdf.storage.delete(name)
        cert.refresh_from_db()
    return cert


def certificate_pdfs_requeue() -> int:
    """Ask again for the PDFs asked for more than PDF_RETRY_AFTER ago and still missing (periodic)."""
    now = timezone.now()
    stale = list(Certificate.objects.filter(pdf="", pdf_queued_at__lt=now - PDF_RETRY_AFTER)
                 .order_by("pdf_queued_at").values_list("pk", "pdf_queued_at")[:PDF_RETRY_BATCH])
    queued = []
    with transaction.atomic():
        for pk, asked in stale:
            # Compare-and-set: two periodic runners at once queue each PDF once.
            if Certificate.objects.filter(pk=pk, pdf="", pdf_queued_at=asked).update(pdf_queued_at=now):
                queued.append(pk)
        pdf_queue(queued)
    if queued:
        logger.warning("asked again for %d certificate PDFs not made within %s", len(queued), PDF_RETRY_AFTER)
    return len(queued)
