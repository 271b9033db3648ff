"""The committee's pages: 我的备案, the seven steps of a filing (评审工作事前备案流程), the 设置时间 dialogs, 上传附件,
确认无误我要提交, 删除 and 撤销.

The steps are one page each, reached back and forth through the step bar: every step's buttons post the step with a
`go` (prev / next / step-N) and the view saves what the step holds before it redirects, so a step is saved as it is
left. A filing no longer with the committee (submitted, received, cancelled) is read on its detail page instead.
"""

from itertools import groupby

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models.functions import Greatest
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from zhuanji.attachments.selectors import attachment_list
from zhuanji.common.pagination import paginate
from zhuanji.common.params import parse_id
from zhuanji.common.views import call_and_redirect, done, error_text, next_url, run_service
from zhuanji.orgs.decorators import perm_required
from zhuanji.reviews.models import Action, CaseState

from .. import selectors, services
from ..forms import AttachmentForm, BasicForm, FilingFilterForm, ItemsAddForm, ItemsRemoveForm, NoticeForm, PlanForm
from ..models import Filing
from ..routes import FILE_PERM
from ..services.filings import ATTACHMENT_RULE, ATTACHMENT_SLOTS, FILING

# 评审工作事前备案流程: the seven steps in the seed's words (1、填写基本信息 … 7、备案确认提交).
STEPS = tuple((number, section.label) for number, section in enumerate(FILING.sections, start=1))
LAST = len(STEPS)
BASIC, ITEMS, PLAN, NOTICE, USERS, ATTACHMENTS, CONFIRM = range(1, LAST + 1)


# ---- helpers ------------------------------------------------------------------------------------------------

def _own(request, pk) -> Filing:
    """The acting committee's filing, else 404 (another committee's filing is not there for them)."""
    try:
        return selectors.filing_get_own(actor=request.acting, pk=pk)
    except Filing.DoesNotExist:
        raise Http404 from None


def _step_url(filing: Filing, step: int) -> str:
    return reverse("filings:step", args=[filing.pk, step])


def _target(go: str, step: int) -> int:
    """Where a step's button leads: 上一步, 下一步 (the default) or a step of the step bar."""
    if go == "prev":
        return max(step - 1, 1)
    if go.startswith("step-") and (number := parse_id(go[5:])) is not None:
        return min(max(number, 1), LAST)
    return min(step + 1, LAST)


def _series_groups(rows, qualification_of) -> list[dict]:
    """Rows in catalog order as 系列 › 专业 › rows: [{"series", "specialties": [{"specialty", "rows"}]}]."""
    groups = []
    for series, in_series in groupby(rows, key=lambda r: qualification_of(r).specialty.series):
        specialties = [{"specialty": specialty, "rows": list(in_specialty)}
                       for specialty, in_specialty in groupby(in_series, key=lambda r: qualification_of(r).specialty)]
        groups.append({"series": series, "specialties": specialties})
    return groups


def _return_opinion(filing: Filing) -> str:
    """The office's 办理意见 of the latest 退回, while the filing is back with the committee."""
    if filing.case.state != CaseState.RETURNED:
        return ""
    step = filing.case.steps.filter(action=Action.RETURN).order_by("-seq").first()
    return step.opinion if step else ""


def _unmet_by_step(filing: Filing) -> list[dict]:
    """Every unmet condition of the filing, grouped by the step that fixes it."""
    groups = []
    for number, section in enumerate(FILING.sections, start=1):
        found = FILING.errors(section.key, filing)
        if found:
            groups.append({"number": number, "label": section.label, "messages": found})
    return groups


def _read_only(request, filing: Filing):
    """Not with the committee any more: its detail page (a dialog's request follows HX-Redirect)."""
    return done(request, reverse("filings:detail", args=[filing.pk]))


# ---- 我的备案 -----------------------------------------------------------------------------------------------

@perm_required(FILE_PERM)
def filing_list(request):
    years = selectors.filing_list_own(actor=request.acting).order_by().values_list("year", flat=True).distinct()
    form = FilingFilterForm(request.GET or None, years=years)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = selectors.filing_list_own(actor=request.acting, title=filters.get("title", ""), year=filters.get("year"),
                                   state=filters.get("state", ""))
    # 办理时间: the later of the last edit and the case's last move (submitted, returned, received).
    qs = qs.annotate(handled_at=Greatest("updated_at", "case__updated_at"))
    return render(request, "filings/list.html", {"form": form, "page": paginate(request, qs)})


# ---- the seven steps ------------------------------------------------------------------------------------------

def _render(request, filing: Filing | None, step: int, *, form=None, upload_form=None, status=200):
    context = {"filing": filing, "steps": STEPS, "step": step, "last": LAST, "form": form,
               "return_opinion": _return_opinion(filing) if filing is not None else ""}
    if step == ITEMS:
        items = list(selectors.filing_items(filing))
        chosen = {item.qualification_id for item in items}
        candidates = [q for q in selectors.filing_candidates(filing) if q.pk not in chosen]
        context.update(chosen=_series_groups(items, lambda item: item.qualification),
                       candidates=_series_groups(candidates, lambda q: q))
    elif step in (PLAN, CONFIRM):
        context["plan"] = selectors.filing_plan(filing)
    if step == USERS:
        context["members"] = list(selectors.committee_members(filing.committee))
    if step in (ATTACHMENTS, CONFIRM):
        files = list(attachment_list(filing))
        bound_slot = upload_form.data.get("slot") if upload_form is not None else None
        context["slots"] = [{
            "slot": slot, "files": [f for f in files if f.slot == slot.slot],
            "form": upload_form if bound_slot == slot.slot else AttachmentForm(slot=slot.slot),
        } for slot in ATTACHMENT_SLOTS]
        context["rule"] = ATTACHMENT_RULE
    if step == CONFIRM:
        context["unmet"] = _unmet_by_step(filing)
    return render(request, "filings/wizard.html", context, status=status)


@perm_required(FILE_PERM)
@require_http_methods(["GET", "POST"])
def filing_new(request):
    """新增【评审工作事前】备案: step ① before the filing exists; 下一步 creates it."""
    committee = selectors.own_committee_for_filing(request.acting)
    if committee is None:
        raise PermissionDenied("只有评审委员会可以新增评审工作事前备案")
    profile = getattr(committee, "committee_profile", None)
    initial = {"committee_name": committee.name, "location": profile.location if profile is not None else "",
               "year": timezone.localdate().year}
    form = BasicForm(request.POST or None, committee=committee, initial=initial)
    if request.method == "POST" and form.is_valid():
        filing = run_service(form, services.filing_create, actor=request.acting, **form.cleaned_data)
        if filing is not None:
            messages.success(request, f"备案已保存，流水号：{filing.number}")
            target = _target(request.POST.get("go", "next"), BASIC)
            return redirect(_step_url(filing, target))
    return _render(request, None, BASIC, form=form)


@perm_required(FILE_PERM)
@require_http_methods(["GET", "POST"])
def filing_step(request, pk, step):
    filing = _own(request, pk)
    if not 1 <= step <= LAST:
        raise Http404
    if not filing.case.is_editable:
        return redirect("filings:detail", pk=filing.pk)
    if request.method == "GET":
        if request.GET.get("resume"):  # 编辑 in 我的备案: the first step not complete yet
            first = FILING.first_incomplete(filing)
            return redirect(_step_url(filing, FILING.sections.index(first) + 1 if first is not None else BASIC))
        form = None
        if step == BASIC:
            form = BasicForm(committee=filing.committee, filing=filing, initial=BasicForm.initial_for(filing))
        elif step == NOTICE:
            form = NoticeForm(initial=NoticeForm.initial_for(filing))
        return _render(request, filing, step, form=form)

    go = request.POST.get("go", "next")
    if step == BASIC:
        form = BasicForm(request.POST, committee=filing.committee, filing=filing)
        if not (form.is_valid() and (not form.changed_from(filing) or run_service(
                form, services.filing_update, actor=request.acting, filing=filing, **form.cleaned_data))):
            return _render(request, filing, step, form=form)
    elif step == ITEMS and request.POST.get("op") in ("add", "remove"):
        return _items_change(request, filing, request.POST["op"])
    elif step == NOTICE and not (go != "next" and NoticeForm.is_blank(request.POST)):
        # Left untouched towards another step it stays unfilled; 下一步 asks for it (以下信息全部必填).
        form = NoticeForm(request.POST)
        if not (form.is_valid() and (not form.changed_from(filing) or run_service(
                form, services.filing_notice_update, actor=request.acting, filing=filing, **form.cleaned_data))):
            return _render(request, filing, step, form=form)
    return redirect(_step_url(filing, _target(go, step)))


def _items_change(request, filing: Filing, op: str):
    """② 添加选中资格 / 删除选中资格, then back to step ②."""
    if op == "add":
        form = ItemsAddForm(request.POST)
        service, kwargs = services.filing_items_add, lambda data: {"qualifications": data["qualifications"]}
    else:
        form = ItemsRemoveForm(request.POST, filing=filing)
        service, kwargs = services.filing_items_remove, lambda data: {"item_ids": [i.pk for i in data["items"]]}
    if form.is_valid():
        try:
            service(actor=request.acting, filing=filing, **kwargs(form.cleaned_data))
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, "已添加选中资格" if op == "add" else "已删除选中资格")
    else:
        messages.error(request, "；".join(m for errors in form.errors.values() for m in errors))
    return redirect(_step_url(filing, ITEMS))


# ---- ③ 设置时间 dialogs ----------------------------------------------------------------------------------------

def _plan_dialog(request, filing: Filing, form, *, heading: str, action: str):
    template = "filings/_plan_form.html" if request.htmx else "filings/step_plan.html"
    return render(request, template, {"filing": filing, "form": form, "heading": heading, "action": action,
                                      "back": _step_url(filing, PLAN)})


def _plan_saved(request, filing: Filing, message: str):
    messages.success(request, message)
    return done(request, _step_url(filing, PLAN))


@perm_required(FILE_PERM)
@require_http_methods(["GET", "POST"])
def filing_item_plan(request, pk, item_pk):
    """设置时间: 申报开始时间, 申报截止时间, 上会时间, 批文时间 of one qualification."""
    filing = _own(request, pk)
    if not filing.case.is_editable:
        return _read_only(request, filing)
    item = selectors.filing_items(filing).filter(pk=item_pk).first()
    if item is None:
        raise Http404
    q = item.qualification
    path = f"{q.specialty.series.name}/{q.specialty.name}/{q.name}"
    form = PlanForm(request.POST or None, initial=PlanForm.initial_for(item))
    if request.method == "POST" and form.is_valid() and run_service(
            form, services.filing_plan_item, actor=request.acting, filing=filing, item_id=item.pk,
            **form.cleaned_data) is not None:
        return _plan_saved(request, filing, f"已设置【{path}】时间")
    return _plan_dialog(request, filing, form, heading=f"设置【{path}】时间",
                        action=reverse("filings:item_plan", args=[filing.pk, item.pk]))


@perm_required(FILE_PERM)
@require_http_methods(["GET", "POST"])
def filing_plan_all(request, pk):
    """批量设置所有资格计划时间."""
    filing = _own(request, pk)
    if not filing.case.is_editable:
        return _read_only(request, filing)
    form = PlanForm(request.POST or None, initial=PlanForm.initial_for(selectors.filing_items(filing).first()))
    if request.method == "POST" and form.is_valid():
        count = run_service(form, services.filing_plan_all, actor=request.acting, filing=filing, **form.cleaned_data)
        if count is not None:
            return _plan_saved(request, filing, f"已设置全部{count}个资格的计划时间")
    return _plan_dialog(request, filing, form, heading="批量设置所有资格计划时间",
                        action=reverse("filings:plan_all", args=[filing.pk]))


# ---- ⑥ 上传附件 ------------------------------------------------------------------------------------------------

@perm_required(FILE_PERM)
@require_POST
def filing_attachment_upload(request, pk):
    filing = _own(request, pk)
    if not filing.case.is_editable:
        messages.error(request, "备案已提交，不能再上传附件")
        return redirect("filings:detail", pk=filing.pk)
    slot = request.POST.get("slot", "")
    form = AttachmentForm(request.POST, request.FILES, slot=slot if slot.isidentifier() else "upload")
    if form.is_valid():
        attachment = run_service(form, services.filing_attachment_add, actor=request.acting, filing=filing,
                                 slot=form.cleaned_data["slot"], upload=form.cleaned_data["upload"])
        if attachment is not None:
            messages.success(request, f"已上传 {attachment.original_name}")
            return redirect(_step_url(filing, ATTACHMENTS))
    if "slot" in form.errors:  # not one of the slots: said on top of the page
        messages.error(request, "；".join(form.errors["slot"]))
        return redirect(_step_url(filing, ATTACHMENTS))
    return _render(request, filing, ATTACHMENTS, upload_form=form)


@perm_required(FILE_PERM)
@require_POST
def filing_attachment_delete(request, pk, attachment_pk):
    filing = _own(request, pk)
    attachment = attachment_list(filing).filter(pk=attachment_pk).first()
    if attachment is None:
        raise Http404
    try:
        services.filing_attachment_delete(actor=request.acting, filing=filing, attachment=attachment)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
        return redirect("filings:detail", pk=filing.pk)
    messages.success(request, f"已删除 {attachment.original_name}")
    return redirect(_step_url(filing, ATTACHMENTS))


# ---- ⑦ 确认无误我要提交, 删除, 撤销 ------------------------------------------------------------------------------

@perm_required(FILE_PERM)
@require_POST
def filing_submit(request, pk):
    filing = _own(request, pk)
    try:
        submitted = services.filing_submit(actor=request.acting, filing=filing)
    except ValidationError as exc:
        unmet = [e for e in exc.error_list if e.code == "unmet"] if not hasattr(exc, "error_dict") else []
        # Every unmet condition is listed on 7、备案确认提交, where this leads.
        messages.error(request, f"暂不能提交，尚有{len(unmet)}项条件未满足，请按提示修改" if unmet else error_text(exc))
        if filing.case.is_editable:
            return redirect(_step_url(filing, CONFIRM))
        return redirect("filings:detail", pk=filing.pk)
    messages.success(request, f"备案已提交（流水号：{submitted.number}），请等待{submitted.case.node_label}审核")
    return redirect("filings:detail", pk=filing.pk)


def _list_action(request, pk, service, success: str):
    """删除 / 撤销 (from 我的备案, or 撤销 from the detail page, which sends `next`): the service's refusal or `success`
    (with the 流水号) on top of the page it leads back to."""
    filing = _own(request, pk)
    return call_and_redirect(request, next_url(request, "filings:list"), service,
                             success.format(number=filing.number), actor=request.acting, filing=filing)


@perm_required(FILE_PERM)
@require_POST
def filing_delete(request, pk):
    return _list_action(request, pk, services.filing_delete, "已删除备案（流水号：{number}）")


@perm_required(FILE_PERM)
@require_POST
def filing_cancel(request, pk):
    return _list_action(request, pk, services.filing_cancel, "已撤销备案（流水号：{number}），流程日志仍可在详情中查看")
