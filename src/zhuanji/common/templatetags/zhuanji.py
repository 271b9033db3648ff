"""Template helpers every page uses: masking, durations, permission checks, pagination, form fields."""

from django import template
from django.utils.http import urlencode

from zhuanji.audit.masking import mask_id_number, mask_phone
from zhuanji.common.durations import format_duration

register = template.Library()

register.filter("mask_id", mask_id_number)
register.filter("mask_phone", mask_phone)
register.filter("duration", format_duration)


@register.filter
def sentence(text: str) -> str:
    """`text` ending in one full stop: "请补充签到表" and "请补充签到表。" both read "请补充签到表。"."""
    text = (text or "").rstrip()
    return text if not text or text[-1] in "。！？!?.；;" else f"{text}。"


@register.filter
def can(perms, codename: str) -> bool:
    """`{% if perms_set|can:"reviews.act" %}` against the codenames the context processor computed."""
    return codename in (perms or ())


@register.inclusion_tag("common/pagination.html", takes_context=True)
def pagination(context, page):
    request = context["request"]
    params = request.GET.copy()
    params.pop("page", None)
    return {"page": page, "query": params.urlencode(), "request": request}


@register.inclusion_tag("common/field.html")
def field(bound_field, counter: bool = False):
    """A form row: the manual's label (`*` when required), the input, the Chinese error beside it."""
    return {"field": bound_field, "counter": counter, "max_length": getattr(bound_field.field, "max_length", None)}


@register.simple_tag(takes_context=True)
def query_with(context, **kwargs):
    params = context["request"].GET.copy()
    for key, value in kwargs.items():
        params[key] = value
    return "?" + urlencode(params, doseq=True)
