from django import forms
from django.core.exceptions import ValidationError

from zhuanji.accounts.identifiers import clean_id_number, clean_person_name
from zhuanji.accounts.models import User
from zhuanji.catalog.widgets import QualificationPickerField
from zhuanji.common.files import EVIDENCE, PHOTO, UploadRule, validate_upload
from zhuanji.common.forms import DateInput, StyledFormMixin

from .models import Certificate, CertificateKind, CorrectionItem


class VerifyForm(StyledFormMixin, forms.Form):
    number = forms.CharField(label="证书编号", max_length=24)
    name = forms.CharField(label="持证人姓名", max_length=50)


class VerifyFileForm(StyledFormMixin, forms.Form):
    """上传证书文件核验: the certificate PDF itself (read to compare, never stored), checked by the one upload rule."""

    RULE = UploadRule(("pdf",), 10)

    file = forms.FileField(label="证书文件（PDF）", help_text=f"上传平台签发的电子证书PDF文件，{RULE.hint}",
                           widget=forms.ClearableFileInput(attrs={"accept": RULE.accept}))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        validate_upload(upload, self.RULE)
        return upload


class KeyReasonForm(StyledFormMixin, forms.Form):
    """签名密钥: the reason for a rotation or a revocation (written to the audit log)."""

    reason = forms.CharField(label="原因", max_length=200)


class IssuedFilterForm(StyledFormMixin, forms.Form):
    year = forms.IntegerField(label="年度", required=False, min_value=2000, max_value=2100)
    kind = forms.ChoiceField(label="证书类型", required=False, choices=[("", "全部"), *CertificateKind.choices])
    status = forms.ChoiceField(label="状态", required=False, choices=[("", "全部"), *Certificate.Status.choices])
    search = forms.CharField(label="证书编号或姓名", required=False, max_length=50)


class BulkIssueForm(StyledFormMixin, forms.Form):
    """新增批量发证. 系列/专业/资格/级别 and 专业/资格 come from the qualification chosen in the picker."""

    kind = forms.ChoiceField(label="证书类型", choices=CertificateKind.choices)
    title = forms.CharField(label="批次名称", max_length=100)
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    approval_document = forms.CharField(label="批文号", max_length=100, required=False)
    qualification = QualificationPickerField(label="专业/资格", exclude_exam_only=True, required=False)
    hours = forms.DecimalField(label="学时", max_digits=6, decimal_places=1, required=False, min_value=0)
    id_numbers = forms.CharField(label="持证人身份证号（每行一个）", widget=forms.Textarea(attrs={"rows": 8}))

    # 公需科目 certificates name no specialty; every other kind prints the qualification.
    QUALIFICATION_OPTIONAL = frozenset({CertificateKind.CE_PUBLIC})

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if (kind and kind not in self.QUALIFICATION_OPTIONAL and not data.get("qualification")
                and "qualification" not in self.errors):
            self.add_error("qualification", ValidationError("请选择资格", code="required"))
        return data

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
        """The printed fields common to the batch, as `bulk_job_create(fields=...)` takes them."""
        data = self.cleaned_data
        fields = {"approval_document": data["approval_document"], "hours": data["hours"]}
        qualification = data.get("qualification")
        if qualification is not None:
            fields.update(series=qualification.specialty.series.name, specialty=qualification.specialty.name,
                          qualification=qualification.name, level=qualification.get_level_display(),
                          qualification_path=qualification.path)
        return fields


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented pattern); each is checked by the service."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class CertificateChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, cert):
        return f"{cert.number} {cert.get_kind_display()} {cert.qualification_path or cert.qualification}"


class LossRequestForm(StyledFormMixin, forms.Form):
    certificate = CertificateChoiceField(label="补办证书", queryset=Certificate.objects.none(), empty_label="请选择")
    reason = forms.CharField(label="补办原因", max_length=200, widget=forms.Textarea(attrs={"rows": 3}))
    evidence = MultipleFileField(label="登报声明或证明材料", help_text=EVIDENCE.hint)

    def __init__(self, *args, certificates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["certificate"].queryset = certificates

    def changes(self) -> dict:
        return {}

    def photo(self):
        return None


class CorrectionRequestForm(LossRequestForm):
    items = forms.MultipleChoiceField(label="变更项目", choices=CorrectionItem.choices,
                                      widget=forms.CheckboxSelectMultiple)
    new_name = forms.CharField(label="新姓名", max_length=50, required=False)
    new_gender = forms.ChoiceField(label="新性别", required=False, choices=[("", "请选择"), ("男", "男"), ("女", "女")])
    new_ethnicity = forms.CharField(label="新民族", max_length=20, required=False)
    new_birth_date = forms.DateField(label="新出生日期", required=False, widget=DateInput())
    new_id_number = forms.CharField(label="新身份证号", max_length=18, required=False)
    new_specialty = forms.CharField(label="新专业名称", max_length=100, required=False)
    new_photo = forms.FileField(label="新一寸免冠照片", required=False, help_text=PHOTO.hint)

    ITEM_FIELDS = {CorrectionItem.NAME: "new_name", CorrectionItem.GENDER: "new_gender",
                   CorrectionItem.ETHNICITY: "new_ethnicity", CorrectionItem.BIRTH_DATE: "new_birth_date",
                   CorrectionItem.ID_NUMBER: "new_id_number", CorrectionItem.SPECIALTY: "new_specialty",
                   CorrectionItem.PHOTO: "new_photo"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["certificate"].label = "更正证书"
        self.fields["reason"].label = "变更原因"
        self.fields["evidence"].label = "证明材料"
        self.order_fields(["certificate", "items", *self.ITEM_FIELDS.values(), "reason", "evidence"])

    def clean_new_name(self):
        value = self.cleaned_data["new_name"]
        return clean_person_name(value, label="新姓名") if value else value

    def clean(self):
        data = super().clean()
        for code in data.get("items", []):
            name = self.ITEM_FIELDS[code]
            if not data.get(name):
                self.add_error(name, f"已选择“{CorrectionItem(code).label}”，请填写新内容")
        return data

    def changes(self) -> dict:
        chosen = set(self.cleaned_data["items"]) - {CorrectionItem.PHOTO}
        return {code: str(self.cleaned_data[self.ITEM_FIELDS[code]]) for code in sorted(chosen)}

    def photo(self):
        return self.cleaned_data["new_photo"] if CorrectionItem.PHOTO in self.cleaned_data["items"] else None
