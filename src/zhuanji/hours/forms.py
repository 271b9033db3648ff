from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from zhuanji.catalog.widgets import QualificationPickerField
from zhuanji.common.files import EVIDENCE
from zhuanji.common.forms import DateInput, StyledFormMixin
from zhuanji.common.sections import Document, Section
from zhuanji.orgs.models import Region
from zhuanji.orgs.widgets import UnitPickerField
from zhuanji.reviews.models import CaseState

from .config import EVIDENCE_KIND, MAX_ITEM_HOURS, Category
from .models import Item
from .selectors import ReviewFilter, application_areas, contact_hint, recognizers_for
from .services.applications import validate_level, validate_not_duplicate


class MyInfoForm(StyledFormMixin, forms.Form):
    """① 我的信息: 申报区域 and 工作单位 (name and ID come from the account)."""

    area = forms.ModelChoiceField(label="申报区域", queryset=Region.objects.none(), empty_label="请选择申报区域",
                                  error_messages={"required": "请选择申报区域"})
    work_unit = UnitPickerField(
        help_text="可输入单位名称关键字或单位职称编码查找。列表中没有您的工作单位时，请通知单位管理员在平台申请注册，"
                  "审核通过后再查找。")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = application_areas()


class SpecialtyForm(StyledFormMixin, forms.Form):
    """② 选择认定专业 (系列 › 专业 › 资格)."""

    qualification = QualificationPickerField(
        label="选择认定专业", error_messages={"required": "请选择认定专业", "invalid_choice": "所选专业不存在或已停用",
                                            "invalid_pk_value": "所选专业不存在或已停用"})


def _messages(check, **kwargs) -> list[str]:
    try:
        check(**kwargs)
    except ValidationError as exc:
        return exc.messages
    return []


def _specialty_rules(draft) -> list[str]:
    """② on its own: the level the 申报区域 recognises, and one application per year and specialty."""
    info, chosen = WIZARD.cleaned(draft, "info"), WIZARD.cleaned(draft, "specialty")
    qualification = chosen["qualification"]
    level = _messages(validate_level, area=info["area"], qualification=qualification) if info else []
    return level + _messages(validate_not_duplicate, actor=draft.owner, year=timezone.localdate().year,
                             qualification=qualification)


def _recognizer_rules(draft) -> list[str]:
    """③: someone must be configured to recognise the chosen series in the chosen area."""
    info, chosen = WIZARD.cleaned(draft, "info"), WIZARD.cleaned(draft, "specialty")
    if not (info and chosen) or recognizers_for(area=info["area"], qualification=chosen["qualification"]).exists():
        return []  # nothing to look up until ① and ② are filled in (they say so themselves)
    return [contact_hint(info["area"])]


# 学时认定填报引导: each step saved in the person's draft as it is left; the application is made at 完成.
WIZARD = Document("hours.wizard", (
    Section("info", "我的信息", form=MyInfoForm),
    Section("specialty", "选择认定专业", form=SpecialtyForm, validate=_specialty_rules),
    Section("recognizer", "认定单位", validate=_recognizer_rules),
))


class ItemForm(StyledFormMixin, forms.ModelForm):
    """One item of a category, labelled the way that category's dialog is (项目标题 / 标题 / 专利名称 …)."""

    class Meta:
        model = Item
        fields = ("title", "organiser", "item_type", "reference", "start_date", "end_date", "hours")
        widgets = {"start_date": DateInput(), "end_date": DateInput(),
                   "hours": forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 3})}

    def __init__(self, *args, category: Category, **kwargs):
        super().__init__(*args, **kwargs)
        self.category = category
        labels = {"title": category.title_label, "organiser": category.organiser_label,
                  "item_type": category.type_label, "reference": category.reference_label,
                  "start_date": category.start_label, "end_date": category.end_label}
        for name, label in labels.items():
            self.fields[name].label = label
        self.fields["item_type"] = forms.ChoiceField(
            label=category.type_label, choices=[("", f"请选择{category.type_label}"), *category.type_choices],
            error_messages={"required": f"请选择{category.type_label}"})
        self.fields["hours"] = forms.IntegerField(
            label="申请学时", min_value=1, max_value=MAX_ITEM_HOURS, widget=self.fields["hours"].widget,
            error_messages={"max_value": "申请学时最多为3位数", "min_value": "申请学时至少为1",
                            "invalid": "申请学时必须是整数", "required": "请填写申请学时"})
        self.fields["hours"].max_length = 3  # drives the 0/3 counter
        if not category.reference_label:
            del self.fields["reference"]
        for name, field in self.fields.items():
            if field.required and name not in ("item_type", "hours"):
                field.error_messages["required"] = f"请填写{field.label}"
        # These two were replaced after the mixin styled the originals.
        self.fields["item_type"].widget.attrs["class"] = "form-select"
        self.fields["hours"].widget.attrs["class"] = "form-control"

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and start > end:
            self.add_error("end_date", f"{self.category.end_label}不能早于{self.category.start_label}")
        return data

    def _post_clean(self):
        # The service validates the model (it owns the rules); the form only checks what users typed.
        pass


class EvidenceForm(StyledFormMixin, forms.Form):
    seq = forms.IntegerField(label="顺序号", min_value=1, max_value=999, initial=1,
                             error_messages={"required": "请填写顺序号", "min_value": "顺序号至少为1"})
    kind = forms.ChoiceField(label="附件类型", choices=[(EVIDENCE_KIND, EVIDENCE_KIND)], initial=EVIDENCE_KIND)
    upload = forms.FileField(label="上传附件", help_text=EVIDENCE.hint,
                             widget=forms.ClearableFileInput(attrs={"accept": EVIDENCE.accept}),
                             error_messages={"required": "请选择要上传的文件"})

    def __init__(self, *args, replacing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if replacing:
            self.fields["upload"].required = False
            self.fields["upload"].help_text = f"不选择文件则保留原附件。{EVIDENCE.hint}"


class ApplicantFilterForm(StyledFormMixin, forms.Form):
    year = forms.IntegerField(label="认定年度", required=False, min_value=2000, max_value=2100)
    name = forms.CharField(label="姓名", required=False, max_length=50)
    state = forms.ChoiceField(label="状态", required=False, choices=[("", "全部状态"), *CaseState.choices])


class ReviewFilterForm(StyledFormMixin, forms.Form):
    fill_year = forms.IntegerField(label="填报年度", required=False, min_value=2000, max_value=2100)
    year = forms.IntegerField(label="认定年度", required=False, min_value=2000, max_value=2100)
    name = forms.CharField(label="姓名", required=False, max_length=50)
    id_number = forms.CharField(label="身份证号", required=False, max_length=18)
    status = forms.ChoiceField(label="状态", required=False, choices=ReviewFilter.CHOICES)
