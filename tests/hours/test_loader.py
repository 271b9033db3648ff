import io

import pytest
from django.core.management import CommandError, call_command

from zhuanji.audit.models import AuditEntry
from zhuanji.hours.loader import (
    FILE_NAME,
    THRESHOLDS_FILE_NAME,
    HoursConfigError,
    load_hours_config,
    load_hours_thresholds,
)
from zhuanji.hours.models import AreaLevel, HoursThreshold, RecognizerRule
from zhuanji.hours.selectors import recognizers_for, submission_threshold, threshold_for

HEADER = "series,area_level,prefecture_code,recognizer_code\n"


def _write(tmp_path, rows: str):
    (tmp_path / FILE_NAME).write_text(HEADER + rows, encoding="utf-8")
    return tmp_path


def test_loads_idempotently_and_removes_dropped_rows(hw, tmp_path):
    RecognizerRule.objects.all().delete()
    rows = f"教师系列,自治区,,{hw.competent.code}\n教师系列,地州,650100,{hw.hr_bureau.code}\n"
    assert load_hours_config(_write(tmp_path, rows)) == 2
    assert load_hours_config(tmp_path) == 2
    assert RecognizerRule.objects.count() == 2
    assert list(recognizers_for(area=hw.region, qualification=hw.catalog.professor)) == [hw.competent]
    assert list(recognizers_for(area=hw.urumqi, qualification=hw.catalog.lecturer)) == [hw.hr_bureau]
    assert not recognizers_for(area=hw.kashgar, qualification=hw.catalog.lecturer).exists()
    load_hours_config(_write(tmp_path, f"教师系列,region,,{hw.competent.code}\n"))
    assert list(RecognizerRule.objects.values_list("area_level", flat=True)) == [AreaLevel.REGION]


@pytest.mark.parametrize("row,message", [
    ("不存在系列,自治区,,{code}", "职称目录中没有系列"),
    ("教师系列,省级,,{code}", "未知的申报区域级别"),
    ("教师系列,自治区,650100,{code}", "申报区域为自治区时不能填写地州"),
    ("教师系列,地州,999999,{code}", "地州区划代码“999999”不存在"),
    ("教师系列,自治区,,NOPE", "单位编号“NOPE”不存在"),
])
def test_a_bad_row_changes_nothing(hw, tmp_path, row, message):
    before = set(RecognizerRule.objects.values_list("pk", flat=True))
    rows = f"工程系列,自治区,,{hw.competent.code}\n" + row.format(code=hw.competent.code) + "\n"
    with pytest.raises(HoursConfigError, match=message) as exc:
        load_hours_config(_write(tmp_path, rows))
    assert "第3行" in str(exc.value)
    assert set(RecognizerRule.objects.values_list("pk", flat=True)) == before


def test_command_reports_errors(db, tmp_path):
    with pytest.raises(CommandError, match="找不到数据文件"):
        call_command("load_hours_config", "--dir", str(tmp_path))


def test_shipped_configuration_loads_against_shipped_data(db):
    call_command("load_province")
    call_command("load_catalog")
    call_command("load_hours_config")
    assert RecognizerRule.objects.filter(series__name="教师系列", area_level=AreaLevel.REGION,
                                         recognizer__name="新疆维吾尔自治区教育厅").exists()


def test_demo_draft_for_the_demo_individual(hw):
    from zhuanji.hours.demo import load_demo

    application = load_demo(person=hw.person, qualification_code=hw.catalog.professor.code)
    assert application.items.get().evidence.count() == 1
    assert load_demo(person=hw.person, qualification_code=hw.catalog.professor.code) == application


def test_demo_submitted_application_waits_at_the_unit(hw):
    from zhuanji.hours.demo import load_submitted_demo
    from zhuanji.reviews.models import CaseState

    application = load_submitted_demo(person=hw.person, qualification_code=hw.catalog.associate.code)
    application.case.refresh_from_db()
    assert application.case.state == CaseState.PENDING
    assert application.case.current_org == hw.person.person.work_unit
    assert sum(item.hours for item in application.items.all()) == 60
    assert load_submitted_demo(person=hw.person, qualification_code=hw.catalog.associate.code) == application


# hours_thresholds.csv: the yearly requirement, named by its source document ------------------------------------

THRESHOLD_HEADER = "from_year,public,professional,total,document\n"


def _write_thresholds(tmp_path, rows: str):
    (tmp_path / THRESHOLDS_FILE_NAME).write_text(THRESHOLD_HEADER + rows, encoding="utf-8")
    return tmp_path


def test_thresholds_load_idempotently_and_drop_removed_years(db, tmp_path):
    rows = "2023,30,60,90,《专业技术人员继续教育规定》（人社部令第25号）\n2026,40,80,120,某省新规定\n"
    assert load_hours_thresholds(_write_thresholds(tmp_path, rows)) == 2
    assert load_hours_thresholds(tmp_path) == 2
    assert list(HoursThreshold.objects.order_by("from_year").values_list(
        "from_year", "public", "professional", "total")) == [(2023, 30, 60, 90), (2026, 40, 80, 120)]
    assert threshold_for(2025).document == "《专业技术人员继续教育规定》（人社部令第25号）"
    load_hours_thresholds(_write_thresholds(tmp_path, "2023,30,60,90,改后的依据\n"))
    assert list(HoursThreshold.objects.values_list("from_year", "document")) == [(2023, "改后的依据")]
    entry = AuditEntry.objects.filter(action="hours.load_thresholds").latest("pk")
    assert entry.after == {"thresholds": 1, "removed": 1}


@pytest.mark.parametrize("row,message", [
    ("二〇二三,30,60,90,依据", "生效年度“二〇二三”不正确"),
    ("1999,30,60,90,依据", "生效年度“1999”不正确"),
    ("2024,-30,60,90,依据", "公需科目学时“-30”不正确"),
    ("2024,30,六十,90,依据", "专业科目学时“六十”不正确"),
    ("2024,30,60,,依据", "合计学时“”不正确"),
    ("2024,30,60,80,依据", "合计学时80小于公需科目与专业科目学时之和90"),
    ("2024,30,60,90,", "请填写依据文件"),
    ("2024,30,60,90," + "文" * 201, "依据文件超过200字"),
    ("2023,30,60,90,重复的一行", "生效年度2023与第2行重复"),
])
def test_a_bad_threshold_row_is_named_and_changes_nothing(db, tmp_path, row, message):
    HoursThreshold.objects.create(from_year=2020, public=1, professional=2, total=3, document="旧")
    rows = "2023,30,60,90,依据\n" + row + "\n"
    with pytest.raises(HoursConfigError, match=message) as exc:
        load_hours_thresholds(_write_thresholds(tmp_path, rows))
    assert str(exc.value).startswith(f"{THRESHOLDS_FILE_NAME} 第3行：")
    assert list(HoursThreshold.objects.values_list("from_year", "document")) == [(2020, "旧")]


def test_an_empty_thresholds_file_is_refused(db, tmp_path):
    with pytest.raises(HoursConfigError, match="没有数据行"):
        load_hours_thresholds(_write_thresholds(tmp_path, ""))
    (tmp_path / THRESHOLDS_FILE_NAME).write_text("from_year,public,total,document\n", encoding="utf-8")
    with pytest.raises(HoursConfigError, match="缺少列：professional"):
        load_hours_thresholds(tmp_path)


def test_the_command_loads_both_files_or_neither(hw, tmp_path):
    _write(tmp_path, f"教师系列,自治区,,{hw.competent.code}\n")
    _write_thresholds(tmp_path, "2023,30,60,80,依据\n")
    rules = set(RecognizerRule.objects.values_list("pk", flat=True))
    with pytest.raises(CommandError, match="第2行：合计学时80"):
        call_command("load_hours_config", "--dir", str(tmp_path))
    assert set(RecognizerRule.objects.values_list("pk", flat=True)) == rules
    assert list(HoursThreshold.objects.all()) == [hw.threshold]


def test_shipped_thresholds_name_their_documents(db):
    out = io.StringIO()
    call_command("load_province", stdout=out)
    call_command("load_catalog", stdout=out)
    call_command("load_hours_config", stdout=out)
    assert "已载入继续教育学时标准 1 条" in out.getvalue()
    threshold = threshold_for(2026)
    assert (threshold.from_year, threshold.public, threshold.professional, threshold.total) == (2023, 30, 60, 90)
    assert "人力资源和社会保障部令第25号" in threshold.document
    assert submission_threshold(2026) == 60
