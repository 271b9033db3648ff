"""证书丢失补办 / 证书信息更正: the holder's applications; reviewers reach the detail from the engine's inbox."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from zhuanji.common.pagination import paginate
from zhuanji.common.views import call_and_redirect, run_service
from zhuanji.orgs.decorators import perm_required

from .forms import CorrectionRequestForm, LossRequestForm
from .models import CertificateRequest
from .selectors import certificate_choices_for_request, request_get_for_user, request_list_own
from .services import request_create, request_resubmit

FORMS = {CertificateRequest.Kind.LOSS: LossRequestForm, CertificateRequest.Kind.CORRECTION: CorrectionRequestForm}


@perm_required("certificates.own")
def request_list(request, kind):
    page = paginate(request, request_list_own(user=request.user, kind=kind))
    return render(request, "certificates/request_list.html",
                  {"page": page, "kind": kind, "kind_label": CertificateRequest.Kind(kind).label})


@perm_required("certificates.own")
def request_create_view(request, kind):
    form_class = FORMS[kind]
    certificates = certificate_choices_for_request(user=request.user)
    form = form_class(request.POST or None, request.FILES or None, certificates=certificates)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        created = run_service(form, request_create, actor=request.user, kind=kind, certificate=data["certificate"],
                              reason=data["reason"], evidence=data["evidence"], changes=form.changes(),
                              new_photo=form.photo())
        if created is not None:
            messages.success(request, f"{created.number} 已提交审核")
            return redirect("certificates:request_detail", pk=created.pk)
    return render(request, "certificates/request_form.html",
                  {"form": form, "kind": kind, "kind_label": CertificateRequest.Kind(kind).label})


@login_required
def request_detail(request, pk):
    found = request_get_for_user(user=request.acting, pk=pk)
    return render(request, "certificates/request_detail.html",
                  {"req": found, "case": found.case, "is_holder": found.holder_id == request.user.pk})


@login_required
@require_POST
def request_resubmit_view(request, pk):
    found = request_get_for_user(user=request.acting, pk=pk)
    if found.holder_id != request.user.pk:
        raise Http404
    return call_and_redirect(request, reverse("certificates:request_detail", args=[found.pk]), request_resubmit,
                             f"{found.number} 已重新提交", actor=request.user, request=found)
