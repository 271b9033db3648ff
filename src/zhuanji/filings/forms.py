"""The committee's forms: 备案查询 filters and the steps' inputs. They check what users typed (choices, required
fields); the services own every rule of a filing (phones, locked fields, date order, PDFs) and their messages
land on these forms through `common.views.run_service`."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone

from zhuanji.catalog.models import Qualification
from zhuanji.common.forms import DateInput, StyledFormMixin
from zhuanji.reviews.models import CaseState

from .models import Filing, FilingGrade, FilingKind
from .selectors import committee_members
from .services.filings import ATTACHMENT_RULE, ATTACHMENT_SLOTS

LOCKED_NOTE = "保存后无法修改"
BASIC_FIELDS = ("title", "kind", "year", "grade", "committee_name", "location", "head_name", "head_phone",
                "contact_user", "contact_name", "contact_phone", "contact_mobile")


def work_years(today=None) -> list[int]:
    """工作年度 offered: last year, this year and next year."""
    year = (today or timezone.localdate()).year
    return [year - 1, year, year + 1]


def year_choices() -> list[tuple[str, str]]:
    """年度 of the office's 备案查询 and the committee's 设置时间: next year back to five years ago."""
    this_year = timezone.localdate().year
    return [("", "请选择"), *((str(y), str(y)) for y in range(this_year + 1, this_year - 6, -1))]


class FilingFilterForm(StyledFormMixin, forms.Form):
    """备案查询: 标题, 年度, 状态."""

    title = forms.CharField(label="标题", required=False, max_length=100)
    year = forms.TypedChoiceField(label="年度", required=False, coerce=int, empty_value=None)
    state = forms.ChoiceField(label="状态", required=False, choices=[("", "请选择"), *CaseState.choices])

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        years = sorted({*years, *work_years()}, reverse=True)  # the filings' own years, and the ones offered now
        self.fields["year"].choices = [("", "请选择"), *((y, y) for y in years)]


class ContactSelect(forms.Select):
    """选择联系人员: each option carries the user's name and phone, which app.js copies into the contact fields."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        user = getattr(value, "instance", None)
        if user is not None:
            option["attrs"].update({"data-name": user.name, "data-phone": user.phone, "data-mobile": user.phone})
        return option


class BasicForm(StyledFormMixin, forms.Form):
    """① 填写基本信息 (以下信息全部必填, except 选择联系人员, which only fills the contact fields)."""

    title = forms.CharField(label="标题", max_length=100,
                            widget=forms.TextInput(attrs={"placeholder": "关于xx专业等x个专业的会议备案"}))
    kind = forms.ChoiceField(label="类型", choices=[("", "请选择"), *FilingKind.choices])
    year = forms.TypedChoiceField(label="工作年度", coerce=int, help_text=LOCKED_NOTE,
                                  error_messages={"invalid_choice": "请选择工作年度"})
    grade = forms.ChoiceField(label="备案级别", choices=FilingGrade.choices,
                              widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                              help_text=f"{LOCKED_NOTE}（高级指副高、正高级）",
                              error_messages={"invalid_choice": "请选择备案级别"})
    committee_name = forms.CharField(label="评审机构名称", max_length=100)
    location = forms.CharField(label="所在地点", max_length=100, help_text="办公所在地点")
    head_name = forms.CharField(label="负责人姓名", max_length=30)
    head_phone = forms.CharField(label="负责人联系电话", max_length=20,
                                 widget=forms.TextInput(attrs={"inputmode": "tel"}))
    contact_user = forms.ModelChoiceField(label="选择联系人员", queryset=get_user_model().objects.none(),
                                          required=False, empty_label="请选择", widget=ContactSelect,
                                          help_text="选择本单位用户后自动填写联系人员姓名和电话",
                                          error_messages={"invalid_choice": "联系人员应为本评审委员会的用户"})
    contact_name = forms.CharField(label="联系人员姓名", max_length=30)
    contact_phone = forms.CharField(label="联系人员联系电话", max_length=20,
                                    widget=forms.TextInput(attrs={"inputmode": "tel"}))
    contact_mobile = forms.CharField(label="联系人员手机", max_length=11,
                                     widget=forms.TextInput(attrs={"inputmode": "numeric"}))

    def __init__(self, *args, committee, filing: Filing | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.filing = filing
        years = work_years()
        if filing is not None and filing.year not in years:
            years = sorted({*years, filing.year})
        self.fields["year"].choices = [("", "请选择"), *((y, y) for y in years)]
        users = committee_members(committee).values("user_id")
        field = self.fields["contact_user"]
        field.queryset = get_user_model().objects.filter(pk__in=users).order_by("username")
        field.label_from_instance = lambda user: f"{user.name}（{user.username}）"
        field.widget.attrs.update({
            "data-fill-contact": "", "data-fill-name": self["contact_name"].id_for_label,
            "data-fill-phone": self["contact_phone"].id_for_label,
            "data-fill-mobile": self["contact_mobile"].id_for_label,
        })
        if filing is not None:
            # Saved once: shown, not editable. A browser posts nothing for a disabled input; a posted value that
            # differs is passed on, and the service refuses it (工作年度保存后无法修改).
            for name in ("year", "grade"):
                self.fields[name].required = False
                self.fields[name].widget.attrs["disabled"] = True

    def clean(self):
        data = super().clean()
        if self.filing is not None:
            for name in ("year", "grade"):
                if data.get(name) in (None, "") and name not in self.errors:
                    data[name] = getattr(self.filing, name)
        return data

    @classmethod
    def initial_for(cls, filing: Filing) -> dict:
        return {name: getattr(filing, name) for name in BASIC_FIELDS}

    def changed_from(self, filing: Filing) -> bool:
        """Whether the valid input differs from what the filing holds (unchanged steps are not saved again)."""
        return any(self.cleaned_data.get(name) != getattr(filing, name) for name in BASIC_FIELDS)


class ItemsAddForm(forms.Form):
    """② 添加选中资格: the ticked 备选的资格 (the service checks they are the committee's 可评审专业)."""

    qualifications = forms.ModelMultipleChoiceField(
        queryset=Qualification.objects.all(),
        error_messages={"required": "请勾选要添加的资格", "invalid_choice": "所选资格不存在",
                        "invalid_pk_value": "所选资格不存在"})


class ItemsRemoveForm(forms.Form):
    """② 删除选中资格: the ticked 已选择资格 of this filing."""

    items = forms.ModelMultipleChoiceField(
        queryset=None, error_messages={"required": "请勾选要删除的资格", "invalid_choice": "所选资格不在本备案中",
                                       "invalid_pk_value": "所选资格不在本备案中"})

    def __init__(self, *args, filing: Filing, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].queryset = filing.items.all()


class PlanForm(StyledFormMixin, forms.Form):
    """③ 申报时间: one qualification's (or every one's) four dates; their order is the service's rule."""

    apply_start = forms.DateField(label="申报开始时间", widget=DateInput())
    apply_end = forms.DateField(label="申报截止时间", widget=DateInput())
    meeting_date = forms.DateField(label="上会时间", widget=DateInput())
    approval_date = forms.DateField(label="批文时间", widget=DateInput())

    @classmethod
    def initial_for(cls, item) -> dict:
        if item is None or not item.planned:
            return {}
        return {name: getattr(item, name) for name in cls.base_fields}


class NoticeForm(StyledFormMixin, forms.Form):
    """④ 评审工作通知: the body is HTML from the rich-text editor, sanitised by the service."""

    notice_title = forms.CharField(label="通知标题", max_length=100)
    notice_body = forms.CharField(label="通知内容",
                                  widget=forms.Textarea(attrs={"rows": 16, "data-richtext": ""}))

    @classmethod
    def initial_for(cls, filing: Filing) -> dict:
        return {"notice_title": filing.notice_title, "notice_body": filing.notice_body}

    @staticmethod
    def is_blank(data) -> bool:
        return not any((data.get(name) or "").strip() for name in ("notice_title", "notice_body"))

    def changed_from(self, filing: Filing) -> bool:
        return (self.cleaned_data["notice_title"] != filing.notice_title
                or self.cleaned_data["notice_body"] != filing.notice_body)


class AttachmentForm(StyledFormMixin, forms.Form):
    """⑥ one slot's upload (PDF only, 8M; checked by content in the service)."""

    slot = forms.ChoiceField(choices=[(s.slot, s.label) for s in ATTACHMENT_SLOTS], widget=forms.HiddenInput,
                             error_messages={"required": "请选择附件类型", "invalid_choice": "请选择附件类型"})
    upload = forms.FileField(label="选择文件", help_text=ATTACHMENT_RULE.hint,
                             widget=forms.ClearableFileInput(attrs={"accept": ATTACHMENT_RULE.accept}),
                             error_messages={"required": "请选择要上传的文件", "empty": "文件内容为空"})

    def __init__(self, *args, slot: str, **kwargs):
        kwargs.setdefault("initial", {"slot": slot})
        kwargs.setdefault("auto_id", f"id_{slot}_%s")  # one form per slot on the page: ids stay unique
        super().__init__(*args, **kwargs)


# ---- the title office's lists and the committee's 设置时间 ----------------------------------------------------

# The states a filing can have once it reached the office, in the office's words.
STATE_CHOICES = (("", "请选择"), (CaseState.PENDING, "审核中"), (CaseState.RETURNED, "已退回"),
                 (CaseState.APPROVED, "已接收材料"), (CaseState.CANCELLED, "已撤销"))


class QueueFilterForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label="标题", required=False, max_length=100)


class QueryFilterForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label="标题", required=False, max_length=100)
    committee = forms.CharField(label="评审机构", required=False, max_length=100)
    year = forms.TypedChoiceField(label="年度", required=False, coerce=int, empty_value=None)
    state = forms.ChoiceField(label="状态", required=False, choices=STATE_CHOICES)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = year_choices()


class WindowFilterForm(StyledFormMixin, forms.Form):
    year = forms.TypedChoiceField(label="年度", required=False, coerce=int, empty_value=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = year_choices()


class WindowTimesForm(StyledFormMixin, forms.Form):
    opens_on = forms.DateField(label="申报开始时间", widget=DateInput(),
                               error_messages={"required": "请选择申报开始时间", "invalid": "请输入正确的日期"})
    closes_on = forms.DateField(label="申报截止时间", widget=DateInput(),
                                error_messages={"required": "请选择申报截止时间", "invalid": "请输入正确的日期"})
