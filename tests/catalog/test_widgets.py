import pytest
from django import forms
from django.template import Context, Template
from django.test import RequestFactory

from zhuanji.catalog.models import Qualification
from zhuanji.catalog.widgets import QualificationPickerField

pytestmark = pytest.mark.django_db


class SingleForm(forms.Form):
    qualification = QualificationPickerField(label="认定专业", exclude_exam_only=True)


class MultipleForm(forms.Form):
    scope = QualificationPickerField(label="培训范围", multiple=True)


class MultipleEvaluationForm(forms.Form):
    scope = QualificationPickerField(label="可评审专业", multiple=True, exclude_exam_only=True)


def test_single_choice_returns_the_qualification(catalog):
    form = SingleForm({"qualification": catalog.professor.pk})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["qualification"] == catalog.professor


def test_single_choice_is_required_and_refuses_unknown_and_inactive(catalog):
    assert SingleForm({}).errors["qualification"] == ["请选择资格"]
    assert SingleForm({"qualification": "999999"}).errors["qualification"] == ["所选资格不存在或已停用"]
    Qualification.objects.filter(pk=catalog.lecturer.pk).update(is_active=False)
    assert SingleForm({"qualification": catalog.lecturer.pk}).errors["qualification"] == ["所选资格不存在或已停用"]


def test_exam_only_qualification_is_refused_by_name_when_excluded(catalog):
    form = SingleForm({"qualification": catalog.attending.pk})
    assert form.errors["qualification"] == ["“卫生系列/内科学/主治医师(中级)”为以考代评资格，不能申报评审"]

    form = MultipleEvaluationForm({"scope": [catalog.professor.pk, catalog.software_engineer.pk]})
    assert "以考代评" in form.errors["scope"][0]


def test_exam_only_qualification_is_accepted_where_not_excluded(catalog):
    form = MultipleForm({"scope": [catalog.engineer.pk, catalog.software_engineer.pk]})
    assert form.is_valid(), form.errors
    assert set(form.cleaned_data["scope"]) == {catalog.engineer, catalog.software_engineer}


def test_multiple_choice_requires_one_and_refuses_unknown(catalog):
    assert MultipleForm({}).errors["scope"] == ["请选择资格"]
    assert MultipleForm({"scope": [catalog.engineer.pk, 999999]}).errors["scope"] == ["所选资格不存在或已停用"]


def render(form) -> str:
    request = RequestFactory().get("/")
    return Template("{% for f in form %}{% field f %}{% endfor %}").render(Context({"form": form, "request": request}))


def test_picker_renders_fallback_select_grouped_and_cascade(catalog, django_assert_max_num_queries):
    form = MultipleForm(initial={"scope": [catalog.professor.pk]})
    with django_assert_max_num_queries(2):
        html = render(form)
    assert '<select name="scope"' in html and "multiple" in html
    assert '<optgroup label="教师系列/高校教师">' in html
    assert f'<option value="{catalog.professor.pk}" selected>教授(正高)</option>' in html
    assert 'data-picker-series' in html and '<option value="">请选择系列</option>' in html
    assert f'data-value="{catalog.professor.pk}">教师系列/高校教师/教授(正高) <button' in html  # a removable chip
    assert 'form="id_scope-none"' in html  # cascade selects never submit with the form
    assert "catalog/picker.js" in html


def test_picker_without_exam_only_offers_neither_the_qualification_nor_an_empty_series(catalog):
    html = render(SingleForm())
    assert "主治医师" not in html
    assert "计算机技术与软件专业" not in html
    assert "exclude_exam_only" in html
    assert "multiple" not in html.split("<select", 2)[1].split(">")[0]
