"""The title office's side: 待审核备案 (its queue, 办理 one by one in the engine's dialog or in batch through the
engine's batch view) and 备案查询 (every filing of its level that reached it)."""

from django import forms
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from zhuanji.common.forms import StyledFormMixin
from zhuanji.common.pagination import paginate
from zhuanji.orgs.decorators import perm_required
from zhuanji.reviews.models import CaseState

from .. import selectors
from ..routes import REVIEW_PERM

# The states a filing can have once it reached the office, in the office's words.
STATE_CHOICES = (("", "请选择"), (CaseState.PENDING, "审核中"), (CaseState.RETURNED, "已退回"),
                 (CaseState.APPROVED, "已接收材料"), (CaseState.CANCELLED, "已撤销"))


def year_choices() -> list[tuple[str, str]]:
    this_year = timezone.localdate().year
    return [("", "请选择"), *((str(y), str(y)) for y in range(this_year + 1, this_year - 6, -1))]


class QueueFilterForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label="标题", required=False, max_length=100)


class QueryFilterForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label="标题", required=False, max_length=100)
    committee = forms.CharField(label="评审机构", required=False, max_length=100)
    year = forms.TypedChoiceField(label="年度", required=False, coerce=int, empty_value=None)
    state = forms.ChoiceField(label="状态", required=False, choices=STATE_CHOICES)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = year_choices()


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
