"""平台管理 › 机构管理: the organisation tree, for platform admins."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from zhuanji.common.pagination import paginate
from zhuanji.common.views import call_and_redirect

from ..decorators import perm_required
from ..forms import OrgFilterForm, OrgForm
from ..selectors import admin_org_queryset, org_list
from ..services.organisations import org_create, org_set_active, org_update
from ._helpers import submit


@perm_required("platform.manage_orgs")
def org_index(request):
    form = OrgFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = paginate(request, org_list(name=filters.get("name", ""), kind=filters.get("kind", ""),
                                      region=filters.get("region"), parent=filters.get("parent")))
    return render(request, "orgs/org_list.html", {"form": form, "page": page, "parent": filters.get("parent")})


@perm_required("platform.manage_orgs")
def org_new(request):
    form = OrgForm(request.POST or None)
    org = submit(request, form, org_create, actor=request.acting)
    if org is not None:
        messages.success(request, f"已新增机构“{org.name}”")
        return redirect("orgs:org_list")
    return render(request, "orgs/org_form.html", {"form": form, "title": "新增机构"})


@login_required
def org_edit(request, pk):
    org = get_object_or_404(admin_org_queryset(request.acting), pk=pk)
    form = OrgForm(request.POST or None, initial=OrgForm.initial_for(org))
    if submit(request, form, org_update, actor=request.acting, org=org) is not None:
        messages.success(request, "机构信息已保存")
        return redirect("orgs:org_list")
    return render(request, "orgs/org_form.html", {"form": form, "title": "编辑机构", "org": org})


@login_required
@require_POST
def org_toggle(request, pk):
    org = get_object_or_404(admin_org_queryset(request.acting), pk=pk)
    enable = not org.is_active
    return call_and_redirect(request, "orgs:org_list", org_set_active, "已启用" if enable else "已停用",
                             actor=request.acting, org=org, is_active=enable)
