from django import forms

from zhuanji.common.forms import DateInput, StyledFormMixin

from .labels import action_choices


class AuditFilterForm(StyledFormMixin, forms.Form):
    keyword = forms.CharField(label="关键字", required=False, max_length=100,
                              widget=forms.TextInput(attrs={"placeholder": "操作人、对象、IP或完整身份证号"}))
    action = forms.ChoiceField(label="操作", required=False, choices=action_choices)
    date_from = forms.DateField(label="开始日期", required=False, widget=DateInput())
    date_to = forms.DateField(label="结束日期", required=False, widget=DateInput())

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", "结束日期不能早于开始日期")
        return data
