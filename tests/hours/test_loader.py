import pytest
from django.core.management import CommandError, call_command

from zhuanji.hours.loader import FILE_NAME, HoursConfigError, load_hours_config
from zhuanji.hours.models import AreaLevel, RecognizerRule
from zhuanji.hours.selectors import recognizers_for

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
