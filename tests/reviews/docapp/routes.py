"""The memo's route: the submitter's unit → one of the unit's 推荐单位 (chosen) → the region's title office."""

from django.urls import reverse

from zhuanji.orgs.models import Organisation, OrgKind, Region
from zhuanji.reviews.routes import Node, Route, register

from .models import MemoDocument


def _unit(case, memo):
    return Organisation.objects.filter(pk=memo.unit_id)


def _recommenders(case, memo):
    return Organisation.objects.filter(recommended_units=memo.unit_id)


def _office(case, memo):
    return Organisation.objects.filter(kind=OrgKind.TITLE_OFFICE, region__level=Region.Level.REGION)


def _office_guard(case, memo):
    return None if memo.window_open else "当前不在材料接收时间内"


def _approved(*, case, document, actor):
    document.approved_by = actor
    document.save(update_fields=["approved_by"])


def _returned(*, case, document, actor):
    document.times_returned += 1
    document.save(update_fields=["times_returned"])


MEMO = register(Route(
    key="docapp.memo",
    label="测试备忘录",
    nodes=(
        Node("unit", "基层单位", resolve=_unit),
        Node("recommender", "推荐单位", resolve=_recommenders, choose=True),
        Node("office", "职称办公室", resolve=_office, guard=_office_guard),
    ),
    get_document=lambda case: MemoDocument.objects.get(case=case),
    detail_url=lambda case: reverse("reviews:flow", args=[case.pk]),
    on_approved=_approved,
    on_returned=_returned,
    done_label="已接收材料",
))
