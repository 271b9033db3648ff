from django import forms

from zhuanji.common.forms import StyledFormMixin

from .models import Organisation, OrgKind, Region, Role


def _region_field(required: bool, label: str = "所属区域"):
    return forms.ModelChoiceField(Region.objects.all(), required=required, label=label,
                                  empty_label="全部" if not required else "请选择")


class OrgFilterForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label="单位名称", required=False, max_length=100)
    kind = forms.ChoiceField(label="机构类型", required=False, choices=[("", "全部"), *OrgKind.choices])
    region = _region_field(False)
    parent = forms.ModelChoiceField(Organisation.objects.all(), required=False, widget=forms.HiddenInput)


class OrgForm(StyledFormMixin, forms.Form):
    code = forms.CharField(label="单位编号", max_length=20, required=False, help_text="不填写则自动编号")
    name = forms.CharField(label="单位名称", max_length=100)
    kind = forms.ChoiceField(label="机构类型", choices=OrgKind.choices)
    region = _region_field(True)
    # Units are the leaves of the tree, so they never appear as a parent (and the list stays short).
    parent = forms.ModelChoiceField(Organisation.objects.exclude(kind=OrgKind.UNIT), required=False,
                                    label="上级单位", empty_label="无")
    credit_code = forms.CharField(label="统一社会信用代码", max_length=18, required=False)
    base_level = forms.ChoiceField(label="基地级别", required=False,
                                   choices=[("", "（仅继续教育基地）"), *Organisation.BaseLevel.choices])

    @classmethod
    def initial_for(cls, org: Organisation) -> dict:
        return {"code": org.code, "name": org.name, "kind": org.kind, "region": org.region_id,
                "parent": org.parent_id, "credit_code": org.credit_code or "", "base_level": org.base_level}


class UnitInfoForm(StyledFormMixin, forms.Form):
    address = forms.CharField(label="单位地址", max_length=100)
    # Length and digits are checked by unit_info_update, whose message is the one the page should show.
    postcode = forms.CharField(label="邮政编码", max_length=6)
    contact_name = forms.CharField(label="联系人", max_length=30)
    contact_phone = forms.CharField(label="联系电话", max_length=20)
    legal_representative = forms.CharField(label="法定代表人", max_length=30)
    unit_nature = forms.CharField(label="单位性质", max_length=30)


class UnitRenameForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label="新单位名称", max_length=100)
    credit_code = forms.CharField(label="统一社会信用代码", max_length=18, required=False,
                                  help_text="组织机构代码证变更时填写新的统一社会信用代码，否则留空")
    reason = forms.CharField(label="变更原因", max_length=200, widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": "请填写变更原因"})


class RecommenderForm(StyledFormMixin, forms.Form):
    region = forms.ModelChoiceField(Region.objects.all(), label="选择平台", empty_label="请选择",
                                    help_text="选择自治区推荐单位请先选择平台为自治区，其他请选择相应的地州")
    recommender = forms.ModelChoiceField(Organisation.objects.none(), label="推荐单位", empty_label="请选择")

    def __init__(self, *args, candidates=None, **kwargs):
        super().__init__(*args, **kwargs)
        if candidates is not None:
            self.fields["recommender"].queryset = candidates


class StaffUserForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label="姓名", max_length=50)
    phone = forms.CharField(label="手机号码", max_length=11)
    role = forms.ChoiceField(label="角色", choices=Role.choices)

