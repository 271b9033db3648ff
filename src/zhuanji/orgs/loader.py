"""Load a province's regions and organisation tree from its data directory (`regions.csv`, `organisations.csv`).

Region and organisation data is data, not code: another province loads its own directory. Loading is
idempotent (rows are matched by code) and all-or-nothing: a bad row raises before anything is committed.
"""

from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from zhuanji.audit.services import SYSTEM, record
from zhuanji.common.datafiles import csv_rows

from .models import Organisation, OrgKind, Region

REGION_COLUMNS = ("code", "name", "short_name", "level", "parent_code", "sort")
ORG_COLUMNS = ("code", "name", "kind", "region_code", "parent_code", "base_level")


class ProvinceDataError(Exception):
    """A data file row that cannot be loaded; the message names the file and the row."""


@dataclass
class LoadResult:
    regions: int
    organisations: int


def _fail(path: Path, number: int, message: str):
    raise ProvinceDataError(f"{path.name} 第{number}行：{message}")


def _load_regions(path: Path) -> int:
    levels = set(Region.Level.values)
    count = 0
    for number, row in csv_rows(path, REGION_COLUMNS, error=ProvinceDataError):
        if not row["code"] or not row["name"]:
            _fail(path, number, "区划代码和名称不能为空")
        if row["level"] not in levels:
            _fail(path, number, f"未知的区域级别“{row['level']}”（应为 {'/'.join(sorted(levels))}）")
        parent = None
        if row["parent_code"]:
            parent = Region.objects.filter(code=row["parent_code"]).first()
            if parent is None:
                _fail(path, number, f"上级区划代码“{row['parent_code']}”不存在（上级须列在下级之前）")
        try:
            sort = int(row["sort"] or 0)
        except ValueError:
            _fail(path, number, f"排序“{row['sort']}”不是整数")
        Region.objects.update_or_create(
            code=row["code"],
            defaults={"name": row["name"], "short_name": row["short_name"], "level": row["level"],
                      "parent": parent, "sort": sort},
        )
        count += 1
    return count


def _load_organisations(path: Path) -> int:
    kinds = set(OrgKind.values)
    base_levels = set(Organisation.BaseLevel.values)
    regions = {r.code: r for r in Region.objects.all()}
    count = 0
    for number, row in csv_rows(path, ORG_COLUMNS, error=ProvinceDataError):
        if not row["code"] or not row["name"]:
            _fail(path, number, "单位编号和单位名称不能为空")
        if row["kind"] not in kinds:
            _fail(path, number, f"未知的机构类型“{row['kind']}”")
        region = regions.get(row["region_code"])
        if region is None:
            _fail(path, number, f"所属区域“{row['region_code']}”不存在")
        if row["base_level"] and row["base_level"] not in base_levels:
            _fail(path, number, f"未知的基地级别“{row['base_level']}”")
        if row["kind"] == OrgKind.CE_BASE and not row["base_level"]:
            _fail(path, number, "继续教育基地必须填写基地级别")
        parent = None
        if row["parent_code"]:
            parent = Organisation.objects.filter(code=row["parent_code"]).first()
            if parent is None:
                _fail(path, number, f"上级单位编号“{row['parent_code']}”不存在（上级须列在下级之前）")
        Organisation.objects.update_or_create(
            code=row["code"],
            defaults={"name": row["name"], "kind": row["kind"], "region": region, "parent": parent,
                      "base_level": row["base_level"]},
        )
        count += 1
    return count


def load_province(directory: Path) -> LoadResult:
    directory = Path(directory)
    with transaction.atomic():
        result = LoadResult(
            regions=_load_regions(directory / "regions.csv"),
            organisations=_load_organisations(directory / "organisations.csv"),
        )
        record(actor=SYSTEM, action="orgs.load_province", object_type="orgs.province",
               object_repr=str(directory), after={"regions": result.regions, "organisations": result.organisations})
    return result
