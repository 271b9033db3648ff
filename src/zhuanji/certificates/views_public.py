"""证书查询: public verification by number + name, or through the QR link printed on the PDF."""

from django.shortcuts import render

from .forms import VerifyForm
from .ratelimit import verify_allowed
from .selectors import certificate_verify, certificate_verify_token

TOO_MANY = "查询过于频繁，请稍后再试"


def verify(request):
    form = VerifyForm(request.GET or None)
    result = None
    status = 200
    if form.is_bound and form.is_valid():
        if verify_allowed(request):
            result = certificate_verify(**form.cleaned_data)
        else:
            form.add_error(None, TOO_MANY)
            status = 429
    return render(request, "certificates/verify.html", {"form": form, "result": result}, status=status)


def verify_qr(request, token):
    if not verify_allowed(request):
        return render(request, "certificates/verify.html", {"form": VerifyForm(), "error": TOO_MANY}, status=429)
    return render(request, "certificates/verify.html",
                  {"form": VerifyForm(), "result": certificate_verify_token(token=token)})
