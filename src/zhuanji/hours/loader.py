"""Load the province's hours configuration: who recognises hours (`hours_recognizers.csv`) and the yearly
continuing-education requirement (`hours_thresholds.csv`).

Each file is the whole configuration of its table: loading makes the table match it (rows missing from the
file are removed), inside one transaction, so a bad row changes nothing.

`hours_recognizers.csv` columns: `series` (系列 name as in the catalog), `area_level` (自治区 / 地州),
`prefecture_code` (a 地州's 区划代码, empty = any 地州; must be empty for 自治区), `recognizer_code` (the
organisation's 单位编号).

`hours_thresholds.csv` columns: `from_year` (生效年度: the row applies from that year until a later row's),
`public` (公需科目 hours at least), `professional` (专业科目 hours at least), `total` (合计 hours at least), all
whole 学时, and `document` (依据文件: the document the figures come from).
"""

from pathlib import Path

from django.db import transaction

from zhuanji.audit.services import SYSTEM, record
from zhuanji.catalog.models import Series
from zhuanji.common.datafiles import csv_rows
from zhuanji.orgs.models import Organisation, Region

from .models import AreaLevel, HoursThreshold, RecognizerRule

COLUMNS = ("series", "area_level", "prefecture_code", "recognizer_code")
FILE_NAME = "hours_recognizers.csv"
THRESHOLD_COLUMNS = ("from_year", "public", "professional", "total", "document")
THRESHOLDS_FILE_NAME = "hours_thresholds.csv"
_FIGURES = (("public", "公需科目学时"), ("professional", "专业科目学时"), ("total", "合计学时"))
_LEVELS = {label: value for value, label in AreaLevel.choices} | {v: v for v in AreaLevel.values}


class HoursConfigError(Exception):
    """A configuration row that cannot be loaded; the message names the file and the row."""


def _rule_for(path: Path, number: int, row: dict, series: dict, prefectures: dict, orgs: dict) -> dict:
    def fail(message):
        raise HoursConfigError(f"{path.name} 第{number}行：{message}")

    if row["series"] not in series:
        fail(f"职称目录中没有系列“{row['series']}”")
    level = _LEVELS.get(row["area_level"])
    if level is None:
        fail(f"未知的申报区域级别“{row['area_level']}”（应为 自治区 或 地州）")
    prefecture = None
    if row["prefecture_code"]:
        if level == AreaLevel.REGION:
            fail("申报区域为自治区时不能填写地州")
        prefecture = prefectures.get(row["prefecture_code"])
        if prefecture is None:
            fail(f"地州区划代码“{row['prefecture_code']}”不存在")
    recognizer = orgs.get(row["recognizer_code"])
    if recognizer is None:
        fail(f"单位编号“{row['recognizer_code']}”不存在")
    return {"series": series[row["series"]], "area_level": level, "prefecture": prefecture,
            "recognizer": recognizer}


def load_hours_config(directory: Path) -> int:
    path = Path(directory) / FILE_NAME
    rows = list(csv_rows(path, COLUMNS, error=HoursConfigError))
    series = {s.name: s for s in Series.objects.all()}
    prefectures = {r.code: r for r in Region.objects.filter(level=Region.Level.PREFECTURE)}
    codes = {row["recognizer_code"] for _, row in rows}
    orgs = {o.code: o for o in Organisation.objects.filter(code__in=codes)}
    with transaction.atomic():
        keep = []
        for number, row in rows:
            rule, _ = RecognizerRule.objects.get_or_create(**_rule_for(path, number, row, series, prefectures, orgs))
            keep.append(rule.pk)
        removed, _ = RecognizerRule.objects.exclude(pk__in=keep).delete()
        record(actor=SYSTEM, action="hours.load_config", object_type="hours.recognizerrule",
               object_repr=str(path), after={"rules": len(keep), "removed": removed})
    return len(keep)


def _threshold_for(path: Path, number: int, row: dict) -> dict:
    def fail(message):
        raise HoursConfigError(f"{path.name} 第{number}行：{message}")

    if not (row["from_year"].isdigit() and 2000 <= int(row["from_year"]) <= 2100):
        fail(f"生效年度“{row['from_year']}”不正确（应为2000至2100之间的年份）")
    values = {"from_year": int(row["from_year"])}
    for column, label in _FIGURES:
        if not (row[column].isdigit() and int(row[column]) <= 9999):
            fail(f"{label}“{row[column]}”不正确（应为不超过9999的整数）")
        values[column] = int(row[column])
    if values["total"] < values["public"] + values["professional"]:
        fail(f"合计学时{values['total']}小于公需科目与专业科目学时之和"
             f"{values['public'] + values['professional']}")
    if not row["document"]:
        fail("请填写依据文件")
    max_length = HoursThreshold._meta.get_field("document").max_length
    if len(row["document"]) > max_length:
        fail(f"依据文件超过{max_length}字")
    return values | {"document": row["document"]}


def load_hours_thresholds(directory: Path) -> int:
    path = Path(directory) / THRESHOLDS_FILE_NAME
    rows = list(csv_rows(path, THRESHOLD_COLUMNS, error=HoursConfigError))
    if not rows:
        raise HoursConfigError(f"{path.name} 没有数据行：至少需要一行继续教育学时标准")
    seen: dict[int, int] = {}
    with transaction.atomic():
        for number, row in rows:
            values = _threshold_for(path, number, row)
            year = values.pop("from_year")
            if year in seen:
                raise HoursConfigError(f"{path.name} 第{number}行：生效年度{year}与第{seen[year]}行重复")
            seen[year] = number
            HoursThreshold.objects.update_or_create(from_year=year, defaults=values)
        removed, _ = HoursThreshold.objects.exclude(from_year__in=seen).delete()
        record(actor=SYSTEM, action="hours.load_thresholds", object_type="hours.hoursthreshold",
               object_repr=str(path), after={"thresholds": len(seen), "removed": removed})
    return len(seen)
