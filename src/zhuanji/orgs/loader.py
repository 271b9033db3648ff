"""Load a province's regions, organisation tree and what its committees and CE bases are, from its data directory.

Files: `regions.csv`, `organisations.csv` (the tree: `parent_code` is the 上级单位 in 机构管理, nothing more);
`bases.csv` (each CE base's 基地级别 and 主管单位) and `committees.csv` (each committee's 评审级别 — a region code —
组建单位, 所在地点, 办事机构 and its address), required as soon as the tree has such organisations;
optionally `committee_contacts.csv` (办事机构 contacts, several per committee) and `committee_scopes.csv`
(可评审专业: a whole series, a specialty or a qualification by catalog code, at levels such as `正高|副高`).
Scopes name catalog codes, so they load once the catalog is there (`load_catalog`); before that they are
skipped and the result says so.

Region and organisation data is data, not code: another province loads its own directory. Loading is
idempotent (rows are matched by code; contacts by name; scopes are added, never removed, since title offices
grant and revoke them afterwards) and all-or-nothing: a bad row raises before anything is committed.
"""

from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from zhuanji.audit.services import SYSTEM, record
from zhuanji.catalog.models import Level, Qualification, Series, Specialty
from zhuanji.common.datafiles import csv_rows

from .models import (
    FOUNDER_KINDS,
    SUPERVISOR_KINDS,
    BaseLevel,
    BaseProfile,
    CommitteeContact,
    CommitteeProfile,
    CommitteeScope,
    Organisation,
    OrgKind,
    Region,
)

REGION_COLUMNS = ("code", "name", "short_name", "level", "parent_code", "sort")
ORG_COLUMNS = ("code", "name", "kind", "region_code", "parent_code")
BASE_COLUMNS = ("code", "level", "supervisor_code")
COMMITTEE_COLUMNS = ("code", "level_code", "founder_code", "location", "office_name", "office_address")
CONTACT_COLUMNS = ("committee_code", "post", "name", "phone")
SCOPE_COLUMNS = ("committee_code", "series_code", "specialty_code", "qualification_code", "levels")


class ProvinceDataError(Exception):
    """A data file row that cannot be loaded; the message names the file and the row."""


@dataclass
class LoadResult:
    regions: int
    organisations: int
    bases: int = 0
    committees: int = 0
    contacts: int = 0
    # Scope rows read, or None when the catalog is not loaded yet (the file was skipped).
    scopes: int | None = 0


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


def _load_organisations(path: Path) -> dict[str, tuple[int, str]]:
    """The tree; returns {code: (row number, kind)} of the rows read, for the profile files to check against."""
    kinds = set(OrgKind.values)
    regions = {r.code: r for r in Region.objects.all()}
    loaded = {}
    for number, row in csv_rows(path, ORG_COLUMNS, error=ProvinceDataError):
        if not row["code"] or not row["name"]:
            _fail(path, number, "单位编号和单位名称不能为空")
        if row["kind"] not in kinds:
            _fail(path, number, f"未知的机构类型“{row['kind']}”")
        region = regions.get(row["region_code"])
        if region is None:
            _fail(path, number, f"所属区域“{row['region_code']}”不存在")
        parent = None
        if row["parent_code"]:
            parent = Organisation.objects.filter(code=row["parent_code"]).first()
            if parent is None:
                _fail(path, number, f"上级单位编号“{row['parent_code']}”不存在（上级须列在下级之前）")
        Organisation.objects.update_or_create(
            code=row["code"],
            defaults={"name": row["name"], "kind": row["kind"], "region": region, "parent": parent},
        )
        loaded[row["code"]] = (number, row["kind"])
    return loaded


def _org(path: Path, number: int, code: str, what: str, kinds) -> Organisation:
    org = Organisation.objects.filter(code=code).first()
    if org is None:
        _fail(path, number, f"{what}“{code}”不存在")
    if org.kind not in kinds:
        _fail(path, number, f"{what}“{code}”是{org.get_kind_display()}，不能作为{what}")
    return org


def _profile_rows(path: Path, columns, kind: str, loaded: dict[str, tuple[int, str]], label: str):
    """Rows of a profile file, each naming an organisation of `kind`; every such organisation must have one."""
    expected = {code: number for code, (number, k) in loaded.items() if k == kind}
    if not expected and not path.exists():
        return
    seen = set()
    for number, row in csv_rows(path, columns, error=ProvinceDataError):
        org = _org(path, number, row["code"], label, (kind,))
        if org.code in seen:
            _fail(path, number, f"{label}“{org.code}”重复")
        seen.add(org.code)
        yield number, row, org
    for code, number in expected.items():
        if code not in seen:
            raise ProvinceDataError(f"organisations.csv 第{number}行：{label}“{code}”在 {path.name} 中没有对应的行")


def _load_bases(path: Path, loaded) -> int:
    levels = {**{v: v for v in BaseLevel.values}, **{label: v for v, label in BaseLevel.choices}}
    count = 0
    for number, row, base in _profile_rows(path, BASE_COLUMNS, OrgKind.CE_BASE, loaded, "继续教育基地"):
        level = levels.get(row["level"])
        if level is None:
            _fail(path, number, f"未知的基地级别“{row['level']}”（应为 国家级/自治区级/地州级）")
        if not row["supervisor_code"]:
            _fail(path, number, "继续教育基地必须填写主管单位")
        supervisor = _org(path, number, row["supervisor_code"], "主管单位", SUPERVISOR_KINDS)
        BaseProfile.objects.update_or_create(base=base, defaults={"level": level, "supervisor": supervisor})
        count += 1
    return count


def _load_committees(path: Path, loaded) -> int:
    regions = {r.code: r for r in Region.objects.all()}
    count = 0
    for number, row, committee in _profile_rows(path, COMMITTEE_COLUMNS, OrgKind.COMMITTEE, loaded, "评审委员会"):
        level = regions.get(row["level_code"])
        if level is None:
            _fail(path, number, f"评审级别“{row['level_code']}”不是已加载的区划代码")
        founder = _org(path, number, row["founder_code"], "组建单位", FOUNDER_KINDS) if row["founder_code"] else None
        CommitteeProfile.objects.update_or_create(
            committee=committee,
            defaults={"level": level, "founder": founder, "location": row["location"],
                      "office_name": row["office_name"], "office_address": row["office_address"]})
        count += 1
    return count


def _committee_profile(path: Path, number: int, code: str) -> CommitteeProfile:
    profile = CommitteeProfile.objects.filter(committee__code=code).select_related("committee").first()
    if profile is None:
        _fail(path, number, f"评审委员会“{code}”不存在或没有评审委员会信息")
    return profile


def _load_contacts(path: Path) -> int:
    if not path.exists():
        return 0
    posts = {**{v: v for v in CommitteeContact.Post.values}, **{label: v for v, label in CommitteeContact.Post.choices}}
    count = 0
    for number, row in csv_rows(path, CONTACT_COLUMNS, error=ProvinceDataError):
        profile = _committee_profile(path, number, row["committee_code"])
        if not row["name"]:
            _fail(path, number, "联系人姓名不能为空")
        post = posts.get(row["post"] or CommitteeContact.Post.CONTACT)
        if post is None:
            _fail(path, number, f"未知的职责“{row['post']}”（应为 负责人/联系人）")
        CommitteeContact.objects.update_or_create(profile=profile, name=row["name"],
                                                  defaults={"post": post, "phone": row["phone"], "sort": number})
        count += 1
    return count


def _load_scopes(path: Path) -> int | None:
    """可评审专业 rows, added where missing; None when the catalog is not loaded (so nothing can be named)."""
    if not path.exists():
        return 0
    if not Series.objects.exists():
        return None
    levels = {**{v: v for v in Level.values}, **{label: v for v, label in Level.choices}}
    count = 0
    for number, row in csv_rows(path, SCOPE_COLUMNS, error=ProvinceDataError):
        committee = _committee_profile(path, number, row["committee_code"]).committee
        series = Series.objects.filter(code=row["series_code"]).first()
        if series is None:
            _fail(path, number, f"系列代码“{row['series_code']}”不在职称目录中")
        specialty = qualification = None
        if row["specialty_code"]:
            specialty = Specialty.objects.filter(code=row["specialty_code"], series=series).first()
            if specialty is None:
                _fail(path, number, f"专业代码“{row['specialty_code']}”不在{series.name}中")
        if row["qualification_code"]:
            qualification = Qualification.objects.filter(code=row["qualification_code"], specialty=specialty).first()
            if specialty is None or qualification is None:
                _fail(path, number, f"资格代码“{row['qualification_code']}”不在所填专业中")
        chosen = [v for v in row["levels"].replace("、", "|").split("|") if v.strip()]
        if qualification is not None:
            if chosen:
                _fail(path, number, "单个资格的级别即资格本身的级别，级别列请留空")
            chosen = [qualification.level]
        if not chosen:
            _fail(path, number, "整个系列或专业须填写级别，如 正高|副高")
        for label in chosen:
            level = levels.get(label.strip())
            if level is None:
                _fail(path, number, f"未知的级别“{label}”（应为 正高/副高/中级/初级）")
            covered = Qualification.objects.filter(level=level, specialty__series=series)
            if specialty is not None:
                covered = covered.filter(specialty=specialty)
            if not covered.exists():
                _fail(path, number, f"{specialty or series}没有{Level(level).label}的资格")
            CommitteeScope.objects.get_or_create(committee=committee, series=series, specialty=specialty,
                                                 qualification=qualification, level=level)
            count += 1
    return count


def load_province(directory: Path) -> LoadResult:
    directory = Path(directory)
    with transaction.atomic():
        regions = _load_regions(directory / "regions.csv")
        loaded = _load_organisations(directory / "organisations.csv")
        result = LoadResult(
            regions=regions,
            organisations=len(loaded),
            bases=_load_bases(directory / "bases.csv", loaded),
            committees=_load_committees(directory / "committees.csv", loaded),
            contacts=_load_contacts(directory / "committee_contacts.csv"),
            scopes=_load_scopes(directory / "committee_scopes.csv"),
        )
        record(actor=SYSTEM, action="orgs.load_province", object_type="orgs.province",
               object_repr=str(directory), after={"regions": result.regions, "organisations": result.organisations,
                                                  "bases": result.bases, "committees": result.committees,
                                                  "contacts": result.contacts, "scopes": result.scopes})
    return result
