"""平台管理 › 签名密钥: every issuing organisation's signing keys; rotate (轮换) or revoke (吊销) with a reason."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from zhuanji.common.pagination import paginate
from zhuanji.common.params import parse_id
from zhuanji.common.views import call_and_redirect
from zhuanji.orgs.decorators import perm_required
from zhuanji.orgs.models import Organisation

from . import keys
from .forms import KeyReasonForm
from .permissions import ISSUERS
from .selectors import issuer_key_get, issuer_key_list
from .services import issuer_key_revoke, issuer_key_rotate


@perm_required("certificates.manage_keys")
def key_list(request):
    search = request.GET.get("search", "")[:50]
    page = paginate(request, issuer_key_list(user=request.acting, search=search))
    root = keys.published_root()
    return render(request, "certificates/keys.html", {
        "page": page, "search": search, "form": KeyReasonForm(),
        "root_fingerprint": keys.fingerprint(root), "root_subject": root.subject.rfc4514_string(),
        "issuers": Organisation.objects.filter(kind__in=ISSUERS, is_active=True).order_by("code").only("pk", "name"),
    })


def _reason_or_message(request) -> str | None:
    form = KeyReasonForm(request.POST)
    if form.is_valid():
        return form.cleaned_data["reason"]
    messages.error(request, "请填写原因（不超过200字）")
    return None


@perm_required("certificates.manage_keys")
@require_POST
def key_rotate(request):
    organisation = get_object_or_404(Organisation.objects.filter(kind__in=ISSUERS),
                                     pk=parse_id(request.POST.get("org")) or 0)
    reason = _reason_or_message(request)
    if reason is None:
        return redirect("certificates:keys")
    return call_and_redirect(request, "certificates:keys", issuer_key_rotate,
                             lambda key: f"已为“{organisation.name}”启用新签名密钥 {key.key_id}",
                             actor=request.acting, organisation=organisation, reason=reason)


@login_required
@require_POST
def key_revoke(request, pk):
    key = issuer_key_get(user=request.acting, pk=pk)
    reason = _reason_or_message(request)
    if reason is None:
        return redirect("certificates:keys")
    return call_and_redirect(request, "certificates:keys", issuer_key_revoke,
                             f"已吊销签名密钥 {key.key_id}，其签发的证书须重新发证",
                             actor=request.acting, key=key, reason=reason)
