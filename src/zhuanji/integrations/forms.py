from django import forms

from zhuanji.common.forms import StyledFormMixin
from zhuanji.orgs.models import Organisation, OrgKind

from .scopes import scope_choices
from .selectors import STATUS_ACTIVE, STATUS_REVOKED


class ClientFilterForm(StyledFormMixin, forms.Form):
    keyword = forms.CharField(label="客户端或单位名称", required=False, max_length=100)
    status = forms.ChoiceField(label="状态", required=False,
                               choices=[("", "全部"), (STATUS_ACTIVE, "启用"), (STATUS_REVOKED, "已吊销")])


class ClientForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label="客户端名称", max_length=100, help_text="如：某某继续教育学习平台")
    scopes = forms.MultipleChoiceField(label="权限范围", choices=scope_choices, widget=forms.CheckboxSelectMultiple,
                                       error_messages={"required": "请至少选择一项权限范围"})

    @classmethod
    def initial_for(cls, client) -> dict:
        return {"name": client.name, "scopes": client.scopes}


class ClientCreateForm(ClientForm):
    # The organisations that run systems (departments, bases, committees…); units are the tree's many leaves.
    org = forms.ModelChoiceField(
        Organisation.objects.filter(is_active=True).exclude(kind=OrgKind.UNIT).order_by("kind", "code"),
        label="所属单位", empty_label="请选择")

    field_order = ["org", "name", "scopes"]
