"""A test-only page with two pickers (the platform's own URLs plus /picker-demo/), for the browser test."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.template import engines
from django.urls import path

from zhuanji.catalog.widgets import QualificationPickerField
from zhuanji.common.forms import StyledFormMixin
from zhuanji.urls import urlpatterns as platform_urlpatterns

PAGE = engines["django"].from_string("""{% extends "backoffice.html" %}{% block content %}
<form method="post" novalidate>{% csrf_token %}{% field form.qualification %}{% field form.scope %}
<button class="btn btn-primary" type="submit">保存</button></form>
{% for q in chosen %}<p class="chosen">{{ q.path }}</p>{% endfor %}{% endblock %}""")


class DemoForm(StyledFormMixin, forms.Form):
    qualification = QualificationPickerField(label="认定专业", exclude_exam_only=True)
    scope = QualificationPickerField(label="培训范围", multiple=True)


@login_required
def picker_demo(request):
    form = DemoForm(request.POST if request.method == "POST" else None)
    chosen = [form.cleaned_data["qualification"], *form.cleaned_data["scope"]] if form.is_valid() else []
    return HttpResponse(PAGE.render({"form": form, "chosen": chosen}, request))


urlpatterns = [*platform_urlpatterns, path("picker-demo/", picker_demo)]
