"""Reviewer pages of the engine: 我的待办 (with 我要收回 and batch actions), 审核查询, the 办理 dialog."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from zhuanji.common.pagination import paginate
from zhuanji.common.params import parse_id, parse_ids
from zhuanji.common.views import done, error_text, next_url
from zhuanji.orgs.decorators import perm_required

from . import selectors, services
from .access import review_perms
from .forms import ERROR_FIELDS, ActForm, BatchForm, CaseFilterForm
from .models import CaseState
from .routes import Kind, get_route


def _filters(request) -> tuple[CaseFilterForm, dict]:
    form = CaseFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    return form, {"q": data.get("q") or "", "route_key": data.get("route") or None, "year": data.get("year")}


@perm_required(review_perms)
@require_GET
def inbox(request):
    """我的待办: everything now waiting for the user's organisations, across all routes (tab 我要收回)."""
    form, filters = _filters(request)
    tab = "withdraw" if request.GET.get("tab") == "withdraw" else "review"
    selector = selectors.case_withdrawable if tab == "withdraw" else selectors.case_queue
    extra = {"year": filters["year"]} if filters["year"] else {}
    cases = selector(user=request.acting, route_key=filters["route_key"], q=filters["q"], **extra)
    page = paginate(request, cases)
    return render(request, "reviews/inbox.html", {"page": page, "form": form, "tab": tab})


@perm_required("reviews.query")
@require_GET
def query(request):
    """审核查询: all of a year's cases that reached the user's organisations, at any stage."""
    form, filters = _filters(request)
    year = filters["year"] or timezone.localdate().year
    cases = selectors.case_query(user=request.acting, year=year, route_key=filters["route_key"], q=filters["q"])
    return render(request, "reviews/query.html", {"page": paginate(request, cases), "form": form, "year": year})


@login_required
@require_GET
def case(request, pk: int):
    """A case's own page is its document's reviewer detail page; the engine only knows how to get there."""
    found = selectors.case_get_for_reviewer(user=request.acting, pk=pk)
    return redirect(get_route(found.route).detail_url(found))


@login_required
@require_GET
def flow(request, pk: int):
    """操作流程: the flow diagram and the 流程日志 of one case."""
    found = selectors.case_get_for_reviewer(user=request.acting, pk=pk)
    template = "reviews/_flow.html" if request.htmx else "reviews/flow.html"
    return render(request, template, {"case": found})


def _act_form(case, data=None):
    node = get_route(case.route).node(case.node)
    return ActForm(data, decisions=node.actions, decision_label=node.decision_label,
                   candidates=selectors.case_next_candidates(case), initial={"version": case.version})


def _render_act(request, case, form, status=200):
    template = "reviews/_act_form.html" if request.htmx else "reviews/act.html"
    node = get_route(case.route).node(case.node)
    return render(request, template, {"case": case, "form": form, "node": node, "next": next_url(request, "")},
                  status=status)


def _gone(request, case):
    """A stale or second 办理 dialog: a reviewer whose case has moved on is told what happened (in the dialog)."""
    if case.state == CaseState.PENDING:
        message = f"该申请已不在您单位的待办中（当前节点：{case.node_label}），请刷新页面。"
    else:
        message = f"该申请已办理，当前状态为“{case.get_state_display()}”，无需再办理。"
    template = "reviews/_act_gone.html" if request.htmx else "reviews/act_gone.html"
    return render(request, template, {"case": case, "message": message}, status=200 if request.htmx else 409)


def _actionable(request, pk: int):
    """The case and None when the acting organisation may act on it now; else the response saying why not."""
    found = selectors.case_get_for_reviewer(user=request.acting, pk=pk)
    if selectors.case_can_act(found, request.acting):
        return found, None
    if selectors.case_reached(found, request.acting):
        return found, _gone(request, found)
    raise PermissionDenied("该申请当前不在您的单位，不能办理")


@login_required
@require_GET
def act_form(request, pk: int):
    """The 办理 dialog (信息审核)."""
    found, refusal = _actionable(request, pk)
    return refusal or _render_act(request, found, _act_form(found))


@login_required
@require_POST
def act(request, pk: int):
    found, refusal = _actionable(request, pk)
    if refusal:
        return refusal
    form = _act_form(found, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.case_act(case=found, actor=request.acting, decision=data["decision"], opinion=data["opinion"],
                              next_org=data.get("next_org"), data=data["data"], expected_version=data["version"])
        except ValidationError as exc:
            form.add_error(ERROR_FIELDS.get(exc.error_list[0].code), exc.messages[0])
        else:
            messages.success(request, f"{found.number} 已{form.decisions[data['decision']].label}")
            return done(request, next_url(request, reverse("reviews:inbox")))
    return _render_act(request, found, form)


@login_required
@require_POST
def withdraw(request, pk: int):
    """收回: by the organisation that forwarded the case (or the owner, from the first node)."""
    _transition(request, pk, services.case_withdraw, "已收回")
    return done(request, next_url(request, reverse("reviews:inbox") + "?tab=withdraw"))


def _version(request) -> int | None:
    return parse_id(request.POST.get("version", ""))


def _transition(request, pk: int, service, done_text: str, **kwargs):
    """收回 / 撤销 / 重新打开 from the flow log: the service decides who may; its refusal is shown."""
    found = selectors.case_get_for_reviewer(user=request.acting, pk=pk)
    try:
        service(case=found, actor=request.acting, expected_version=_version(request), **kwargs)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, f"{found.number} {done_text}")
    return found


@login_required
@require_POST
def cancel(request, pk: int):
    """撤销: by the owner while the document is with them, where the route allows it."""
    _transition(request, pk, services.case_cancel, "已撤销")
    return done(request, next_url(request, reverse("portal:home")))


@login_required
@require_POST
def reopen(request, pk: int):
    """重新打开: the organisation that approved last sends the case back to its owner, with its reasons."""
    _transition(request, pk, services.case_reopen, "已重新打开，退回修改", opinion=request.POST.get("opinion", ""))
    return done(request, next_url(request, reverse("reviews:query")))


@perm_required(review_perms)
@require_POST
def batch(request):
    """批量提交所选 / 批量退回所选: only cases in the acting organisation's queue are touched; each reports its
    own result. When forwarding needs 选择提交单位, the choice among the cases' common candidates is asked first."""
    back = next_url(request, reverse("reviews:inbox"))
    form = BatchForm(request.POST)
    ids = parse_ids(request.POST.getlist("ids"))
    if not form.is_valid() or not ids:
        messages.error(request, "请先勾选要办理的申请" if not ids else "请选择批量操作")
        return done(request, back)
    data = form.cleaned_data
    cases = list(selectors.case_queue(user=request.acting).filter(pk__in=ids))
    if data["action"] == Kind.APPROVE and data["next_org"] is None:
        candidates = selectors.batch_candidates(cases)
        if candidates is not None:
            return render(request, "reviews/batch_choose.html", {
                "cases": cases, "candidates": candidates, "opinion": data["opinion"], "next": back})
    # The words of the decision each node takes (接收材料, 通过 …; the engine's `case_batch` takes the same one),
    # so the message says what was done to the cases it was done to.
    words = {}
    for c in cases:
        decision = get_route(c.route).node(c.node).first_of_kind(data["action"])
        words[c.pk] = decision.label if decision else "办理"
    results = services.case_batch(cases=cases, action=data["action"], actor=request.acting,
                                  opinion=data["opinion"], next_org=data["next_org"])
    succeeded = {words[found.pk] for found, error in results if error is None}
    count = sum(1 for _, error in results if error is None)
    if count:
        messages.success(request, f"已批量{succeeded.pop() if len(succeeded) == 1 else '办理'}{count}条")
    for found, error in results:
        if error:
            messages.error(request, f"{found.number}：{error}")
    skipped = len(ids) - len(cases)
    if skipped:
        messages.warning(request, f"{skipped}条申请已不在您的待办中，未办理")
    return done(request, back)
