import io
import shutil

import pytest
from django.core.management import CommandError, call_command

from zhuanji.catalog.models import Level
from zhuanji.catalog.selectors import qualifications_offered
from zhuanji.orgs.loader import ProvinceDataError, load_province
from zhuanji.orgs.models import (
    BaseProfile,
    CommitteeContact,
    CommitteeProfile,
    CommitteeScope,
    Organisation,
    OrgKind,
    Region,
)
from zhuanji.orgs.scopes import CommitteeScopeOf

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
    # Every committee and base has its profile: 组建单位 / 主管单位 and levels are explicit, not the tree's parent.
    assert (result.committees, result.bases) == (14, 9)
    assert set(BaseProfile.objects.values_list("level", flat=True)) == {"national", "region", "prefecture"}
    assert not BaseProfile.objects.filter(supervisor__isnull=True).exists()
    base = BaseProfile.objects.select_related("supervisor").get(base__code="JXJD0007")
    assert (base.level, base.supervisor.code) == ("prefecture", "RSJ650100")
    assert CommitteeProfile.objects.count() == Organisation.objects.filter(kind=OrgKind.COMMITTEE).count() == 14
    assert not CommitteeProfile.objects.filter(founder__isnull=True).exists()
    kashgar = CommitteeProfile.objects.select_related("level", "founder").get(committee__code="PSWY0013")
    assert (kashgar.level.code, kashgar.founder.code, kashgar.location) == ("653100", "ZGBM0102", "喀什地区")
    assert CommitteeProfile.objects.filter(level__code="650000").count() == 11
    # No phone number is invented: the shipped data knows no contacts.
    assert result.contacts == 0 and not CommitteeContact.objects.exists()
    # 可评审专业 name catalog codes: without the catalog they wait (the command says so).
    assert result.scopes is None and not CommitteeScope.objects.exists()


def test_committee_scopes_load_once_the_catalog_is_there(settings):
    out = io.StringIO()
    call_command("load_province", stdout=out)
    assert "请先运行 load_catalog" in out.getvalue()
    call_command("load_catalog", stdout=io.StringIO())
    result = load_province(settings.PROVINCE_DATA_DIR)
    assert result.scopes == CommitteeScope.objects.count() > 14
    university = Organisation.objects.get(code="PSWY0001")
    offered = qualifications_offered(scope=CommitteeScopeOf(university))
    assert {q.path for q in offered} == {"教师系列/高校教师/教授(正高)", "教师系列/高校教师/副教授(副高)",
                                         "教师系列/高职教师/教授(正高)", "教师系列/高职教师/副教授(副高)"}
    # The whole 卫生系列 at 正高/副高 is two series rows, covering every specialty's high qualifications.
    health = CommitteeScope.objects.filter(committee__code="PSWY0004")
    assert sorted(health.values_list("level", flat=True)) == ["senior_deputy", "senior_full"]
    assert all(row.kind == "series" for row in health)
    health_offered = qualifications_offered(scope=CommitteeScopeOf(Organisation.objects.get(code="PSWY0004")))
    assert health_offered.count() == 80 and not health_offered.exclude(level__in=Level.high()).exists()
    # Loading again adds nothing; a scope the title office revoked since is not forced back either way.
    count = CommitteeScope.objects.count()
    load_province(settings.PROVINCE_DATA_DIR)
    assert CommitteeScope.objects.count() == count


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


REGIONS = ("code,name,short_name,level,parent_code,sort\n650000,新疆维吾尔自治区,自治区,region,,0\n"
           "650100,乌鲁木齐市,乌市,prefecture,650000,1\n")
ORGS = ("code,name,kind,region_code,parent_code\nPTGL0001,平台管理中心,platform,650000,\n"
        "RST650000,人社厅,hr_department,650000,\nRSJ650100,乌市人社局,hr_bureau,650100,RST650000\n")
BASES = "code,level,supervisor_code\n"
COMMITTEES = "code,level_code,founder_code,location,office_name,office_address\n"


def _write(directory, *, orgs="", bases="", committees="", contacts=None):
    (directory / "regions.csv").write_text(REGIONS, encoding="utf-8")
    (directory / "organisations.csv").write_text(ORGS + orgs, encoding="utf-8")
    (directory / "bases.csv").write_text(BASES + bases, encoding="utf-8")
    (directory / "committees.csv").write_text(COMMITTEES + committees, encoding="utf-8")
    if contacts is not None:
        (directory / "committee_contacts.csv").write_text("committee_code,post,name,phone\n" + contacts,
                                                           encoding="utf-8")


@pytest.mark.parametrize(("files", "message"), [
    ({"orgs": "BAD1,某机构,ministry,650000,\n"}, "organisations.csv 第5行：未知的机构类型“ministry”"),
    ({"orgs": "BAD1,某机构,competent,659999,\n"}, "organisations.csv 第5行：所属区域“659999”不存在"),
    ({"orgs": "BAD1,某机构,competent,650000,NOPE\n"}, "organisations.csv 第5行：上级单位编号“NOPE”不存在"),
    ({"orgs": "BAD1,某基地,ce_base,650000,\n"},
     "organisations.csv 第5行：继续教育基地“BAD1”在 bases.csv 中没有对应的行"),
    ({"orgs": "BAD1,某基地,ce_base,650000,\n", "bases": "BAD1,provincial,RSJ650100\n"},
     "bases.csv 第2行：未知的基地级别“provincial”"),
    ({"orgs": "BAD1,某基地,ce_base,650000,\n", "bases": "BAD1,自治区级,\n"},
     "bases.csv 第2行：继续教育基地必须填写主管单位"),
    ({"orgs": "BAD1,某基地,ce_base,650000,\n", "bases": "BAD1,地州级,PTGL0001\n"},
     "bases.csv 第2行：主管单位“PTGL0001”是平台管理，不能作为主管单位"),
    ({"bases": "RST650000,地州级,RSJ650100\n"},
     "bases.csv 第2行：继续教育基地“RST650000”是人社厅，不能作为继续教育基地"),
    ({"orgs": "PSWY1,某评委会,committee,650100,\n"},
     "organisations.csv 第5行：评审委员会“PSWY1”在 committees.csv 中没有对应的行"),
    ({"orgs": "PSWY1,某评委会,committee,650100,\n", "committees": "PSWY1,659999,,,,\n"},
     "committees.csv 第2行：评审级别“659999”不是已加载的区划代码"),
    ({"orgs": "PSWY1,某评委会,committee,650100,\n", "committees": "PSWY1,650100,NOPE,,,\n"},
     "committees.csv 第2行：组建单位“NOPE”不存在"),
    ({"orgs": "PSWY1,某评委会,committee,650100,\n",
      "committees": "PSWY1,650100,RSJ650100,,,\nPSWY1,650100,,,,\n"},
     "committees.csv 第3行：评审委员会“PSWY1”重复"),
    ({"orgs": "PSWY1,某评委会,committee,650100,\n", "committees": "PSWY1,650100,,,,\n",
      "contacts": "PSWY1,联系人,,\n"},
     "committee_contacts.csv 第2行：联系人姓名不能为空"),
    ({"contacts": "NOPE,联系人,张三,0991-1234567\n"},
     "committee_contacts.csv 第2行：评审委员会“NOPE”不存在或没有评审委员会信息"),
])
def test_a_bad_row_is_named_and_nothing_is_loaded(tmp_path, files, message):
    _write(tmp_path, **files)
    with pytest.raises(CommandError) as exc:
        call_command("load_province", "--dir", str(tmp_path))
    assert message in str(exc.value)
    assert not Region.objects.exists()
    assert not Organisation.objects.exists()


def test_profiles_and_contacts_load_and_update_in_place(tmp_path):
    _write(tmp_path, orgs="JD1,乌市基地,ce_base,650100,RSJ650100\nPSWY1,乌市评委会,committee,650100,RSJ650100\n",
           bases="JD1,地州级,RSJ650100\n", committees="PSWY1,650100,RSJ650100,乌鲁木齐市,乌市职称科,人民路1号\n",
           contacts="PSWY1,负责人,王主任,0991-1111111\nPSWY1,,李干事,\n")
    load_province(tmp_path)
    profile = CommitteeProfile.objects.get(committee__code="PSWY1")
    assert (profile.office_name, profile.office_address) == ("乌市职称科", "人民路1号")
    assert profile.founder.code == "RSJ650100"
    assert [(c.post, c.name, c.phone) for c in profile.contacts.all()] == [
        ("head", "王主任", "0991-1111111"), ("contact", "李干事", "")]
    _write(tmp_path, orgs="JD1,乌市基地,ce_base,650100,RSJ650100\nPSWY1,乌市评委会,committee,650100,RSJ650100\n",
           bases="JD1,自治区级,RSJ650100\n", committees="PSWY1,650100,RSJ650100,乌鲁木齐市,乌市职称办,人民路2号\n",
           contacts="PSWY1,负责人,王主任,0991-2222222\n")
    load_province(tmp_path)
    profile.refresh_from_db()
    assert (profile.office_name, profile.office_address) == ("乌市职称办", "人民路2号")
    assert profile.contacts.get(name="王主任").phone == "0991-2222222" and profile.contacts.count() == 2
    assert BaseProfile.objects.get(base__code="JD1").level == "region"
    assert (CommitteeProfile.objects.count(), BaseProfile.objects.count()) == (1, 1)


SCOPES_HEADER = "committee_code,series_code,specialty_code,qualification_code,levels\n"


@pytest.mark.parametrize(("row", "message"), [
    ("NOPE,03,,,正高", "评审委员会“NOPE”不存在或没有评审委员会信息"),
    ("PSWY1,99,,,正高", "系列代码“99”不在职称目录中"),
    ("PSWY1,03,00189,,正高", "专业代码“00189”不在教师系列中"),
    ("PSWY1,03,03001,0018902,", "资格代码“0018902”不在所填专业中"),
    ("PSWY1,03,03001,0300101,正高", "单个资格的级别即资格本身的级别，级别列请留空"),
    ("PSWY1,03,03001,,", "整个系列或专业须填写级别"),
    ("PSWY1,03,03001,,特级", "未知的级别“特级”"),
    ("PSWY1,01,,,正高", "工程系列没有正高的资格"),
])
def test_a_bad_scope_row_is_named(tmp_path, row, message):
    call_command("load_catalog", stdout=io.StringIO())
    _write(tmp_path, orgs="PSWY1,乌市评委会,committee,650100,RSJ650100\n", committees="PSWY1,650100,,,,\n")
    (tmp_path / "committee_scopes.csv").write_text(SCOPES_HEADER + row + "\n", encoding="utf-8")
    with pytest.raises(ProvinceDataError) as exc:
        load_province(tmp_path)
    assert message in str(exc.value) and str(exc.value).startswith("committee_scopes.csv 第2行：")
    assert not Organisation.objects.exists()


def test_a_scope_row_of_one_qualification_takes_its_level(tmp_path):
    call_command("load_catalog", stdout=io.StringIO())
    _write(tmp_path, orgs="PSWY1,乌市评委会,committee,650100,RSJ650100\n", committees="PSWY1,650100,,,,\n")
    (tmp_path / "committee_scopes.csv").write_text(SCOPES_HEADER + "PSWY1,03,03001,0300103,\n"
                                                   "PSWY1,03,03004,,中级|初级\n", encoding="utf-8")
    assert load_province(tmp_path).scopes == 3
    rows = {(r.kind, r.level) for r in CommitteeScope.objects.all()}
    assert rows == {("qualification", "intermediate"), ("specialty", "intermediate"), ("specialty", "junior")}


def test_bad_region_level_and_missing_file(tmp_path):
    (tmp_path / "regions.csv").write_text(
        "code,name,short_name,level,parent_code,sort\n650000,新疆,自治区,province,,0\n", encoding="utf-8")
    with pytest.raises(ProvinceDataError, match="regions.csv 第2行：未知的区域级别"):
        load_province(tmp_path)
    (tmp_path / "regions.csv").write_text("code,name,short_name,level,parent_code,sort\n", encoding="utf-8")
    with pytest.raises(ProvinceDataError, match="找不到数据文件"):
        load_province(tmp_path)
