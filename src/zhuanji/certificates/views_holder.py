"""我的证书: the holder's certificates; the detail and download also serve the issuing organisation."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import render

from zhuanji.common.pagination import paginate
from zhuanji.orgs.decorators import perm_required

from .models import CertificateKind
from .selectors import certificate_get_for_user, certificate_list_own
from .signing import content_verify


@perm_required("certificates.own")
def mine(request):
    kind = request.GET.get("kind", "")
    kind = kind if kind in CertificateKind.values else ""
    page = paginate(request, certificate_list_own(user=request.user, kind=kind or None))
    return render(request, "certificates/mine.html",
                  {"page": page, "kind": kind, "kinds": CertificateKind.choices, "hours_kind": CertificateKind.HOURS})


@login_required
def detail(request, pk):
    cert = certificate_get_for_user(user=request.acting, pk=pk)
    return render(request, "certificates/detail.html", {"cert": cert, "signed": content_verify(cert)})


@login_required
def download(request, pk):
    # The stored, signed PDF as issued: never regenerated, so its signature stays intact.
    cert = certificate_get_for_user(user=request.acting, pk=pk)
    return FileResponse(cert.pdf.open("rb"), as_attachment=True, filename=f"{cert.number}.pdf",
                        content_type="application/pdf")
