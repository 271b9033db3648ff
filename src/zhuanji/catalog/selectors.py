"""Reads of the catalog: the picker's three columns, lookups, and the administrator's lists.

The catalog is public reference data (every applicant picks from it), so reads are not scoped to an
organisation; only active rows are offered. `exclude_exam_only` drops 以考代评 qualifications, and the
series and specialties left with none, for forms where one applies for evaluation; a `scope`
(`catalog.scopes.CatalogScope`) narrows them the same way to a part of the catalog (a committee's 可评审专业 …).
"""

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from .models import Level, Qualification, Series, Specialty
from .scopes import CatalogScope


def qualifications_offered(*, exclude_exam_only: bool = False,
                           scope: CatalogScope | None = None) -> QuerySet[Qualification]:
    qs = Qualification.objects.active().with_path()
    if exclude_exam_only:
        qs = qs.filter(exam_only=False)
    return scope.filter(qs) if scope is not None else qs


def series_list(*, exclude_exam_only: bool = False, scope: CatalogScope | None = None) -> QuerySet[Series]:
    offered = qualifications_offered(exclude_exam_only=exclude_exam_only, scope=scope)
    return Series.objects.filter(Exists(offered.filter(specialty__series=OuterRef("pk"))))


def specialty_list(series, *, exclude_exam_only: bool = False,
                   scope: CatalogScope | None = None) -> QuerySet[Specialty]:
    offered = qualifications_offered(exclude_exam_only=exclude_exam_only, scope=scope)
    return Specialty.objects.filter(Q(series=series) & Exists(offered.filter(specialty=OuterRef("pk"))))


def qualification_list(specialty, *, exclude_exam_only: bool = False,
                       scope: CatalogScope | None = None) -> QuerySet[Qualification]:
    return qualifications_offered(exclude_exam_only=exclude_exam_only, scope=scope).filter(specialty=specialty)


def qualification_get(pk) -> Qualification:
    """An active qualification with what its `path` needs; raises Qualification.DoesNotExist."""
    return qualifications_offered().get(pk=pk)


def qualification_search(q: str = "", *, series=None, level: str = "", exam_only: bool | None = None,
                         active_only: bool = True) -> QuerySet[Qualification]:
    """Keyword search over series, specialty and qualification names and codes."""
    qs = Qualification.objects.active() if active_only else Qualification.objects.all()
    condition = Q()
    if q:
        condition &= (Q(name__icontains=q) | Q(code__startswith=q) | Q(specialty__name__icontains=q)
                      | Q(specialty__code__startswith=q) | Q(specialty__group__icontains=q)
                      | Q(specialty__series__name__icontains=q))
    if series:
        condition &= Q(specialty__series=series)
    if level in Level.values:
        condition &= Q(level=level)
    if exam_only is not None:
        condition &= Q(exam_only=exam_only)
    return qs.filter(condition).with_path()


def series_overview(q: str = "") -> QuerySet[Series]:
    """All series (active or not) with their numbers of specialties and qualifications."""
    # Aggregating queries drop Meta.ordering, so the order is spelled out for pagination.
    qs = Series.objects.annotate(
        specialty_count=Count("specialties", distinct=True),
        qualification_count=Count("specialties__qualifications", distinct=True),
    ).order_by("sort", "code")
    return qs.filter(Q(name__icontains=q) | Q(code__startswith=q)) if q else qs


def specialty_search(q: str = "", *, series=None) -> QuerySet[Specialty]:
    condition = Q()
    if q:
        condition &= Q(name__icontains=q) | Q(code__startswith=q) | Q(group__icontains=q)
    if series:
        condition &= Q(series=series)
    return (Specialty.objects.filter(condition).select_related("series")
            .annotate(qualification_count=Count("qualifications")).order_by("series__sort", "sort", "code"))
