"""评审委员会管理 (the title office of a committee's level) and 可评审专业 (the committee's own members, read-only)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from zhuanji.common.pagination import paginate
from zhuanji.common.views import call_and_redirect

from ..access import require_perm
from ..decorators import perm_required
from ..forms import CommitteeContactForm, CommitteeOfficeForm, CommitteeScopeForm
from ..models import CommitteeContact, CommitteeScope, Organisation
from ..selectors import (
    committee_contact_list,
    committee_get_managed,
    committee_list_managed,
    committee_scope_list,
    own_committee,
)
from ..services.committees import (
    MANAGE,
    committee_contact_add,
    committee_contact_remove,
    committee_office_update,
    committee_scope_grant,
    committee_scope_revoke,
)
from ._helpers import submit

VIEW_OWN = "orgs.view_committee"


def _managed(request, pk) -> Organisation:
    """The committee, when the acting title office manages it: 403 without the permission, 404 for another's."""
    require_perm(request.acting, MANAGE)
    try:
        return committee_get_managed(actor=request.acting, pk=pk)
    except Organisation.DoesNotExist:
        raise Http404("没有找到该评审委员会") from None


def _detail(request, committee, *, office_form=None, contact_form=None, scope_form=None, status=200):
    profile = committee.committee_profile
    context = {
        "committee": committee, "profile": profile, "manage": True,
        "contacts": committee_contact_list(committee=committee),
        "scopes": committee_scope_list(committee=committee),
        "office_form": office_form or CommitteeOfficeForm(initial={
            "office_name": profile.office_name, "location": profile.location,
            "office_address": profile.office_address}),
        "contact_form": contact_form or CommitteeContactForm(),
        "scope_form": scope_form or CommitteeScopeForm(),
    }
    return render(request, "orgs/committee_detail.html", context, status=status)


@perm_required(MANAGE)
@require_GET
def committee_index(request):
    keyword = request.GET.get("keyword", "").strip()[:50]
    page = paginate(request, committee_list_managed(actor=request.acting, keyword=keyword))
    return render(request, "orgs/committee_list.html", {"page": page, "keyword": keyword})


@login_required
@require_GET
def committee_detail(request, pk):
    return _detail(request, _managed(request, pk))


def _form_post(request, pk, form_class, service, form_name: str, done_text: str):
    """One of the detail page's forms posted: saved through `service`, or the page again with its errors."""
    committee = _managed(request, pk)
    form = form_class(request.POST)
    if submit(request, form, service, actor=request.acting, committee=committee) is not None:
        messages.success(request, done_text)
        return redirect("orgs:committee_detail", pk=committee.pk)
    return _detail(request, committee, **{form_name: form})


@login_required
@require_POST
def committee_office_edit(request, pk):
    return _form_post(request, pk, CommitteeOfficeForm, committee_office_update, "office_form", "办事机构信息已保存")


@login_required
@require_POST
def committee_contact_new(request, pk):
    return _form_post(request, pk, CommitteeContactForm, committee_contact_add, "contact_form", "联系人已添加")


@login_required
@require_POST
def committee_contact_delete(request, pk, contact_pk):
    committee = _managed(request, pk)
    contact = get_object_or_404(CommitteeContact.objects.select_related("profile__committee"),
                                pk=contact_pk, profile__committee=committee)
    return call_and_redirect(request, committee_detail_url(committee), committee_contact_remove, "联系人已删除",
                             actor=request.acting, contact=contact)


@login_required
@require_POST
def committee_scope_new(request, pk):
    committee = _managed(request, pk)
    form = CommitteeScopeForm(request.POST)
    rows = submit(request, form, committee_scope_grant, actor=request.acting, committee=committee)
    if rows is not None:
        messages.success(request, f"已授予可评审专业：{form.cleaned_data['pick'].path}"
                                  f"（{'、'.join(r.get_level_display() for r in rows)}）")
        return redirect("orgs:committee_detail", pk=committee.pk)
    return _detail(request, committee, scope_form=form)


@login_required
@require_POST
def committee_scope_delete(request, pk, scope_pk):
    committee = _managed(request, pk)
    scope = get_object_or_404(CommitteeScope, pk=scope_pk, committee=committee)
    return call_and_redirect(request, committee_detail_url(committee), committee_scope_revoke, "已撤销该可评审专业",
                             actor=request.acting, scope=scope)


def committee_detail_url(committee) -> str:
    return reverse("orgs:committee_detail", args=[committee.pk])


@perm_required(VIEW_OWN)
@require_GET
def my_committee(request):
    committee = own_committee(request.acting)
    if committee is None:
        raise PermissionDenied("当前角色不是评审委员会")
    profile = committee.committee_profile if hasattr(committee, "committee_profile") else None
    return render(request, "orgs/committee_detail.html", {
        "committee": committee, "profile": profile, "manage": False,
        "contacts": committee_contact_list(committee=committee), "scopes": committee_scope_list(committee=committee),
    })

