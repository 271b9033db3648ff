"""Every change to the catalog: importing a catalog file and toggling 以考代评."""

from dataclasses import dataclass, field

from django.db import transaction

from zhuanji.audit.services import SYSTEM, record, snapshot
from zhuanji.orgs.access import require_perm

from .importer import Plan, build_plan, read_rows
from .models import Qualification, Series, Specialty

MANAGE = "platform.manage_catalog"


@dataclass
class ImportResult:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    deactivated: dict[str, int] = field(default_factory=dict)

    @property
    def summary(self) -> str:
        labels = {"series": "系列", "specialties": "专业", "qualifications": "资格"}
        parts = [f"{label}：新增{self.created.get(k, 0)}，更新{self.updated.get(k, 0)}"
                 + (f"，停用{self.deactivated[k]}" if self.deactivated.get(k) else "")
                 for k, label in labels.items()]
        return "；".join(parts)


def catalog_import(*, actor, data: bytes, filename: str = "", replace: bool = False) -> ImportResult:
    """Import a catalog file: every row is checked first, then all is written in one transaction.

    Codes are the identity: a known code is updated, a new one created. With `replace`, catalog entries
    whose code is not in the file are deactivated (never deleted: applications point at them).
    Raises `importer.CatalogFileError` listing every bad row; nothing is written then.
    """
    if actor != SYSTEM:  # the import_catalog command
        require_perm(actor, MANAGE)
    plan = build_plan(read_rows(data, filename))
    with transaction.atomic():
        result = _apply(plan, replace=replace)
        record(actor=actor, action="catalog.import", object_type="catalog", object_repr=filename or "catalog",
               after={"replace": replace, "created": result.created, "updated": result.updated,
                      "deactivated": result.deactivated})
    return result


def _apply(plan: Plan, *, replace: bool) -> ImportResult:
    result = ImportResult()
    series_ids = _upsert(Series, plan.series, ("name", "sort"), result, "series")
    specialties = {code: {**item, "series_id": series_ids[item["series"]]} for code, item in plan.specialties.items()}
    specialty_ids = _upsert(Specialty, specialties, ("name", "group", "sort", "series_id"), result, "specialties")
    qualifications = {code: {**item, "specialty_id": specialty_ids[item["specialty"]]}
                      for code, item in plan.qualifications.items()}
    _upsert(Qualification, qualifications, ("name", "level", "grade", "exam_only", "sort", "specialty_id"), result,
            "qualifications")
    if replace:
        for model, codes, key in ((Series, plan.series, "series"), (Specialty, plan.specialties, "specialties"),
                                  (Qualification, plan.qualifications, "qualifications")):
            result.deactivated[key] = model.objects.filter(is_active=True).exclude(code__in=list(codes)).update(
                is_active=False)
    return result


def _upsert(model, items: dict[str, dict], fields: tuple[str, ...], result: ImportResult, key: str) -> dict[str, int]:
    """Create or update `model` rows by code in bulk; return {code: pk}."""
    existing = {obj.code: obj for obj in model.objects.filter(code__in=list(items))}
    to_create, to_update = [], []
    for code, item in items.items():
        values = {f: item[f] for f in fields}
        obj = existing.get(code)
        if obj is None:
            to_create.append(model(code=code, is_active=True, **values))
        elif not obj.is_active or any(getattr(obj, f) != v for f, v in values.items()):
            for f, v in values.items():
                setattr(obj, f, v)
            obj.is_active = True
            to_update.append(obj)
    model.objects.bulk_create(to_create, batch_size=500)
    model.objects.bulk_update(to_update, [*fields, "is_active"], batch_size=500)
    result.created[key] = len(to_create)
    result.updated[key] = len(to_update)
    return dict(model.objects.filter(code__in=list(items)).values_list("code", "pk"))


def qualification_set_exam_only(*, actor, qualification: Qualification, exam_only: bool) -> Qualification:
    """Mark a qualification 以考代评 (or lift it): exam-only qualifications cannot be applied for."""
    require_perm(actor, MANAGE)
    with transaction.atomic():
        qualification = Qualification.objects.select_for_update(of=("self",)).with_path().get(pk=qualification.pk)
        before = snapshot(qualification, ("exam_only",))
        qualification.exam_only = exam_only
        qualification.full_clean()
        qualification.save(update_fields=["exam_only"])
        record(actor=actor, action="catalog.qualification.exam_only", obj=qualification, before=before,
               after=snapshot(qualification, ("exam_only",)))
    return qualification
