"""For every logged-in user: 切换角色 and the 选择工作单位 search dialog."""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render

from zhuanji.common.pagination import paginate
from zhuanji.common.params import parse_id

from ..acting import memberships_of
from ..middleware import SESSION_KEY
from ..selectors import unit_search
from ..services.users import membership_switch

_TARGET = re.compile(r"^[A-Za-z0-9_-]{1,60}$")


@login_required
def switch(request):
    memberships = memberships_of(request.user)
    if request.method == "POST":
        membership = get_object_or_404(memberships, pk=parse_id(request.POST.get("membership")) or 0)
        membership_switch(actor=request.user, membership=membership)
        request.session[SESSION_KEY] = membership.pk
        messages.success(request, f"当前角色已切换为：{membership.role_label} {membership.org.name}")
        return redirect("portal:matrix")
    return render(request, "orgs/switch.html", {"memberships": memberships})


@login_required
def unit_search_view(request):
    """选择工作单位: the dialog (htmx into #dialog-content), its result table, or a plain page without htmx."""
    target = request.GET.get("target", "")
    if not _TARGET.match(target):
        target = ""
    keyword, code = request.GET.get("keyword", ""), request.GET.get("code", "")
    searched = "keyword" in request.GET or "code" in request.GET
    page = paginate(request, unit_search(keyword=keyword, code=code))
    context = {"page": page, "keyword": keyword, "code": code, "target": target, "searched": searched}
    if request.htmx and request.htmx.target == "unit-results":
        return render(request, "orgs/_unit_results.html", context)
    if request.htmx:
        return render(request, "orgs/_unit_search_dialog.html", context)
    return render(request, "orgs/unit_search.html", context)
