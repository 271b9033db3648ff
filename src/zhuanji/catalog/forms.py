from django import forms

from zhuanji.common.forms import StyledFormMixin

from .models import Level, Series

MAX_UPLOAD_MB = 5


class QualificationFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label="关键字", required=False, max_length=50,
                        widget=forms.TextInput(attrs={"placeholder": "系列、专业、资格名称或代码"}))
    series = forms.ModelChoiceField(label="系列", queryset=Series.objects.all(), required=False, empty_label="全部")
    level = forms.ChoiceField(label="级别", required=False, choices=[("", "全部"), *Level.choices])
    exam_only = forms.ChoiceField(label="以考代评", required=False, choices=[("", "全部"), ("1", "是"), ("0", "否")])

    def exam_only_value(self) -> bool | None:
        value = self.cleaned_data.get("exam_only")
        return None if value == "" else value == "1"


class SpecialtyFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label="关键字", required=False, max_length=50,
                        widget=forms.TextInput(attrs={"placeholder": "专业名称、代码或分组"}))
    series = forms.ModelChoiceField(label="系列", queryset=Series.objects.all(), required=False, empty_label="全部")


class SeriesFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label="关键字", required=False, max_length=50,
                        widget=forms.TextInput(attrs={"placeholder": "系列名称或代码"}))


class CatalogUploadForm(StyledFormMixin, forms.Form):
    file = forms.FileField(label="目录文件",
                           help_text=f"csv 或 xlsx 文件，不超过{MAX_UPLOAD_MB}MB；列与下载的目录文件相同",
                           error_messages={"required": "请选择要上传的文件"},
                           widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}))
    replace = forms.BooleanField(label="停用文件中没有的系列、专业和资格", required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_MB * 1024 * 1024:
            raise forms.ValidationError(f"文件大小不能超过{MAX_UPLOAD_MB}MB")
        return upload
