"""通知公告管理 (平台管理 › 通知公告管理): pages for administrators holding `portal.manage_notices`."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from zhuanji.common.pagination import paginate
from zhuanji.common.views import error_text

from . import services
from .forms import NoticeFilterForm, NoticeForm
from .selectors import ManageScope, notice_list_manageable


def manager_required(view):
    """Logged in and holding `portal.manage_notices` somewhere; passes the user's scope to the view."""

    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        scope = ManageScope(request.user)
        if not scope.allowed:
            raise PermissionDenied("您没有通知公告管理权限")
        return view(request, scope, *args, **kwargs)

    return wrapper


def _get_notice(request, pk):
    return get_object_or_404(notice_list_manageable(user=request.user), pk=pk)


@manager_required
def manage_list(request, scope):
    form = NoticeFilterForm(request.GET)
    filters = form.cleaned_data if form.is_valid() else {}
    notices = notice_list_manageable(user=request.user, keyword=filters.get("keyword", "").strip(),
                                     kind=filters.get("kind", ""), status=filters.get("status", ""))
    return render(request, "portal/manage/notice_list.html", {"form": form, "page": paginate(request, notices)})


def _form_page(request, scope, notice=None):
    form = NoticeForm(request.POST or None, scope=scope,
                      initial=NoticeForm.initial_for(notice) if notice else None)
    if request.method == "POST" and form.is_valid():
        try:
            if notice is None:
                notice = services.notice_create(actor=request.user, **form.cleaned_data)
            else:
                notice = services.notice_update(actor=request.user, notice=notice, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "保存成功")
            return redirect("portal:manage_notices")
    return render(request, "portal/manage/notice_form.html", {"form": form, "notice": notice})


@manager_required
def notice_create(request, scope):
    return _form_page(request, scope)


@manager_required
def notice_edit(request, scope, pk):
    return _form_page(request, scope, _get_notice(request, pk))


def _action(service, done_message):
    @require_POST
    @manager_required
    def view(request, scope, pk):
        notice = _get_notice(request, pk)
        try:
            service(actor=request.user, notice=notice)
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, done_message)
        return redirect("portal:manage_notices")

    return view


notice_publish = _action(services.notice_publish, "已发布")
notice_unpublish = _action(services.notice_unpublish, "已撤回发布")
notice_delete = _action(services.notice_delete, "已删除")
