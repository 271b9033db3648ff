"""平台管理 › 接口客户端: platform administrators manage the systems that call the API with a token."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from zhuanji.common.pagination import paginate
from zhuanji.common.views import call_and_redirect, error_text, run_service
from zhuanji.orgs.decorators import perm_required

from .forms import ClientCreateForm, ClientFilterForm, ClientForm
from .scopes import declared_scopes
from .selectors import client_list, client_queryset
from .services import client_create, client_revoke, client_rotate, client_update


def _token_page(request, client, token: str, title: str):
    """The token, shown this once: rendered in the POST's own response, never stored, never cached."""
    response = render(request, "integrations/token.html", {"client": client, "token": token, "title": title})
    response["Cache-Control"] = "no-store"
    return response


@perm_required("platform.manage_api_clients")
def client_index(request):
    form = ClientFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = paginate(request, client_list(request.acting, keyword=filters.get("keyword", ""),
                                         status=filters.get("status", "")))
    scopes = declared_scopes()
    for client in page:
        client.scope_labels = [(code, scopes[code].label if code in scopes else code) for code in client.scopes]
    return render(request, "integrations/client_list.html", {"form": form, "page": page})


@perm_required("platform.manage_api_clients")
def client_new(request):
    form = ClientCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        created = run_service(form, client_create, actor=request.acting, **form.cleaned_data)
        if created is not None:
            return _token_page(request, *created, title="接口客户端已创建")
    return render(request, "integrations/client_form.html", {"form": form, "title": "新增接口客户端"})


@login_required
def client_edit(request, pk):
    client = get_object_or_404(client_queryset(request.acting), pk=pk)
    form = ClientForm(request.POST or None, initial=ClientForm.initial_for(client))
    if (request.method == "POST" and form.is_valid()
            and run_service(form, client_update, actor=request.acting, client=client, **form.cleaned_data)):
        messages.success(request, "接口客户端已保存")
        return redirect("integrations:client_list")
    return render(request, "integrations/client_form.html",
                  {"form": form, "title": "修改接口客户端", "client": client})


@login_required
@require_POST
def client_revoke_view(request, pk):
    client = get_object_or_404(client_queryset(request.acting), pk=pk)
    return call_and_redirect(request, "integrations:client_list", client_revoke,
                             f"已吊销“{client.name}”，其令牌即刻失效", actor=request.acting, client=client)


@login_required
@require_POST
def client_rotate_view(request, pk):
    client = get_object_or_404(client_queryset(request.acting), pk=pk)
    try:
        client, token = client_rotate(actor=request.acting, client=client)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
        return redirect("integrations:client_list")
    return _token_page(request, client, token, title="令牌已重置")
