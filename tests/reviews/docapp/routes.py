"""The memo's route: the submitter's unit → one of the unit's 推荐单位 (chosen) → the region's title office."""

from datetime import timedelta

from django import forms
from django.urls import reverse
from django.utils import timezone

from zhuanji.orgs.models import Organisation, OrgKind, Region
from zhuanji.reviews.routes import (
    APPROVE,
    FAIL,
    OVERDUE_CANCEL,
    PASS,
    REJECT,
    RETURN,
    Decision,
    Kind,
    Node,
    Route,
    register,
)

from .models import FilingDocument, MemoDocument


def _unit(case, memo):
    return Organisation.objects.filter(pk=memo.unit_id)


def _recommenders(case, memo):
    return Organisation.objects.filter(recommended_units=memo.unit_id)


def _office(case, memo):
    return Organisation.objects.filter(kind=OrgKind.TITLE_OFFICE, region__level=Region.Level.REGION)


def _office_guard(case, memo):
    return None if memo.window_open else "当前不在材料接收时间内"


def _approved(event):
    event.document.approved_by = event.user
    event.document.save(update_fields=["approved_by"])


def _returned(event):
    event.document.times_returned += 1
    event.document.save(update_fields=["times_returned"])


MEMO = register(Route(
    key="docapp.memo",
    label="测试备忘录",
    nodes=(
        Node("unit", "基层单位", resolve=_unit, actions=(APPROVE, RETURN, REJECT)),
        Node("recommender", "推荐单位", resolve=_recommenders, choose=True),
        Node("office", "职称办公室", resolve=_office, guard=_office_guard),
    ),
    get_document=lambda case: MemoDocument.objects.get(case=case),
    detail_url=lambda case: reverse("reviews:flow", args=[case.pk]),
    hooks={"case.approved": _approved, "case.returned": _returned},
    reopenable=True,
    done_label="已接收材料",
))


# ---- an organisation-owned filing, exercising every capability of the engine -------------------

def _filing(case):
    return FilingDocument.objects.select_related("owner").get(case=case)


def _competent(case, filing):
    # The base's 主管单位 (its BaseProfile), not its place in the organisation tree.
    return Organisation.objects.filter(supervised_bases__base=filing.owner)


def _authority(case, filing):
    if filing.level == FilingDocument.Level.REGION:
        return Organisation.objects.filter(kind=OrgKind.HR_DEPARTMENT, region__level=Region.Level.REGION)
    return Organisation.objects.filter(kind=OrgKind.HR_BUREAU, region_id=filing.owner.region_id)


def _prefecture_level(case, filing):
    return filing.level == FilingDocument.Level.PREFECTURE


def _window(case, filing):
    if filing.window_closes is not None and timezone.now() >= filing.window_closes:
        return "已超过受理截止时间，不能办理"
    return None


def _authority_due(case, filing):
    return None if filing.due_hours is None else timezone.now() + timedelta(hours=filing.due_hours)


def _stamped(event):
    event.document.stamped_form = True
    event.document.save(update_fields=["stamped_form"])


def _passed(event):
    event.document.result_date = event.data.get("result_date")
    event.document.save(update_fields=["result_date"])


def _reopened(event):
    event.document.reopened += 1
    event.document.save(update_fields=["reopened"])


UPLOADED = Decision("uploaded", Kind.APPROVE, "已上传盖章申报表", opinion_label="说明")
FORWARD = Decision("forward", Kind.APPROVE, "报送", opinion_label="报送意见")
PASS_WITH_DATE = Decision("pass", Kind.APPROVE, "通过", opinion_label="审核意见",
                          fields=lambda: {"result_date": forms.DateField(label="审核日期")})

FILING = register(Route(
    key="docapp.filing",
    label="测试备案",
    submit_perm="reviews.act",
    cancellable=True,
    reopenable=True,
    nodes=(
        Node("competent", "主管单位初审", resolve=_competent, skip=_prefecture_level, actions=(PASS, RETURN)),
        Node("stamp", "上传盖章申报表", held_by_owner=True, skip=_prefecture_level, actions=(UPLOADED,),
             dialog_title="上传盖章申报表", decision_label="办理"),
        Node("forward", "主管单位报送", resolve=_competent, skip=_prefecture_level, actions=(FORWARD, RETURN)),
        Node("authority", "人社部门终审", resolve=_authority, guard=_window, due=_authority_due,
             on_overdue=OVERDUE_CANCEL, actions=(PASS_WITH_DATE, FAIL, RETURN)),
    ),
    get_document=_filing,
    detail_url=lambda case: reverse("reviews:flow", args=[case.pk]),
    hooks={"case.approved": _passed, "case.reopened": _reopened,
           "case.forwarded": lambda event: _stamped(event) if event.step.node == "stamp" else None},
    submitter_label="培训机构",
    done_label="备案通过",
))
