"""通知公告管理 (平台管理 › 通知公告管理): pages for administrators holding `portal.manage_notices`."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from zhuanji.common.pagination import paginate
from zhuanji.common.views import error_text
from zhuanji.orgs.decorators import perm_required

from . import services
from .forms import NoticeFilterForm, NoticeForm
from .selectors import MANAGE_PERM, notice_list_manageable, notice_scope


def _get_notice(request, pk):
    return get_object_or_404(notice_list_manageable(actor=request.acting), pk=pk)


@perm_required(MANAGE_PERM)
def manage_list(request):
    form = NoticeFilterForm(request.GET)
    filters = form.cleaned_data if form.is_valid() else {}
    notices = notice_list_manageable(actor=request.acting, keyword=filters.get("keyword", "").strip(),
                                     kind=filters.get("kind", ""), status=filters.get("status", ""))
    return render(request, "portal/manage/notice_list.html", {"form": form, "page": paginate(request, notices)})


def _form_page(request, notice=None):
    form = NoticeForm(request.POST or None, scope=notice_scope(request.acting),
                      initial=NoticeForm.initial_for(notice) if notice else None)
    if request.method == "POST" and form.is_valid():
        try:
            if notice is None:
                notice = services.notice_create(actor=request.acting, **form.cleaned_data)
            else:
                notice = services.notice_update(actor=request.acting, notice=notice, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "保存成功")
            return redirect("portal:manage_notices")
    return render(request, "portal/manage/notice_form.html", {"form": form, "notice": notice})


@perm_required(MANAGE_PERM)
def notice_create(request):
    return _form_page(request)


@perm_required(MANAGE_PERM)
def notice_edit(request, pk):
    return _form_page(request, _get_notice(request, pk))


def _action(service, done_message):
    @require_POST
    @perm_required(MANAGE_PERM)
    def view(request, pk):
        notice = _get_notice(request, pk)
        try:
            service(actor=request.acting, notice=notice)
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, done_message)
        return redirect("portal:manage_notices")

    return view


notice_publish = _action(services.notice_publish, "已发布")
notice_unpublish = _action(services.notice_unpublish, "已撤回发布")
notice_delete = _action(services.notice_delete, "已删除")
