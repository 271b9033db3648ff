"""`UnitPickerField`: the one way any form picks a 工作单位, through the 选择工作单位 search dialog."""

from django import forms
from django.urls import reverse

from zhuanji.common.params import parse_id

from .models import Organisation, OrgKind


class UnitPickerWidget(forms.Widget):
    """A hidden input with the unit's id, a read-only display of its name and a button opening the dialog."""

    template_name = "orgs/_unit_picker.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        unit, pk = None, parse_id(value)  # the submitted value, when the form comes back with errors
        if pk is not None:
            unit = Organisation.objects.filter(pk=pk).only("name", "code").first()
        context["widget"].update({
            "unit": unit,
            "search_url": reverse("orgs:unit_search"),
        })
        return context


class UnitPickerField(forms.ModelChoiceField):
    widget = UnitPickerWidget
    default_error_messages = {
        "invalid_choice": "请通过“选择工作单位”选择已注册的基层单位",
        "required": "请选择工作单位",
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("label", "工作单位")
        kwargs.setdefault("queryset", Organisation.objects.filter(kind=OrgKind.UNIT, is_active=True))
        super().__init__(**kwargs)
