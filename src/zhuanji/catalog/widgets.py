"""The one qualification picker (系列 › 专业 › 级别) every form uses.

    qualification = QualificationPickerField(label="认定专业", exclude_exam_only=True)
    scope = QualificationPickerField(label="培训范围", multiple=True)

The widget renders a plain `<select>` holding every offered qualification, grouped by 系列/专业: that is
what the form submits, and what users without JavaScript (and the browser's type-ahead search) get.
`catalog/picker.js` hides it and shows the three linked selects of `catalog/_picker.html`, whose
options htmx loads from `catalog:options`; choosing a qualification there selects it in the plain
select (several as removable chips when `multiple`).
"""

from itertools import groupby

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse

from .models import Qualification
from .selectors import qualifications_offered, series_list

EXAM_ONLY_MESSAGE = "“%(path)s”为以考代评资格，不能申报评审"


class QualificationPicker(forms.SelectMultiple):
    """Renders the picker; `allow_multiple_selected` follows the field (single or multiple)."""

    template_name = "catalog/_picker.html"

    def __init__(self, *, multiple: bool = False, exclude_exam_only: bool = False, attrs=None):
        super().__init__(attrs)
        self.allow_multiple_selected = multiple
        self.exclude_exam_only = exclude_exam_only

    def value_from_datadict(self, data, files, name):
        if self.allow_multiple_selected:
            return super().value_from_datadict(data, files, name)
        return data.get(name)

    def value_omitted_from_data(self, data, files, name):
        return False if self.allow_multiple_selected else name not in data

    def use_required_attribute(self, initial):
        # The plain select is hidden once the cascade takes over, and browsers refuse to submit a form
        # whose hidden control fails `required`; the field's own validation reports it instead.
        return False

    def optgroups(self, name, value, attrs=None):
        # The template groups the options itself (get_context); Django's grouping would query them again.
        return []

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        chosen = set(context["widget"]["value"])
        instances = [choice.instance for choice, _ in self.choices if choice]
        groups = [(f"{series}/{specialty.name}", [(q.pk, q.label, str(q.pk) in chosen) for q in items])
                  for (series, specialty), items in groupby(instances, key=lambda q: (q.specialty.series,
                                                                                        q.specialty))]
        context["picker"] = {
            "id": context["widget"]["attrs"].get("id") or f"id_{name}",
            "multiple": self.allow_multiple_selected,
            "groups": groups,
            "chosen": [q for q in instances if str(q.pk) in chosen],
            "series": series_list(exclude_exam_only=self.exclude_exam_only),
            "options_url": reverse("catalog:options"),
            "exclude_exam_only": self.exclude_exam_only,
        }
        return context


class _ExamOnlyCheck:
    """Names a 以考代评 choice in the error instead of calling it an invalid choice."""

    def _reject_exam_only(self, pks) -> None:
        if not self.exclude_exam_only:
            return
        pks = [pk for pk in pks if str(pk).isdigit()]
        blocked = qualifications_offered().filter(pk__in=pks, exam_only=True).first()
        if blocked is not None:
            raise ValidationError(EXAM_ONLY_MESSAGE, code="exam_only", params={"path": blocked.path})

    def label_from_instance(self, obj: Qualification) -> str:
        return obj.path


_MESSAGES = {"required": "请选择资格", "invalid_choice": "所选资格不存在或已停用",
             "invalid_pk_value": "所选资格不存在或已停用", "invalid_list": "请选择资格"}


class SingleQualificationField(_ExamOnlyCheck, forms.ModelChoiceField):
    def __init__(self, *, exclude_exam_only: bool = False, **kwargs):
        self.exclude_exam_only = exclude_exam_only
        kwargs.setdefault("error_messages", _MESSAGES)
        super().__init__(qualifications_offered(exclude_exam_only=exclude_exam_only),
                         widget=QualificationPicker(exclude_exam_only=exclude_exam_only), **kwargs)

    def to_python(self, value):
        if value not in self.empty_values:
            self._reject_exam_only([value])
        return super().to_python(value)


class MultipleQualificationField(_ExamOnlyCheck, forms.ModelMultipleChoiceField):
    def __init__(self, *, exclude_exam_only: bool = False, **kwargs):
        self.exclude_exam_only = exclude_exam_only
        kwargs.setdefault("error_messages", _MESSAGES)
        super().__init__(qualifications_offered(exclude_exam_only=exclude_exam_only),
                         widget=QualificationPicker(multiple=True, exclude_exam_only=exclude_exam_only), **kwargs)

    def _check_values(self, value):
        self._reject_exam_only(value)
        return super()._check_values(value)


def QualificationPickerField(*, multiple: bool = False, exclude_exam_only: bool = False, **kwargs):  # noqa: N802
    """A form field choosing one qualification (or several with `multiple`) through the picker.

    Named like a field class because forms declare it like one; `exclude_exam_only` refuses 以考代评
    qualifications (applying for evaluation). Other keyword arguments go to the Django field.
    """
    field_class = MultipleQualificationField if multiple else SingleQualificationField
    return field_class(exclude_exam_only=exclude_exam_only, **kwargs)
