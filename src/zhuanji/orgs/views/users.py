"""我的用户: an organisation's users, managed by its admins (platform admins pick the organisation)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from zhuanji.accounts.services.registration import staff_user_create
from zhuanji.common.pagination import paginate
from zhuanji.common.params import parse_id
from zhuanji.common.views import call_and_redirect

from ..decorators import perm_required
from ..forms import StaffUserForm
from ..selectors import org_user_list, user_managed_orgs
from ..services.users import membership_set_active, staff_user_reset_password, staff_user_update
from ._helpers import submit


def _chosen_org(request):
    """`?org=` (platform admins: any organisation, or none for everyone's users); otherwise the current role's.

    An organisation out of the user's scope is a 404.
    """
    orgs = user_managed_orgs(request.acting)
    wanted = request.GET.get("org")
    if not wanted and not request.acting.holds("platform.manage_orgs"):
        return get_object_or_404(orgs, pk=request.acting.org.pk)
    if not wanted:
        return None
    pk = parse_id(wanted)
    if pk is None:
        raise Http404("no such organisation")
    return get_object_or_404(orgs, pk=pk)


def _list_url(membership) -> str:
    return f"{reverse('orgs:users')}?org={membership.org_id}"


def _managed_membership(request, pk):
    orgs = user_managed_orgs(request.acting)
    return get_object_or_404(org_user_list(orgs=orgs), pk=pk)


@perm_required("orgs.manage_users")
def user_index(request):
    org = _chosen_org(request)
    keyword = request.GET.get("q", "").strip()
    page = paginate(request, org_user_list(orgs=user_managed_orgs(request.acting), org=org,
                                           keyword=keyword))
    return render(request, "orgs/user_list.html", {"org": org, "page": page, "q": keyword})


@perm_required("orgs.manage_users")
def user_new(request):
    org = _chosen_org(request)
    if org is None:
        messages.error(request, "请先在机构管理中选择要添加用户的单位")
        return redirect("orgs:org_list")
    form = StaffUserForm(request.POST or None)
    user = submit(request, form, staff_user_create, actor=request.acting, org=org)
    if user is not None:
        messages.success(request, f"已添加用户 {user.username}，初始密码已通过短信发送至其手机")
        return redirect(f"{reverse('orgs:users')}?org={org.pk}")
    return render(request, "orgs/user_form.html", {"form": form, "org": org, "title": "添加用户"})


@login_required
def user_edit(request, pk):
    membership = _managed_membership(request, pk)
    user = membership.user
    form = StaffUserForm(request.POST or None,
                         initial={"name": user.name, "phone": user.phone, "role": membership.role})
    if submit(request, form, staff_user_update, actor=request.acting, membership=membership) is not None:
        messages.success(request, "用户信息已保存")
        return redirect(_list_url(membership))
    return render(request, "orgs/user_form.html",
                  {"form": form, "org": membership.org, "membership": membership, "title": "修改信息"})


@login_required
@require_POST
def user_toggle(request, pk):
    membership = _managed_membership(request, pk)
    enable = not membership.is_active
    return call_and_redirect(request, _list_url(membership), membership_set_active,
                             "已启用该用户" if enable else "已禁用该用户",
                             actor=request.acting, membership=membership, is_active=enable)


@login_required
@require_POST
def user_reset_password(request, pk):
    membership = _managed_membership(request, pk)
    return call_and_redirect(request, _list_url(membership), staff_user_reset_password,
                             "密码已重置，临时密码已通过短信发送至该用户手机",
                             actor=request.acting, membership=membership)
