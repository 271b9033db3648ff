from django import forms

from zhuanji.common.forms import StyledFormMixin


class _Form(StyledFormMixin, forms.Form):
    name = forms.CharField(label="姓名", max_length=50)
    ethnicity = forms.ChoiceField(label="民族", choices=[("汉族", "汉族")])
    phone = forms.CharField(label="手机号码", error_messages={"required": "请输入11位手机号码"})


def test_required_errors_name_the_field_in_chinese():
    form = _Form(data={})
    assert not form.is_valid()
    assert form.errors["name"] == ["请填写姓名"]
    assert form.errors["ethnicity"] == ["请选择民族"]
    assert form.errors["phone"] == ["请输入11位手机号码"]  # a form's own wording is kept


def test_invalid_fields_are_marked_and_lengths_limited():
    form = _Form(data={"ethnicity": "汉族"})
    form.is_valid()
    assert "is-invalid" in form.fields["name"].widget.attrs["class"]
    assert form.fields["name"].widget.attrs["maxlength"] == "50"
