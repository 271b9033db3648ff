"""我的证书: the holder's certificates; the detail and download also serve the issuing organisation."""

from io import BytesIO

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from zhuanji.attachments.responses import private_file_response
from zhuanji.audit.services import record
from zhuanji.common.pagination import paginate
from zhuanji.orgs.decorators import perm_required

from . import pdf
from .models import CertificateKind
from .selectors import certificate_checks, certificate_get_for_user, certificate_list_own, certificate_verification


@perm_required("certificates.own")
def mine(request):
    kind = request.GET.get("kind", "")
    kind = kind if kind in CertificateKind.values else ""
    page = paginate(request, certificate_list_own(user=request.user, kind=kind or None))
    # 签证状态: the real check of each row's signatures and signed status (a fixed number of queries per page).
    checks = certificate_checks(page.object_list)
    for cert in page.object_list:
        cert.verification = checks[cert.pk]
    return render(request, "certificates/mine.html",
                  {"page": page, "kind": kind, "kinds": CertificateKind.choices, "hours_kind": CertificateKind.HOURS})


@login_required
def detail(request, pk):
    cert = certificate_get_for_user(user=request.acting, pk=pk)
    verification = certificate_verification(cert)
    return render(request, "certificates/detail.html",
                  {"cert": cert, "verification": verification, "signed": verification.state != "tampered"})


@login_required
def download(request, pk):
    # The stored, signed PDF as issued (private storage): never regenerated, so its signature stays intact; a void
    # certificate's comes with a 已作废 stamp added on top of it. Until the worker has made it, a page that waits.
    cert = certificate_get_for_user(user=request.acting, pk=pk)
    if not cert.pdf_ready:
        response = render(request, "certificates/pdf_pending.html", {"cert": cert, "retry_seconds": 3})
        response["Retry-After"] = "3"
        return response
    fh = cert.pdf.open("rb")
    if not cert.is_valid:
        with fh:
            fh = BytesIO(pdf.void_stamped(fh.read(), cert))
    record(actor=request.acting, action="certificates.download", obj=cert,
           after={"number": cert.number, "valid": cert.is_valid})
    return private_file_response(fh, mime_type="application/pdf", filename=f"{cert.number}.pdf", inline=False)
