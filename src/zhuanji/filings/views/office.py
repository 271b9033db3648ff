"""The title office's side: 待审核备案 (its queue, 办理 one by one in the engine's dialog or in batch through the
engine's batch view) and 备案查询 (every filing of its level that reached it)."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from zhuanji.common.pagination import paginate
from zhuanji.orgs.decorators import perm_required

from .. import selectors
from ..forms import QueryFilterForm, QueueFilterForm
from ..routes import REVIEW_PERM


@perm_required(REVIEW_PERM)
@require_GET
def filing_queue(request):
    """待审核备案: the filings now at the acting office, oldest first."""
    form = QueueFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    qs = selectors.filing_queue(actor=request.acting, title=data.get("title") or "").order_by(
        "case__submitted_at", "pk")
    return render(request, "filings/queue.html", {"form": form, "page": paginate(request, qs)})


@perm_required(REVIEW_PERM)
@require_GET
def filing_query(request):
    """备案查询: every filing of the office's level that was submitted to it, at any stage."""
    form = QueryFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    qs = selectors.filing_list_reviewed(actor=request.acting, title=data.get("title") or "",
                                        committee=data.get("committee") or "", year=data.get("year"),
                                        state=data.get("state") or "")
    return render(request, "filings/query.html", {"form": form, "page": paginate(request, qs)})
