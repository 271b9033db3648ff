import shutil

import pytest
from django.core.management import CommandError, call_command

from zhuanji.orgs.loader import ProvinceDataError, load_province
from zhuanji.orgs.models import Organisation, OrgKind, Region

pytestmark = pytest.mark.django_db


def test_xinjiang_data_loads_region_and_fourteen_prefectures(settings):
    result = load_province(settings.PROVINCE_DATA_DIR)
    assert result.regions == 15
    assert Region.objects.get(code="650000").level == Region.Level.REGION
    assert Region.objects.filter(parent__code="650000", level=Region.Level.PREFECTURE).count() == 14
    assert Region.objects.get(code="650100").short_name == "乌市"
    assert Organisation.objects.filter(kind=OrgKind.HR_BUREAU).count() == 14
    assert Organisation.objects.filter(kind=OrgKind.TITLE_OFFICE).count() == 15
    hr = Organisation.objects.get(kind=OrgKind.HR_DEPARTMENT)
    assert hr.name == "新疆维吾尔自治区人力资源和社会保障厅"
    assert set(Organisation.objects.filter(kind=OrgKind.CE_BASE).values_list("base_level", flat=True)) == {
        "national", "region", "prefecture"}
    assert Organisation.objects.filter(kind=OrgKind.COMMITTEE, parent__isnull=True).count() == 0


def test_loading_twice_updates_instead_of_duplicating(settings, tmp_path):
    call_command("load_province")
    counts = (Region.objects.count(), Organisation.objects.count())
    data = tmp_path / "province"
    shutil.copytree(settings.PROVINCE_DATA_DIR, data)
    text = (data / "organisations.csv").read_text(encoding="utf-8")
    (data / "organisations.csv").write_text(text.replace("平台管理中心", "平台运营管理中心"), encoding="utf-8")
    call_command("load_province", "--dir", str(data))
    assert (Region.objects.count(), Organisation.objects.count()) == counts
    assert Organisation.objects.get(code="PTGL0001").name == "平台运营管理中心"


@pytest.mark.parametrize(("row", "message"), [
    ("BAD1,某机构,ministry,650000,,", "organisations.csv 第4行：未知的机构类型“ministry”"),
    ("BAD1,某机构,competent,659999,,", "organisations.csv 第4行：所属区域“659999”不存在"),
    ("BAD1,某机构,competent,650000,NOPE,", "organisations.csv 第4行：上级单位编号“NOPE”不存在"),
    ("BAD1,某基地,ce_base,650000,,", "organisations.csv 第4行：继续教育基地必须填写基地级别"),
])
def test_a_bad_row_is_named_and_nothing_is_loaded(tmp_path, row, message):
    (tmp_path / "regions.csv").write_text(
        "code,name,short_name,level,parent_code,sort\n650000,新疆维吾尔自治区,自治区,region,,0\n"
        "650100,乌鲁木齐市,乌市,prefecture,650000,1\n", encoding="utf-8")
    (tmp_path / "organisations.csv").write_text(
        "code,name,kind,region_code,parent_code,base_level\nPTGL0001,平台管理中心,platform,650000,,\n"
        f"RST650000,人社厅,hr_department,650000,,\n{row}\n", encoding="utf-8")
    with pytest.raises(CommandError) as exc:
        call_command("load_province", "--dir", str(tmp_path))
    assert message in str(exc.value)
    assert not Region.objects.exists()
    assert not Organisation.objects.exists()


def test_bad_region_level_and_missing_file(tmp_path):
    (tmp_path / "regions.csv").write_text(
        "code,name,short_name,level,parent_code,sort\n650000,新疆,自治区,province,,0\n", encoding="utf-8")
    with pytest.raises(ProvinceDataError, match="regions.csv 第2行：未知的区域级别"):
        load_province(tmp_path)
    (tmp_path / "regions.csv").write_text("code,name,short_name,level,parent_code,sort\n", encoding="utf-8")
    with pytest.raises(ProvinceDataError, match="找不到数据文件"):
        load_province(tmp_path)
