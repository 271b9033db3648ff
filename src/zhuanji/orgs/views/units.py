"""我的单位信息 and 推荐单位: a 基层单位's admins maintain their own unit (the current role's organisation)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from zhuanji.common.params import parse_id
from zhuanji.common.views import call_and_redirect

from ..decorators import perm_required
from ..forms import RecommenderForm, UnitInfoForm, UnitRenameForm
from ..models import OrgKind, Region
from ..selectors import recommender_candidates, unit_recommendation_list
from ..services.units import (
    INFO_FIELDS,
    MAX_RECOMMENDERS,
    unit_info_update,
    unit_recommender_add,
    unit_recommender_remove,
    unit_rename,
)
from ._helpers import submit


def _my_unit(request):
    org = request.acting.org
    if org is None or org.kind != OrgKind.UNIT:
        raise PermissionDenied("当前角色不是基层单位")
    return org


@perm_required("orgs.manage_unit")
def unit_info(request):
    unit = _my_unit(request)
    return render(request, "orgs/unit_info.html", {
        "unit": unit, "recommendations": unit_recommendation_list(unit=unit),
    })


@perm_required("orgs.manage_unit")
def unit_info_edit(request):
    unit = _my_unit(request)
    form = UnitInfoForm(request.POST or None, initial={f: getattr(unit, f) for f in INFO_FIELDS})
    if submit(request, form, unit_info_update, actor=request.acting, unit=unit):
        messages.success(request, "单位信息已保存")
        return redirect("orgs:unit_info")
    return render(request, "orgs/unit_form.html", {"form": form, "unit": unit, "title": "完善单位信息"})


@perm_required("orgs.manage_unit")
def unit_rename_view(request):
    unit = _my_unit(request)
    form = UnitRenameForm(request.POST or None)
    if submit(request, form, unit_rename, actor=request.acting, unit=unit):
        messages.success(request, "单位名称已变更")
        return redirect("orgs:unit_info")
    return render(request, "orgs/unit_form.html", {"form": form, "unit": unit, "title": "变更单位名称"})


@perm_required("orgs.manage_unit")
def unit_recommenders(request):
    """推荐单位: pick the region (自治区 or a 地州) first, then one of its recommenders; at most two in all."""
    unit = _my_unit(request)
    data = request.POST if request.method == "POST" else request.GET
    region_pk = parse_id(data.get("region"))
    region = Region.objects.filter(pk=region_pk).first() if region_pk is not None else None
    candidates = recommender_candidates(region=region) if region else None
    form = RecommenderForm(data if request.method == "POST" else None, candidates=candidates,
                           initial={"region": region})
    if submit(request, form, unit_recommender_add, fields=("recommender",), actor=request.acting, unit=unit):
        messages.success(request, "推荐单位已添加")
        return redirect("orgs:unit_recommenders")
    context = {"unit": unit, "form": form, "recommendations": unit_recommendation_list(unit=unit),
               "max_recommenders": MAX_RECOMMENDERS, "candidates": candidates}
    template = "orgs/_recommender_choices.html" if request.htmx else "orgs/unit_recommenders.html"
    return render(request, template, context)


@perm_required("orgs.manage_unit")
@require_POST
def unit_recommender_remove_view(request, pk):
    unit = _my_unit(request)
    recommendation = get_object_or_404(unit_recommendation_list(unit=unit), pk=pk)
    return call_and_redirect(request, "orgs:unit_recommenders", unit_recommender_remove, "推荐单位已删除",
                             actor=request.acting, recommendation=recommendation)
