"""Filters of the yearly hours pages (我的学时, 学时查询).

Kept apart from `forms.py` (the application's wizard and sections) so the two can change independently.
"""

from django import forms
from django.utils import timezone

from zhuanji.common.forms import StyledFormMixin


class AccountFilterForm(StyledFormMixin, forms.Form):
    year = forms.IntegerField(label="年度", required=False, min_value=2000, max_value=2100,
                              error_messages={"min_value": "年度不正确", "max_value": "年度不正确",
                                              "invalid": "年度不正确"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year

    def selected_year(self) -> int:
        """The chosen 年度, this year when none (or a wrong one) is given."""
        year = self.cleaned_data.get("year") if self.is_valid() else None
        return year or timezone.localdate().year


class UnitAccountFilterForm(AccountFilterForm):
    name = forms.CharField(label="姓名", required=False, max_length=50)
    id_number = forms.CharField(label="身份证号", required=False, max_length=18)

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        return {"name": data.get("name", ""), "id_number": data.get("id_number", "").upper()}
