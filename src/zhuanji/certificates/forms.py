from django import forms
from django.core.exceptions import ValidationError

from zhuanji.accounts.identifiers import clean_id_number
from zhuanji.accounts.models import User
from zhuanji.common.forms import StyledFormMixin

from .models import Certificate, CertificateKind


class VerifyForm(StyledFormMixin, forms.Form):
    number = forms.CharField(label="证书编号", max_length=24)
    name = forms.CharField(label="持证人姓名", max_length=50)


class IssuedFilterForm(StyledFormMixin, forms.Form):
    year = forms.IntegerField(label="年度", required=False, min_value=2000, max_value=2100)
    kind = forms.ChoiceField(label="证书类型", required=False, choices=[("", "全部"), *CertificateKind.choices])
    status = forms.ChoiceField(label="状态", required=False, choices=[("", "全部"), *Certificate.Status.choices])
    search = forms.CharField(label="证书编号或姓名", required=False, max_length=50)


class BulkIssueForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label="证书类型", choices=CertificateKind.choices)
    title = forms.CharField(label="批次名称", max_length=100)
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    approval_document = forms.CharField(label="批文号", max_length=100, required=False)
    series = forms.CharField(label="系列", max_length=100, required=False)
    specialty = forms.CharField(label="专业名称", max_length=100, required=False)
    qualification = forms.CharField(label="资格名称", max_length=100, required=False)
    level = forms.CharField(label="级别", max_length=20, required=False)
    qualification_path = forms.CharField(label="专业/资格", max_length=300, required=False)
    hours = forms.DecimalField(label="学时", max_digits=6, decimal_places=1, required=False, min_value=0)
    id_numbers = forms.CharField(label="持证人身份证号（每行一个）", widget=forms.Textarea(attrs={"rows": 8}))

    PRINTED = ("approval_document", "series", "specialty", "qualification", "level", "qualification_path", "hours")

    def clean_id_numbers(self):
        numbers = []
        for line in self.cleaned_data["id_numbers"].splitlines():
            if line.strip():
                numbers.append(clean_id_number(line))
        if not numbers:
            raise ValidationError("请至少填写一个身份证号")
        holders = {u.person.id_number: u for u in User.objects.filter(
            kind=User.Kind.PERSON, person__id_number__in=numbers).select_related("person")}
        missing = [n for n in numbers if n not in holders]
        if missing:
            raise ValidationError(f"以下身份证号未注册个人账号：{'、'.join(missing)}")
        return list(dict.fromkeys(holders[n] for n in numbers))

    def printed_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.PRINTED}
