from django import forms

from zhuanji.common.forms import StyledFormMixin
from zhuanji.orgs.models import Organisation

from .models import Action
from .routes import all_routes
from .services import BATCH_ACTIONS, OPINION_MAX

# Which form field a service refusal belongs beside (by ValidationError code).
ERROR_FIELDS = {"choose_required": "next_org", "bad_next_org": "next_org", "opinion_required": "opinion",
                "opinion_too_long": "opinion"}


class ActForm(StyledFormMixin, forms.Form):
    """信息审核: 审核推荐 同意/退回, 选择提交单位 when the next node chooses, 推荐意见/退回意见."""

    decision = forms.ChoiceField(label="审核推荐", choices=[(a, a.label) for a in BATCH_ACTIONS],
                                 widget=forms.RadioSelect, initial=Action.APPROVE)
    next_org = forms.ModelChoiceField(label="选择提交单位", queryset=Organisation.objects.none(), required=False,
                                      empty_label="请选择提交单位")
    opinion = forms.CharField(label="推荐意见", max_length=OPINION_MAX, required=False,
                              widget=forms.Textarea(attrs={"rows": 4}))
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, candidates=None, **kwargs):
        super().__init__(*args, **kwargs)
        if candidates is None:
            del self.fields["next_org"]
        else:
            self.fields["next_org"].queryset = candidates


class BatchForm(forms.Form):
    action = forms.ChoiceField(choices=[(a, a.label) for a in BATCH_ACTIONS])
    opinion = forms.CharField(max_length=OPINION_MAX, required=False)


class CaseFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label="条件", required=False, max_length=50,
                        widget=forms.TextInput(attrs={"placeholder": "编号、标题、申请人"}))
    route = forms.ChoiceField(label="业务类型", required=False)
    year = forms.IntegerField(label="年度", required=False, min_value=2000, max_value=2100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["route"].choices = [("", "全部"), *((r.key, r.label) for r in all_routes())]
