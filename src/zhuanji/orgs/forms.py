from django import forms
from django.db.models import Q

from zhuanji.catalog.models import Level
from zhuanji.catalog.widgets import QualificationPickerField
from zhuanji.common.forms import StyledFormMixin

from .models import (
    FOUNDER_KINDS,
    SUPERVISOR_KINDS,
    BaseLevel,
    BaseProfile,
    CommitteeContact,
    CommitteeProfile,
    Organisation,
    OrgKind,
    Region,
    Role,
)


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
                                   choices=[("", "（仅继续教育基地）"), *BaseLevel.choices])
    supervisor = forms.ModelChoiceField(Organisation.objects.filter(kind__in=SUPERVISOR_KINDS), required=False,
                                        label="主管单位", empty_label="（仅继续教育基地）")
    committee_level = forms.ModelChoiceField(Region.objects.all(), required=False, label="评审级别",
                                             empty_label="（仅评审委员会；不选则为所属区域）")
    # Units may form a committee (自主评审), but the list offers the authorities; units are far too many to list.
    founder = forms.ModelChoiceField(
        Organisation.objects.filter(kind__in=[k for k in FOUNDER_KINDS if k != OrgKind.UNIT]), required=False,
        label="组建单位", empty_label="（仅评审委员会）")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        founder = self.initial.get("founder")
        if founder:  # a unit that formed its own committee (自主评审) stays choosable for that committee
            self.fields["founder"].queryset = Organisation.objects.filter(
                Q(kind__in=[k for k in FOUNDER_KINDS if k != OrgKind.UNIT]) | Q(pk=founder))

    @classmethod
    def initial_for(cls, org: Organisation) -> dict:
        initial = {"code": org.code, "name": org.name, "kind": org.kind, "region": org.region_id,
                   "parent": org.parent_id, "credit_code": org.credit_code or ""}
        base = BaseProfile.objects.filter(base=org).first()
        if base is not None:
            initial |= {"base_level": base.level, "supervisor": base.supervisor_id}
        committee = CommitteeProfile.objects.filter(committee=org).first()
        if committee is not None:
            initial |= {"committee_level": committee.level_id, "founder": committee.founder_id}
        return initial


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



class CommitteeOfficeForm(StyledFormMixin, forms.Form):
    """办事机构信息 of a committee (评审委员会管理)."""

    office_name = forms.CharField(label="办事机构", max_length=100, required=False)
    location = forms.CharField(label="所在地点", max_length=50, required=False)
    office_address = forms.CharField(label="办事机构地址", max_length=100, required=False)


class CommitteeContactForm(StyledFormMixin, forms.Form):
    post = forms.ChoiceField(label="职责", choices=CommitteeContact.Post.choices, initial=CommitteeContact.Post.CONTACT)
    name = forms.CharField(label="姓名", max_length=30)
    phone = forms.CharField(label="联系电话", max_length=20, required=False,
                            help_text="办公电话，在评审办事机构联系方式中公开")
    mobile = forms.CharField(label="手机", max_length=11, required=False, help_text="不公开显示")


class CommitteeScopeForm(StyledFormMixin, forms.Form):
    """授予可评审专业: a whole series or specialty (at the chosen levels) or one qualification."""

    pick = QualificationPickerField(label="可评审专业", select_whole=True, exclude_exam_only=True,
                                    help_text="可选择整个系列、整个专业或单个资格")
    levels = forms.MultipleChoiceField(label="级别", choices=Level.choices, required=False,
                                       widget=forms.CheckboxSelectMultiple,
                                       help_text="选择整个系列或专业时必选；单个资格按其本身级别授予")
