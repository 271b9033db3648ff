"""The applicant's pages: 学员申请 list, the 12-section editor, items and 佐证材料 dialogs, submit, delete."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from zhuanji.common.files import EVIDENCE
from zhuanji.common.pagination import paginate
from zhuanji.common.params import parse_id
from zhuanji.common.views import call_and_redirect, done, error_text, run_service
from zhuanji.orgs.decorators import perm_required

from .. import selectors
from ..config import BY_KEY, CATEGORIES, FIRST_CATEGORY_SECTION, POLICY_DOCUMENTS
from ..forms import ApplicantFilterForm, EvidenceForm, ItemForm
from ..services import (
    application_delete,
    application_submit,
    evidence_add,
    evidence_delete,
    evidence_replace,
    item_create,
    item_delete,
    item_update,
)
from ..services.applications import APPLICATION

SUBMIT_SECTION = FIRST_CATEGORY_SECTION + len(CATEGORIES)  # 12、提交审核


def sections() -> list[tuple[int, str]]:
    """The 12 sections in the seed's order and numbering."""
    return [(1, "基本信息"), (2, "请学习相关文件"),
            *[(FIRST_CATEGORY_SECTION + i, c.label) for i, c in enumerate(CATEGORIES)],
            (SUBMIT_SECTION, "提交审核")]


def _category_of(section: int):
    index = section - FIRST_CATEGORY_SECTION
    return CATEGORIES[index] if 0 <= index < len(CATEGORIES) else None


@perm_required("hours.apply")
def application_list(request):
    form = ApplicantFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = selectors.application_list_for_applicant(user=request.user, year=filters.get("year"),
                                                  name=filters.get("name", ""), state=filters.get("state", ""))
    return render(request, "hours/list.html", {"form": form, "page": paginate(request, qs)})


def _edit_url(application, section: int) -> str:
    return f"{reverse('hours:edit', args=[application.pk])}?s={section}"


@perm_required("hours.apply")
def application_edit(request, pk):
    application = selectors.application_get_for_applicant(user=request.user, pk=pk)
    if not application.case.is_editable:
        return redirect("hours:detail", pk=pk)
    section = min(max(parse_id(request.GET.get("s")) or 1, 1), SUBMIT_SECTION)
    summary, total = selectors.hours_summary(application)
    threshold = selectors.submission_threshold(application.year)
    category = _category_of(section)
    items = None
    if category is not None:
        items = application.items.filter(category=category.key).prefetch_related("evidence")
    unmet = APPLICATION.unmet_conditions(application) if section == SUBMIT_SECTION else []
    return render(request, "hours/edit.html", {
        "application": application, "sections": sections(), "section": section, "category": category,
        "items": items, "summary": summary, "total": total, "threshold": threshold, "unmet": unmet,
        "can_submit": threshold is not None and total >= threshold and not unmet, "policies": POLICY_DOCUMENTS,
        "submit_section": SUBMIT_SECTION,
        "return_opinion": selectors.return_opinion(application),
    })


@perm_required("hours.apply")
@require_POST
def application_submit_view(request, pk):
    application = selectors.application_get_for_applicant(user=request.user, pk=pk)
    try:
        application_submit(actor=request.user, application=application)
    except ValidationError as exc:
        unmet = [e for e in exc.error_list if e.code == "unmet"] if not hasattr(exc, "error_dict") else []
        # Every unmet condition is listed above the button of 12、提交审核, where this leads.
        messages.error(request, f"暂不能提交审核，尚有{len(unmet)}项条件未满足" if unmet else error_text(exc))
        return redirect(_edit_url(application, SUBMIT_SECTION))
    messages.success(request, "已提交审核，请等待单位审核")
    return redirect("hours:list")


@perm_required("hours.apply")
@require_POST
def application_delete_view(request, pk):
    application = selectors.application_get_for_applicant(user=request.user, pk=pk)
    return call_and_redirect(request, "hours:list", application_delete, f"已删除申请 {application.number}",
                             actor=request.user, application=application)


def _section_of(category_key: str) -> int:
    return FIRST_CATEGORY_SECTION + [c.key for c in CATEGORIES].index(category_key)


def _evidence_step(request, item, form=None, status=200):
    return render(request, "hours/_evidence_step.html", {
        "item": item, "category": BY_KEY[item.category], "evidence": item.evidence.all(),
        "form": form, "rule": EVIDENCE, "close_url": _edit_url(item.application, _section_of(item.category)),
    }, status=status)


@perm_required("hours.apply")
@require_http_methods(["GET", "POST"])
def item_new(request, pk, category):
    application = selectors.application_get_for_applicant(user=request.user, pk=pk)
    if category not in BY_KEY:
        raise Http404
    form = ItemForm(request.POST or None, category=BY_KEY[category])
    if request.method == "POST" and form.is_valid():
        item = run_service(form, item_create, actor=request.user, application=application, category=category,
                           **form.cleaned_data)
        if item is not None:
            return _evidence_step(request, item)
    return render(request, "hours/_item_form.html", {
        "form": form, "category": BY_KEY[category], "application": application,
        "action": reverse("hours:item_new", args=[pk, category]),
        "close_url": _edit_url(application, _section_of(category))})


@perm_required("hours.apply")
@require_http_methods(["GET", "POST"])
def item_edit(request, pk):
    item = selectors.item_get_for_applicant(user=request.user, pk=pk)
    category = BY_KEY[item.category]
    form = ItemForm(request.POST or None, instance=item if request.method == "GET" else None, category=category)
    if request.method == "POST" and form.is_valid() and run_service(
            form, item_update, actor=request.user, item=item, **form.cleaned_data) is not None:
        return _evidence_step(request, item)
    return render(request, "hours/_item_form.html", {
        "form": form, "category": category, "application": item.application, "item": item,
        "action": reverse("hours:item_edit", args=[pk]),
        "close_url": _edit_url(item.application, _section_of(item.category))})


@perm_required("hours.apply")
def item_evidence(request, pk):
    """② 上传佐证材料 of an item: its files, and the upload form when asked for."""
    item = selectors.item_get_for_applicant(user=request.user, pk=pk)
    return _evidence_step(request, item, form=EvidenceForm(initial={"seq": item.evidence.count() + 1})
                          if request.GET.get("upload") else None)


@perm_required("hours.apply")
@require_POST
def item_delete_view(request, pk):
    item = selectors.item_get_for_applicant(user=request.user, pk=pk)
    url = _edit_url(item.application, _section_of(item.category))
    try:
        item_delete(actor=request.user, item=item)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    return done(request, url)


@perm_required("hours.apply")
@require_POST
def evidence_new(request, pk):
    item = selectors.item_get_for_applicant(user=request.user, pk=pk)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid() and run_service(form, evidence_add, actor=request.user, item=item,
                                       seq=form.cleaned_data["seq"], upload=form.cleaned_data["upload"]):
        return _evidence_step(request, item)
    return _evidence_step(request, item, form=form)


@perm_required("hours.apply")
@require_http_methods(["GET", "POST"])
def evidence_edit(request, pk):
    """修改: a new 顺序号 and/or a replacement file."""
    evidence = selectors.evidence_get_for_applicant(user=request.user, pk=pk)
    item = evidence.owner
    form = EvidenceForm(request.POST or None, request.FILES or None, replacing=True,
                        initial={"seq": evidence.seq})
    if request.method == "POST" and form.is_valid() and run_service(
            form, evidence_replace, actor=request.user, evidence=evidence, seq=form.cleaned_data["seq"],
            upload=form.cleaned_data.get("upload")):
        return _evidence_step(request, item)
    return render(request, "hours/_evidence_form.html", {"form": form, "evidence": evidence, "item": item,
                                                         "rule": EVIDENCE})


@perm_required("hours.apply")
@require_POST
def evidence_delete_view(request, pk):
    evidence = selectors.evidence_get_for_applicant(user=request.user, pk=pk)
    item = evidence.owner
    try:
        evidence_delete(actor=request.user, evidence=evidence)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    return _evidence_step(request, item)
