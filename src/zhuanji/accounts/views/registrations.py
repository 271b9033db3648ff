"""单位注册审核: the reviewing 人社部门's page of one unit's registration; deciding is the engine's 办理 dialog."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .. import selectors


@login_required
@require_GET
def unit_registration_detail(request, pk: int):
    registration = selectors.unit_registration_get(actor=request.acting, pk=pk)
    return render(request, "accounts/unit_registration_detail.html", {
        "registration": registration, "org": registration.org, "case": registration.case,
    })
