"""The reviewers' queues: 单位审核 (node 基层单位) and 认定审核 (node 认定单位); 办理 is the engine's dialog."""

from django.shortcuts import render

from zhuanji.common.pagination import paginate
from zhuanji.orgs.decorators import perm_required

from .. import selectors
from ..config import RECOGNIZER_NODE, UNIT_NODE
from ..forms import ReviewFilterForm

QUEUES = {UNIT_NODE: ("单位审核", "信息审核"), RECOGNIZER_NODE: ("认定审核", "认定审核")}


def _queue(request, node: str):
    form = ReviewFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = selectors.application_review_list(
        user=request.acting, node=node, status=filters.get("status") or selectors.ReviewFilter.TODO,
        year=filters.get("year"), fill_year=filters.get("fill_year"), name=filters.get("name", ""),
        id_number=filters.get("id_number", ""))
    title, action_label = QUEUES[node]
    return render(request, "hours/review_list.html", {"form": form, "page": paginate(request, qs), "title": title,
                                                      "action_label": action_label, "node": node})


@perm_required("hours.review")
def unit_review(request):
    return _queue(request, UNIT_NODE)


@perm_required("hours.recognize")
def recognizer_review(request):
    return _queue(request, RECOGNIZER_NODE)
