"""证书查询: public verification by number + name, through the QR link printed on the PDF, or of the PDF itself
(上传证书文件核验); the photo thumbnail of a verified certificate; the platform's root certificate."""

from cryptography.hazmat.primitives import serialization
from django.core import signing as django_signing
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from . import keys
from .forms import VerifyFileForm, VerifyForm
from .ratelimit import verify_allowed
from .selectors import (
    certificate_photo_thumbnail,
    certificate_verify,
    certificate_verify_file,
    certificate_verify_token,
)

TOO_MANY = "查询过于频繁，请稍后再试"
_PHOTO_SALT = "certificates.verify_photo"
PHOTO_MAX_AGE = 15 * 60  # seconds a thumbnail link from a verification result works


def photo_url(result) -> str:
    """A short-lived link to the verified certificate's photo (no token or id a stranger could reuse)."""
    cert = result.certificate if result else None
    if cert is None or not cert.photo_sha256 or result.state == "not_found":
        return ""
    signed = django_signing.TimestampSigner(salt=_PHOTO_SALT).sign(str(cert.pk))
    return reverse("certificates:verify_photo", args=[signed])


def _root() -> dict:
    root = keys.published_root()
    return {"subject": root.subject.rfc4514_string(), "fingerprint": keys.fingerprint(root),
            "not_after": root.not_valid_after_utc}


def _page(request, *, status=200, **context):
    context.setdefault("form", VerifyForm())
    context.setdefault("file_form", VerifyFileForm())
    result = context.get("result")
    context.update(photo_url=photo_url(result), root=_root())
    return render(request, "certificates/verify.html", context, status=status)


def verify(request):
    form = VerifyForm(request.GET or None)
    if form.is_bound and form.is_valid():
        if not verify_allowed(request):
            form.add_error(None, TOO_MANY)
            return _page(request, form=form, status=429)
        return _page(request, form=form, result=certificate_verify(**form.cleaned_data))
    return _page(request, form=form)


def verify_qr(request, token):
    if not verify_allowed(request):
        return _page(request, error=TOO_MANY, status=429)
    return _page(request, result=certificate_verify_token(token=token))


@require_POST
def verify_file(request):
    file_form = VerifyFileForm(request.POST, request.FILES)
    if not file_form.is_valid():
        return _page(request, file_form=file_form, status=400)
    if not verify_allowed(request):
        file_form.add_error(None, TOO_MANY)
        return _page(request, file_form=file_form, status=429)
    check = certificate_verify_file(data=file_form.cleaned_data["file"].read())
    return _page(request, file_form=VerifyFileForm(), file_check=check, result=check.verification)


def verify_photo(request, signed):
    try:
        pk = int(django_signing.TimestampSigner(salt=_PHOTO_SALT).unsign(signed, max_age=PHOTO_MAX_AGE))
    except (django_signing.BadSignature, ValueError):
        raise Http404 from None
    data = certificate_photo_thumbnail(pk=pk)
    if data is None:
        raise Http404
    response = HttpResponse(data, content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=300"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def root_certificate(request, fmt):
    """The published root certificate: PEM (`pdfsig`, most tools) or DER (.cer, Adobe Reader / Windows)."""
    if fmt not in ("pem", "cer"):
        raise Http404
    root = keys.published_root()
    if fmt == "pem":
        response = HttpResponse(root.public_bytes(serialization.Encoding.PEM), content_type="application/x-pem-file")
    else:
        response = HttpResponse(root.public_bytes(serialization.Encoding.DER), content_type="application/pkix-cert")
    response["Content-Disposition"] = f'attachment; filename="zhuanji-root-ca.{fmt}"'
    return response
