"""Load which organisation recognises hours for which series (`hours_recognizers.csv`).

The file is the whole configuration: loading makes the table match it (rows missing from the file are
removed), inside one transaction, so a bad row changes nothing. Columns:
`series` (系列 name as in the catalog), `area_level` (自治区 / 地州), `prefecture_code` (a 地州's
区划代码, empty = any 地州; must be empty for 自治区), `recognizer_code` (the organisation's 单位编号).
"""

from pathlib import Path

from django.db import transaction

from zhuanji.audit.services import SYSTEM, record
from zhuanji.catalog.models import Series
from zhuanji.common.datafiles import csv_rows
from zhuanji.orgs.models import Organisation, Region

from .models import AreaLevel, RecognizerRule

COLUMNS = ("series", "area_level", "prefecture_code", "recognizer_code")
FILE_NAME = "hours_recognizers.csv"
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
