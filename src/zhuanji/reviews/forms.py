from django import forms

from zhuanji.common.forms import StyledFormMixin, required_message
from zhuanji.orgs.models import Organisation

from .routes import Kind, all_routes
from .services import OPINION_MAX

# Which form field a service refusal belongs beside (by ValidationError code).
ERROR_FIELDS = {"choose_required": "next_org", "bad_next_org": "next_org", "opinion_required": "opinion",
                "opinion_too_long": "opinion"}


class ActForm(StyledFormMixin, forms.Form):
    """The 办理 dialog of the current node: its decisions in its words, 选择提交单位 when the next node is
    chosen, the opinion (推荐意见 / 退回意见 …) and each decision's own fields."""

    decision = forms.ChoiceField(label="审核推荐", widget=forms.RadioSelect)
    next_org = forms.ModelChoiceField(label="选择提交单位", queryset=Organisation.objects.none(), required=False,
                                      empty_label="请选择提交单位")
    opinion = forms.CharField(label="推荐意见", max_length=OPINION_MAX, required=False,
                              widget=forms.Textarea(attrs={"rows": 4}))
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, decisions=(), decision_label="审核推荐", candidates=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.decisions = {d.key: d for d in decisions}
        field = self.fields["decision"]
        field.label = decision_label
        field.choices = [(d.key, d.label) for d in decisions]
        if decisions:
            field.initial = decisions[0].key
            self.fields["opinion"].label = decisions[0].opinion_label
        if candidates is None:
            del self.fields["next_org"]
        else:
            self.fields["next_org"].queryset = candidates
        # Every decision's own fields, named `<decision>__<field>`; only the chosen one's are validated.
        self.extra_required: dict[str, bool] = {}
        for decision in decisions:
            for name, extra in (decision.fields() if decision.fields else {}).items():
                key = f"{decision.key}__{name}"
                self.extra_required[key] = extra.required
                extra.required = False
                self.fields[key] = extra
                self.style_field(key, extra)

    @property
    def required_extras(self) -> set[str]:
        return {name for name, required in self.extra_required.items() if required}

    def decision_fields(self, key: str):
        return [self[name] for name in self.extra_required if name.startswith(f"{key}__")]

    def clean(self):
        cleaned = super().clean()
        chosen = cleaned.get("decision")
        data = {}
        for name, required in self.extra_required.items():
            key, _, field = name.partition("__")
            if key != chosen:
                continue
            value = cleaned.get(name)
            if required and value in (None, "", []):
                self.add_error(name, required_message(self.fields[name], field))
            data[field] = value
        cleaned["data"] = data
        return cleaned


class BatchForm(forms.Form):
    action = forms.ChoiceField(choices=[(Kind.APPROVE, "同意"), (Kind.RETURN, "退回")])
    opinion = forms.CharField(max_length=OPINION_MAX, required=False)
    next_org = forms.ModelChoiceField(queryset=Organisation.objects.filter(is_active=True), required=False)


class CaseFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label="条件", required=False, max_length=50,
                        widget=forms.TextInput(attrs={"placeholder": "编号、标题、申请人"}))
    route = forms.ChoiceField(label="业务类型", required=False)
    year = forms.IntegerField(label="年度", required=False, min_value=2000, max_value=2100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["route"].choices = [("", "全部"), *((r.key, r.label) for r in all_routes())]
