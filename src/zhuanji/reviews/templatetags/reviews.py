"""`{% load reviews %}` then `{% flow_diagram case %}`, `{% flow_log case %}`, `{% act_button case %}` on any
document's detail page: the engine's flow chart, 流程日志 and 办理 button, with what the viewer may do."""

from django import template

from zhuanji.common.durations import format_duration

from .. import selectors

register = template.Library()


@register.inclusion_tag("reviews/_flow_diagram.html")
def flow_diagram(case):
    return {"case": case, "boxes": selectors.case_diagram(case)}


@register.inclusion_tag("reviews/_flow_log.html", takes_context=True)
def flow_log(context, case, cancel=True):
    """`cancel=False` where the document's page offers its own 撤销 (with its own service)."""
    acting = context["request"].acting
    return {"case": case, "steps": selectors.case_steps(case), "request": context["request"],
            "can_withdraw": selectors.case_can_withdraw(case, acting),
            "can_act": selectors.case_can_act(case, acting),
            "can_reopen": selectors.case_can_reopen(case, acting),
            "can_cancel": cancel and selectors.case_can_cancel(case, acting)}


@register.inclusion_tag("reviews/_act_button.html", takes_context=True)
def act_button(context, case):
    request = context["request"]
    return {"case": case, "can_act": selectors.case_can_act(case, request.acting), "request": request}


@register.filter
def decision_fields(form, key):
    """The bound fields of one decision of an `ActForm` (its result, its date …)."""
    return form.decision_fields(key)


@register.simple_tag
def time_left(case):
    """剩余时间 / 已超期 of the current node's due time, as the inbox shows it ("" without one)."""
    remaining = case.remaining
    if remaining is None:
        return ""
    if remaining.total_seconds() < 0:
        return f"已超期{format_duration(-remaining)}"
    return f"剩余{format_duration(remaining)}"
