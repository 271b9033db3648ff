"""Forms parse input; the rules live in accounts.services, whose errors are attached back to these fields."""

from captcha.fields import CaptchaField, CaptchaTextInput
from django import forms

from zhuanji.common.files import PHOTO
from zhuanji.common.forms import StyledFormMixin
from zhuanji.orgs.models import Region
from zhuanji.orgs.widgets import UnitPickerField

from .choices import DEGREES, EDUCATIONS, ETHNICITIES, as_choices
from .passwords import POLICY_TEXT
from .services.recovery import REJECT_REASON_MAX


class CaptchaInput(CaptchaTextInput):
    """The image (click to refresh) beside the answer box, with a real label for the answer."""

    template_name = "accounts/captcha_widget.html"

    def id_for_label(self, id_):
        return f"{id_}_1" if id_ else ""  # the answer box, so the label 验证码 points at what is typed


def captcha_field() -> CaptchaField:
    return CaptchaField(label="验证码", widget=CaptchaInput(attrs={"placeholder": "请输入验证码"}),
                        error_messages={"invalid": "验证码错误", "required": "请输入验证码"})


class PasswordPairMixin:
    """Two password boxes that must match; the policy itself is checked by the service."""

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password2") and data["password"] != data["password2"]:
            self.add_error("password2", "两次输入的密码不一致")
        return data


def password_field(label: str = "密码", help_text: str = POLICY_TEXT) -> forms.CharField:
    return forms.CharField(label=label, widget=forms.PasswordInput(render_value=False), help_text=help_text,
                           max_length=128, strip=False)


class LoginForm(StyledFormMixin, forms.Form):
    identifier = forms.CharField(label="身份证号码/单位组织机构代码/用户名", max_length=64,
                                 widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}))
    password = forms.CharField(label="密码", strip=False, max_length=128,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
    captcha = captcha_field()


class PersonRegisterForm(PasswordPairMixin, StyledFormMixin, forms.Form):
    id_number = forms.CharField(label="身份证号码", max_length=18, min_length=18,
                                help_text="请使用本人居民身份证号注册，注册后作为登录用户名")
    name = forms.CharField(label="姓名", max_length=50)
    ethnicity = forms.ChoiceField(label="民族", choices=as_choices(ETHNICITIES))
    phone = forms.CharField(label="手机号码", max_length=11)
    password = password_field()
    password2 = password_field("确认密码", "")
    captcha = captcha_field()


class UnitRegisterForm(PasswordPairMixin, StyledFormMixin, forms.Form):
    credit_code = forms.CharField(label="统一社会信用代码", max_length=18, min_length=18)
    name = forms.CharField(label="单位名称", max_length=100, help_text="请填写单位全称，同一单位只能注册一个账号")
    region = forms.ModelChoiceField(label="所属区域", queryset=Region.objects.all(), empty_label="请选择")
    contact_name = forms.CharField(label="管理员姓名", max_length=30)
    contact_phone = forms.CharField(label="管理员手机号码", max_length=11)
    password = password_field()
    password2 = password_field("确认密码", "")
    captcha = captcha_field()


class ProfileForm(StyledFormMixin, forms.Form):
    ethnicity = forms.ChoiceField(label="民族", choices=as_choices(ETHNICITIES))
    phone = forms.CharField(label="手机号码", max_length=11)
    education = forms.ChoiceField(label="文化程度", choices=as_choices(EDUCATIONS), required=False)
    degree = forms.ChoiceField(label="学位", choices=as_choices(DEGREES), required=False)
    work_unit = UnitPickerField(required=False)
    photo = forms.FileField(label="一寸照", required=False, help_text=PHOTO.hint,
                            widget=forms.ClearableFileInput(attrs={"accept": PHOTO.accept}))


class PasswordChangeForm(StyledFormMixin, forms.Form):
    old_password = password_field("原密码", "")
    new_password = password_field("新密码")
    password2 = password_field("确认新密码", "")

    def clean(self):
        data = super().clean()
        if data.get("new_password") and data.get("password2") and data["new_password"] != data["password2"]:
            self.add_error("password2", "两次输入的密码不一致")
        return data


class RecoverySendForm(StyledFormMixin, forms.Form):
    identifier = forms.CharField(label="身份证号码/统一社会信用代码", max_length=18)
    phone = forms.CharField(label="注册手机号码", max_length=11)
    captcha = captcha_field()


class RecoveryCodeForm(StyledFormMixin, forms.Form):
    code = forms.CharField(label="短信验证码", max_length=6, min_length=6,
                           widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}))


class RecoveryPasswordForm(PasswordPairMixin, StyledFormMixin, forms.Form):
    password = password_field("新密码")
    password2 = password_field("确认新密码", "")


class TicketForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label="姓名/单位名称", max_length=100)
    identifier = forms.CharField(label="身份证号码/统一社会信用代码", max_length=18)
    phone = forms.CharField(label="手机号码", max_length=11, help_text="工单办理结果将以短信发送到此号码")
    reason = forms.CharField(label="申诉原因", max_length=300, widget=forms.Textarea(attrs={"rows": 3}))
    id_photo = forms.FileField(label="身份证照片（单位请上传营业执照）", help_text=PHOTO.hint,
                               widget=forms.ClearableFileInput(attrs={"accept": PHOTO.accept}))
    captcha = captcha_field()


class TicketRejectForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label="驳回原因", max_length=REJECT_REASON_MAX, widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": "请填写驳回原因",
                                             "max_length": f"驳回原因不能超过{REJECT_REASON_MAX}个字"})
