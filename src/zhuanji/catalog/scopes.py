"""Named parts of the catalog a picker may offer, and what a "whole series or specialty" choice means.

A **scope** narrows the qualifications a form offers and accepts:

    qualifications = QualificationPickerField(multiple=True, scope=CommitteeScopeOf(committee, levels=...))
    # or, once the committee is known (in the form's __init__):
    self.fields["qualifications"].scope = CommitteeScopeOf(committee, levels=Level.high())

`RangeScope` is the general one: the rows of any concrete `CatalogRange` model picked by field values, e.g.
a committee's 可评审专业 (`orgs.scopes.CommitteeScopeOf`) or a training filing's 培训范围
(`RangeScope(FilingRange, label="本备案的培训范围", filing=filing.pk)`). A scope travels to the picker's
htmx endpoint as a signed token, so the cascade lists only what the form will accept and nobody can ask
the endpoint for another model's rows. Other kinds of scope subclass `CatalogScope` with a new `kind`.

A **pick** (`CatalogPick`) is what a `select_whole=True` picker returns: a whole series, a whole specialty or
one qualification, saying which (`pick.kind`), with the qualifications it covers (`pick.qualifications()`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from django.apps import apps
from django.core import signing
from django.db.models import Exists, OuterRef, Q, QuerySet

from .models import CatalogRange, Level, Qualification, Series, Specialty

_SALT = "zhuanji.catalog.scope"


def ranges_exist(rows: QuerySet) -> Exists:
    """For a Qualification queryset: the qualification is covered by one of `rows` (CatalogRange rows)."""
    return Exists(rows.filter(
        Q(level=OuterRef("level"))
        & (Q(qualification=OuterRef("pk"))
           | Q(qualification__isnull=True, specialty=OuterRef("specialty"))
           | Q(specialty__isnull=True, series=OuterRef("specialty__series")))
    ))


class CatalogScope:
    """Which qualifications a picker offers. Subclasses set `kind`, `label` and implement `filter` and `args`."""

    kind: ClassVar[str] = ""
    _kinds: ClassVar[dict[str, type[CatalogScope]]] = {}
    # Shown in refusals: “教师系列/高校教师/讲师(中级)”不在{label}内.
    label: str = "可选范围"

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.__dict__.get("kind"):  # a subclass that only presets arguments travels as its parent's kind
            CatalogScope._kinds[cls.kind] = cls

    def filter(self, qualifications: QuerySet[Qualification]) -> QuerySet[Qualification]:
        raise NotImplementedError

    def args(self) -> dict:
        """JSON-serialisable arguments `from_args` rebuilds the scope from."""
        raise NotImplementedError

    @classmethod
    def from_args(cls, args: dict) -> CatalogScope:
        raise NotImplementedError

    def token(self) -> str:
        return signing.dumps({"kind": self.kind, "args": self.args()}, salt=_SALT, compress=True)

    @staticmethod
    def from_token(token: str) -> CatalogScope | None:
        """The scope a token was made from, or None for a forged, stale or unknown one."""
        try:
            data = signing.loads(token, salt=_SALT)
            return CatalogScope._kinds[data["kind"]].from_args(data["args"])
        except (signing.BadSignature, KeyError, TypeError, ValueError, LookupError):
            return None


class RangeScope(CatalogScope):
    """The qualifications covered by the `CatalogRange` rows matching `filters`, at `levels` (all if none given)."""

    kind = "ranges"

    def __init__(self, model: type[CatalogRange], *, label: str = "可选范围", levels=(), **filters):
        if not (isinstance(model, type) and issubclass(model, CatalogRange)) or model._meta.abstract:
            raise TypeError(f"{model!r} is not a concrete CatalogRange model")
        unknown = set(levels) - set(Level.values)
        if unknown:
            raise ValueError(f"unknown levels {sorted(unknown)}")
        self.model, self.label = model, label
        self.levels = tuple(sorted(levels))
        self.filters = {k: getattr(v, "pk", v) for k, v in filters.items()}

    def rows(self) -> QuerySet:
        rows = self.model.objects.filter(**self.filters)
        return rows.filter(level__in=self.levels) if self.levels else rows

    def filter(self, qualifications):
        return qualifications.filter(ranges_exist(self.rows()))

    def args(self) -> dict:
        return {"model": self.model._meta.label_lower, "label": self.label, "levels": list(self.levels),
                "filters": self.filters}

    @classmethod
    def from_args(cls, args):
        return cls(apps.get_model(args["model"]), label=args["label"], levels=args["levels"], **args["filters"])

    def __eq__(self, other):
        return isinstance(other, RangeScope) and self.args() == other.args()

    def __hash__(self):
        return hash(self.token())

    def __repr__(self):
        return f"RangeScope({self.model._meta.label}, levels={self.levels}, {self.filters})"


@dataclass(frozen=True)
class CatalogPick:
    """One choice of a `select_whole` picker: a whole series, a whole specialty, or one qualification.

    `offered` is the qualifications the picker offered (active, maybe without 以考代评, maybe within a scope):
    a whole series or specialty covers those of its qualifications only.
    """

    kind: str  # CatalogRange.Kind: "series" | "specialty" | "qualification"
    series: Series
    specialty: Specialty | None = None
    qualification: Qualification | None = None
    offered: QuerySet | None = field(default=None, compare=False, repr=False)

    SERIES: ClassVar[str] = CatalogRange.Kind.SERIES
    SPECIALTY: ClassVar[str] = CatalogRange.Kind.SPECIALTY
    QUALIFICATION: ClassVar[str] = CatalogRange.Kind.QUALIFICATION

    @property
    def obj(self):
        """The chosen Series, Specialty or Qualification."""
        return self.qualification or self.specialty or self.series

    @property
    def value(self) -> str:
        """How the picker submits it: `series:12`, `specialty:34`, or a qualification's plain pk."""
        return str(self.qualification.pk) if self.qualification else f"{self.kind}:{self.obj.pk}"

    @property
    def path(self) -> str:
        if self.qualification:
            return self.qualification.path
        if self.specialty:
            return f"{self.series.name}/{self.specialty.name}（整个专业）"
        return f"{self.series.name}（整个系列）"

    def __str__(self) -> str:
        return self.path

    def range_fields(self) -> dict:
        """The `CatalogRange` fields this pick fills (the level is the caller's, except for a qualification)."""
        return {"series": self.series, "specialty": self.specialty, "qualification": self.qualification}

    def qualifications(self) -> QuerySet[Qualification]:
        """The qualifications the pick covers, among those offered."""
        qs = self.offered if self.offered is not None else Qualification.objects.active().with_path()
        if self.qualification:
            return qs.filter(pk=self.qualification.pk)
        if self.specialty:
            return qs.filter(specialty=self.specialty)
        return qs.filter(specialty__series=self.series)

    @classmethod
    def of(cls, obj, offered: QuerySet | None = None) -> CatalogPick:
        """The pick of a Series, Specialty or Qualification (with its specialty and series loaded)."""
        if isinstance(obj, Qualification):
            return cls(cls.QUALIFICATION, obj.specialty.series, obj.specialty, obj, offered)
        if isinstance(obj, Specialty):
            return cls(cls.SPECIALTY, obj.series, obj, None, offered)
        if isinstance(obj, Series):
            return cls(cls.SERIES, obj, None, None, offered)
        raise TypeError(f"not a catalog entry: {obj!r}")
