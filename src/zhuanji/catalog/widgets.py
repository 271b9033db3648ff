"""The one qualification picker (系列 › 专业 › 级别) every form uses.

    qualification = QualificationPickerField(label="认定专业", exclude_exam_only=True)
    scope = QualificationPickerField(label="培训范围", multiple=True)
    # only what a committee may evaluate (a scope, see catalog/scopes.py), set once the committee is known:
    qualifications = QualificationPickerField(label="备案资格", multiple=True)
    self.fields["qualifications"].scope = CommitteeScopeOf(committee, levels=Level.high())
    # a range: a whole 系列 or 专业 may be chosen too; the cleaned value is a CatalogPick (or a list of them)
    target = QualificationPickerField(label="可评审专业", select_whole=True)

The widget renders a plain `<select>` holding every offered qualification, grouped by 系列/专业 (and, with
`select_whole`, an 整个系列 / 整个专业 option per group): that is what the form submits, and what users
without JavaScript (and the browser's type-ahead search) get. `catalog/picker.js` hides it and shows the
three linked selects of `catalog/_picker.html`, whose options htmx loads from `catalog:options` (told the
scope by a signed token); choosing a qualification there selects it in the plain select (several as
removable chips when `multiple`). A value outside the scope is refused by the field, whatever was posted.
"""

import json
from itertools import groupby

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.urls import reverse

from zhuanji.common.params import parse_id, parse_ids

from .models import Qualification, Specialty
from .scopes import CatalogPick, CatalogScope
from .selectors import qualifications_offered, series_list

EXAM_ONLY_MESSAGE = "“%(path)s”为以考代评资格，不能申报评审"
OUT_OF_SCOPE_MESSAGE = "“%(path)s”不在%(scope)s内"


class QualificationPicker(forms.SelectMultiple):
    """Renders the picker; `allow_multiple_selected` follows the field (single or multiple)."""

    template_name = "catalog/_picker.html"

    def __init__(self, *, multiple: bool = False, exclude_exam_only: bool = False, select_whole: bool = False,
                 scope: CatalogScope | None = None, attrs=None):
        super().__init__(attrs)
        self.allow_multiple_selected = multiple
        self.exclude_exam_only = exclude_exam_only
        self.select_whole = select_whole
        self.scope = scope

    def value_from_datadict(self, data, files, name):
        if self.allow_multiple_selected:
            return super().value_from_datadict(data, files, name)
        return data.get(name)

    def value_omitted_from_data(self, data, files, name):
        return False if self.allow_multiple_selected else name not in data

    def use_required_attribute(self, initial):
        # The plain select is hidden once the cascade takes over, and browsers refuse to submit a form
        # whose hidden control fails `required`; the field's own validation reports it instead.
        return False

    def optgroups(self, name, value, attrs=None):
        # The template groups the options itself (get_context); Django's grouping would query them again.
        return []

    def _groups(self, instances, chosen: set[str]):
        """[(group label, [(value, label, selected, path)])] and the chosen [(value, path)], both in catalog order."""
        groups, picked = [], []

        def option(value, label, path):
            selected = value in chosen
            if selected:
                picked.append((value, path))
            return value, label, selected, path

        for series, in_series in groupby(instances, key=lambda q: q.specialty.series):
            if self.select_whole:
                whole = CatalogPick.of(series)
                groups.append((series.name, [option(whole.value, "整个系列", whole.path)]))
            for specialty, items in groupby(in_series, key=lambda q: q.specialty):
                options = []
                if self.select_whole:
                    whole = CatalogPick.of(specialty)
                    options.append(option(whole.value, "整个专业", whole.path))
                options += [option(str(q.pk), q.label, q.path) for q in items]
                groups.append((f"{series}/{specialty.name}", options))
        return groups, picked

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        values = [v for v in context["widget"]["value"] if v]
        instances = [choice.instance for choice, _ in self.choices if choice]
        groups, chosen = self._groups(instances, set(values))
        hx_vals = {}
        if self.exclude_exam_only:
            hx_vals["exclude_exam_only"] = "1"
        if self.scope is not None:
            hx_vals["scope"] = self.scope.token()
        context["picker"] = {
            "id": context["widget"]["attrs"].get("id") or f"id_{name}",
            "multiple": self.allow_multiple_selected,
            "select_whole": self.select_whole,
            "groups": groups,
            "chosen": chosen,
            "series": series_list(exclude_exam_only=self.exclude_exam_only, scope=self.scope),
            "options_url": reverse("catalog:options"),
            "exclude_exam_only": self.exclude_exam_only,
            "hx_vals": json.dumps(hx_vals) if hx_vals else "",
        }
        return context


_MESSAGES = {"required": "请选择资格", "invalid_choice": "所选资格不存在或已停用",
             "invalid_pk_value": "所选资格不存在或已停用", "invalid_list": "请选择资格"}


class _PickerField:
    """What every picker field shares: the offered queryset, 以考代评 and scope refusals named by path."""

    exclude_exam_only = False
    _scope: CatalogScope | None = None

    def _setup(self, *, exclude_exam_only: bool, scope: CatalogScope | None, kwargs: dict):
        """Remember the options and give the offered queryset the Django field is built with."""
        self.exclude_exam_only = exclude_exam_only
        self._scope = scope
        kwargs.setdefault("error_messages", _MESSAGES)
        return qualifications_offered(exclude_exam_only=exclude_exam_only, scope=scope)

    @property
    def scope(self) -> CatalogScope | None:
        return self._scope

    @scope.setter
    def scope(self, scope: CatalogScope | None) -> None:
        """Narrow the field to `scope` (a form's __init__ does this once it knows, e.g., the committee)."""
        self._scope = scope
        self.widget.scope = scope
        self.queryset = qualifications_offered(exclude_exam_only=self.exclude_exam_only, scope=scope)

    def _reject_refused(self, pks) -> None:
        """Name a 以考代评 choice, or one outside the scope, instead of calling it an invalid choice."""
        pks = parse_ids(pks)
        if not pks or not (self.exclude_exam_only or self._scope is not None):
            return
        if self.exclude_exam_only:
            blocked = qualifications_offered().filter(pk__in=pks, exam_only=True).first()
            if blocked is not None:
                raise ValidationError(EXAM_ONLY_MESSAGE, code="exam_only", params={"path": blocked.path})
        if self._scope is not None:
            outside = (qualifications_offered(exclude_exam_only=self.exclude_exam_only).filter(pk__in=pks)
                       .exclude(pk__in=self.queryset.values("pk")).first())
            if outside is not None:
                raise ValidationError(OUT_OF_SCOPE_MESSAGE, code="out_of_scope",
                                      params={"path": outside.path, "scope": self._scope.label})

    def label_from_instance(self, obj: Qualification) -> str:
        return obj.path


class SingleQualificationField(_PickerField, forms.ModelChoiceField):
    def __init__(self, *, exclude_exam_only: bool = False, scope: CatalogScope | None = None, **kwargs):
        offered = self._setup(exclude_exam_only=exclude_exam_only, scope=scope, kwargs=kwargs)
        super().__init__(offered, widget=QualificationPicker(exclude_exam_only=exclude_exam_only, scope=scope),
                         **kwargs)

    def to_python(self, value):
        if value not in self.empty_values:
            self._reject_refused([value])
        return super().to_python(value)


class MultipleQualificationField(_PickerField, forms.ModelMultipleChoiceField):
    def __init__(self, *, exclude_exam_only: bool = False, scope: CatalogScope | None = None, **kwargs):
        offered = self._setup(exclude_exam_only=exclude_exam_only, scope=scope, kwargs=kwargs)
        super().__init__(offered, widget=QualificationPicker(multiple=True, exclude_exam_only=exclude_exam_only,
                                                             scope=scope), **kwargs)

    def _check_values(self, value):
        self._reject_refused(value)
        return super()._check_values(value)


class CatalogPickField(_PickerField, forms.ModelMultipleChoiceField):
    """`select_whole`: a whole 系列 (`series:<pk>`), a whole 专业 (`specialty:<pk>`) or a 资格 (its pk).

    Cleans to a `CatalogPick` (a list of them when `multiple`), saying what was chosen; a whole series or
    specialty is offered, and covers, only its qualifications the field offers (the scope, 以考代评).
    """

    default_error_messages = {"invalid_whole": "所选系列、专业或资格不存在或已停用"}

    def __init__(self, *, multiple: bool = False, exclude_exam_only: bool = False,
                 scope: CatalogScope | None = None, **kwargs):
        self.multiple = multiple
        offered = self._setup(exclude_exam_only=exclude_exam_only, scope=scope, kwargs=kwargs)
        super().__init__(offered, widget=QualificationPicker(multiple=multiple, exclude_exam_only=exclude_exam_only,
                                                             select_whole=True, scope=scope), **kwargs)

    @staticmethod
    def _values(value) -> list[str]:
        if value in (None, ""):
            return []
        values = value if isinstance(value, (list, tuple)) else [value]
        return [str(v) for v in values if v not in (None, "")]

    def _pick(self, value: str) -> CatalogPick:
        kind, _, raw = value.rpartition(":")
        pk = parse_id(raw)
        if pk is None:
            raise ValidationError(self.error_messages["invalid_whole"], code="invalid_choice")
        offered = self.queryset
        obj = None
        if kind == "":
            self._reject_refused([pk])
            obj = offered.filter(pk=pk).first()
        elif kind == CatalogPick.SPECIALTY:
            obj = (Specialty.objects.select_related("series")
                   .filter(Exists(offered.filter(specialty=OuterRef("pk"))), pk=pk).first())
        elif kind == CatalogPick.SERIES:
            obj = series_list(exclude_exam_only=self.exclude_exam_only, scope=self._scope).filter(pk=pk).first()
        if obj is None:
            raise ValidationError(self.error_messages["invalid_whole"], code="invalid_choice")
        return CatalogPick.of(obj, offered)

    def clean(self, value):
        values = list(dict.fromkeys(self._values(value)))
        if not values:
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return [] if self.multiple else None
        if not self.multiple:
            values = values[:1]
        picks = [self._pick(v) for v in values]
        self.run_validators(picks)
        return picks if self.multiple else picks[0]

    def prepare_value(self, value):
        if isinstance(value, CatalogPick):
            return value.value
        if isinstance(value, (list, tuple)):
            return [self.prepare_value(v) for v in value]
        if value is not None and not isinstance(value, (str, int, Qualification)) and hasattr(value, "_meta"):
            return CatalogPick.of(value).value  # a Series or Specialty given as initial
        return super().prepare_value(value)

    def has_changed(self, initial, data):
        if self.disabled:
            return False
        return set(self._values(self.prepare_value(initial))) != set(self._values(data))


def QualificationPickerField(*, multiple: bool = False, exclude_exam_only: bool = False,  # noqa: N802
                             scope: CatalogScope | None = None, select_whole: bool = False, **kwargs):
    """A form field choosing one qualification (or several with `multiple`) through the picker.

    Named like a field class because forms declare it like one. `exclude_exam_only` refuses 以考代评
    qualifications (applying for evaluation); `scope` (a `catalog.scopes.CatalogScope`, also settable later as
    `form.fields[name].scope`) offers and accepts only that part of the catalog; `select_whole` lets a whole
    series or specialty be chosen where a range is asked for, the cleaned value then being `CatalogPick`s.
    Other keyword arguments go to the Django field.
    """
    if select_whole:
        return CatalogPickField(multiple=multiple, exclude_exam_only=exclude_exam_only, scope=scope, **kwargs)
    field_class = MultipleQualificationField if multiple else SingleQualificationField
    return field_class(exclude_exam_only=exclude_exam_only, scope=scope, **kwargs)
