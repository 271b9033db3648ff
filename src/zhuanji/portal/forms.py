from django import forms

from zhuanji.common.forms import StyledFormMixin
from zhuanji.orgs.models import Region

from .models import Notice
from .selectors import NoticeScope


class NoticeForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label="类型", choices=Notice.Kind.choices)
    category = forms.ChoiceField(label="栏目", choices=Notice.Category.choices)
    region = forms.ModelChoiceField(label="发布区域", queryset=Region.objects.none(), required=False,
                                    empty_label="自治区本级")
    title = forms.CharField(label="标题", max_length=100)
    # data-richtext: static/zhuanji/app.js puts a Quill editor in its place; the HTML it posts is sanitised on save.
    body = forms.CharField(label="正文", required=False,
                           widget=forms.Textarea(attrs={"rows": 12, "data-richtext": True}),
                           help_text="可设置标题、加粗、列表、链接等格式，脚本等不安全内容会被自动删除")

    def __init__(self, *args, scope: NoticeScope, **kwargs):
        super().__init__(*args, **kwargs)
        region_field = self.fields["region"]
        region_field.queryset = scope.regions()
        # A 地州 bureau may publish only for its own 地州; it gets no 自治区本级 choice.
        if not scope.region_level and not scope.everything:
            region_field.required = True
            region_field.empty_label = None

    @classmethod
    def initial_for(cls, notice: Notice) -> dict:
        return {"kind": notice.kind, "category": notice.category, "region": notice.region_id,
                "title": notice.title, "body": notice.body}


class NoticeFilterForm(StyledFormMixin, forms.Form):
    keyword = forms.CharField(label="标题", required=False, max_length=100)
    kind = forms.ChoiceField(label="类型", required=False, choices=[("", "全部"), *Notice.Kind.choices])
    status = forms.ChoiceField(label="状态", required=False,
                               choices=[("", "全部"), ("published", "已发布"), ("draft", "未发布")])


class SearchForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label="关键字", required=False, max_length=50)


class ContactFilterForm(StyledFormMixin, forms.Form):
    region = forms.ModelChoiceField(label="所属区域", queryset=Region.objects.filter(level=Region.Level.PREFECTURE),
                                    required=False,
                                    empty_label="自治区本级", to_field_name="code")
    keyword = forms.CharField(label="机构名称", required=False, max_length=50)
