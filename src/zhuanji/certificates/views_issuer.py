"""证书管理 for issuing organisations: 已发证书 (list, xlsx export) and 批量发证 (bulk jobs with progress)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from zhuanji.audit.services import record
from zhuanji.common.pagination import paginate
from zhuanji.common.views import apply_errors, call_and_redirect
from zhuanji.orgs.decorators import perm_required

from .exports import issued_xlsx
from .forms import BulkIssueForm, IssuedFilterForm
from .selectors import bulk_job_get, bulk_job_list, bulk_job_progress, certificate_list_issued
from .services import bulk_job_create, bulk_job_start


def _filtered(request):
    form = IssuedFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = certificate_list_issued(user=request.acting, year=filters.get("year"), kind=filters.get("kind"),
                                 status=filters.get("status"), search=filters.get("search", ""))
    return form, qs


@perm_required("certificates.view_issued")
def issued(request):
    form, qs = _filtered(request)
    return render(request, "certificates/issued.html", {"form": form, "page": paginate(request, qs)})


@perm_required("certificates.view_issued")
def issued_export(request):
    form, qs = _filtered(request)
    filters = {k: v for k, v in form.cleaned_data.items() if v} if form.is_bound and form.is_valid() else {}
    record(actor=request.acting, action="certificates.export", object_type="certificates.certificate",
           object_repr="已发证书导出", after={**filters, "rows": qs.count()})
    response = HttpResponse(issued_xlsx(qs),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = 'attachment; filename="issued-certificates.xlsx"'
    return response


@perm_required("certificates.issue")
def bulk_list(request):
    page = paginate(request, bulk_job_list(user=request.acting))
    return render(request, "certificates/bulk_list.html", {"page": page})


@perm_required("certificates.issue")
def bulk_create(request):
    # Certificates are signed in the name of the organisation the user acts as.
    issuer = request.acting.org
    form = BulkIssueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                job = bulk_job_create(actor=request.acting, issuer=issuer, kind=data["kind"],
                                      title=data["title"], year=data["year"], holders=data["id_numbers"],
                                      fields=form.printed_fields())
                bulk_job_start(actor=request.acting, job=job)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect("certificates:bulk_detail", pk=job.pk)
    return render(request, "certificates/bulk_create.html", {"form": form, "issuer": issuer})


@login_required
def bulk_detail(request, pk):
    job = bulk_job_get(user=request.acting, pk=pk)
    template = "certificates/_bulk_progress.html" if request.htmx else "certificates/bulk_detail.html"
    items = job.items.select_related("holder", "certificate").order_by("pk")
    return render(request, template, {"job": job, "progress": bulk_job_progress(job),
                                      "page": paginate(request, items)})


@login_required
@require_POST
def bulk_start(request, pk):
    job = bulk_job_get(user=request.acting, pk=pk)
    return call_and_redirect(request, reverse("certificates:bulk_detail", args=[job.pk]), bulk_job_start,
                             "已开始发证", actor=request.acting, job=job)
