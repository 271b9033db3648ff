"""`{% load reviews %}` then `{% flow_diagram case %}`, `{% flow_log case %}`, `{% act_button case %}` on any
document's detail page: the engine's flow chart, 流程日志 and 办理 button, with what the viewer may do."""

from django import template

from .. import selectors

register = template.Library()


@register.inclusion_tag("reviews/_flow_diagram.html")
def flow_diagram(case):
    return {"case": case, "boxes": selectors.case_diagram(case)}


@register.inclusion_tag("reviews/_flow_log.html", takes_context=True)
def flow_log(context, case):
    user = context["request"].user
    return {"case": case, "steps": selectors.case_steps(case), "request": context["request"],
            "can_withdraw": selectors.case_can_withdraw(case, user), "can_act": selectors.case_can_act(case, user)}


@register.inclusion_tag("reviews/_act_button.html", takes_context=True)
def act_button(context, case):
    request = context["request"]
    return {"case": case, "can_act": selectors.case_can_act(case, request.user), "request": request}
