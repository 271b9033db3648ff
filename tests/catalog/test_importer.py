import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from zhuanji.audit.models import AuditEntry
from zhuanji.audit.services import SYSTEM
from zhuanji.catalog.importer import COLUMNS, CatalogFileError
from zhuanji.catalog.models import Grade, Level, Qualification, Series, Specialty
from zhuanji.catalog.services import catalog_import

from .conftest import HEADER, ROWS, csv_bytes

pytestmark = pytest.mark.django_db


def xlsx_bytes(rows: list[list]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(COLUMNS))
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def counts():
    return Series.objects.count(), Specialty.objects.count(), Qualification.objects.count()


def test_good_file_imports_everything_with_levels_grades_and_exam_only():
    result = catalog_import(actor=SYSTEM, data=csv_bytes(), filename="catalog.csv")

    assert counts() == (3, 4, 11)
    assert result.created == {"series": 3, "specialties": 4, "qualifications": 11}
    assistant = Qualification.objects.get(code="0018903")
    assert (assistant.level, assistant.grade, assistant.exam_only) == (Level.JUNIOR, Grade.ASSISTANT, False)
    assert Qualification.objects.get(code="0021401").exam_only is True
    assert Specialty.objects.get(code="03001").group == "高等学校"
    assert list(Series.objects.values_list("name", flat=True)) == ["工程系列", "教师系列", "卫生系列"]
    entry = AuditEntry.objects.get(action="catalog.import")
    assert entry.actor_label == "系统" and entry.after["created"]["qualifications"] == 11


@pytest.mark.parametrize(("bad_row", "column", "message"), [
    ("01,工程系列,,00189,机械电子专业,0018999,总工程师,特级,,否", "级别", "不是有效级别"),
    ("01,工程系列,,00189,机械电子专业,,总工程师,中级,,否", "资格代码", "不能为空"),
    ("01,工程系列,,,机械电子专业,0018999,总工程师,中级,,否", "专业代码", "不能为空"),
    ("01,工程系列,,00189,机械电子专业,0018901,总工程师,中级,,否", "资格代码", "与第2行重复"),
    ("01,工程系列,,00189,机械电子专业,0018999,总工程师,中级,,可以", "以考代评", "应为 是 或 否"),
    ("01,工程系列,,00189,机械电子专业,0018999,总工程师,中级,,", "以考代评", "不能为空"),
    ("01,工程系列,,00189,机电专业,0018999,总工程师,中级,,否", "专业名称", "此处不一致"),
    ("01,土木系列,,00300,土木专业,0030001,工程师,中级,,否", "系列名称", "此处不一致"),
    ("01,工程系列,,00189,机械电子专业,0018999,总工程师,中级,员级,否", "等级", "只有初级"),
    ("01,工程系列,,00189,机械电子专业,0018999,总工程师,初级,见习级,否", "等级", "不是有效等级"),
])
def test_a_bad_row_names_row_and_column_and_nothing_is_imported(bad_row, column, message):
    data = csv_bytes(ROWS + bad_row + "\n")

    with pytest.raises(CatalogFileError) as exc:
        catalog_import(actor=SYSTEM, data=data, filename="catalog.csv")

    bad_line = len(ROWS.splitlines()) + 2  # header is row 1
    assert any(e.row == bad_line and e.column == column and message in e.message for e in exc.value.errors), \
        exc.value.errors
    assert f"第{bad_line}行【{column}】" in str(exc.value)
    assert counts() == (0, 0, 0)
    assert not AuditEntry.objects.filter(action="catalog.import").exists()


def test_every_bad_row_is_reported_not_only_the_first():
    rows = ROWS + "01,工程系列,,00189,机械电子专业,,x,中级,,否\n01,工程系列,,00189,机械电子专业,0018998,y,高级,,否\n"
    with pytest.raises(CatalogFileError) as exc:
        catalog_import(actor=SYSTEM, data=csv_bytes(rows), filename="c.csv")
    assert [(e.row, e.column) for e in exc.value.errors] == [(13, "资格代码"), (14, "级别")]


def test_missing_column_is_reported_on_the_header_row():
    header = HEADER.replace(",以考代评", "")
    rows = "\n".join(r.rsplit(",", 1)[0] for r in ROWS.splitlines())
    with pytest.raises(CatalogFileError) as exc:
        catalog_import(actor=SYSTEM, data=csv_bytes(rows, header=header), filename="c.csv")
    assert [(e.row, e.column, e.message) for e in exc.value.errors] == [(1, "以考代评", "缺少该列")]


def test_a_file_that_is_neither_csv_text_nor_xlsx_is_refused():
    with pytest.raises(CatalogFileError) as exc:
        catalog_import(actor=SYSTEM, data=b"%PDF-1.4\x00\x01\x02\xff", filename="catalog.pdf")
    assert "编码" in str(exc.value)


def test_csv_saved_by_chinese_excel_in_gb18030_is_read():
    catalog_import(actor=SYSTEM, data=csv_bytes(encoding="gb18030"), filename="catalog.csv")
    assert Series.objects.get(code="03").name == "教师系列"


def test_xlsx_file_imports():
    rows = [line.split(",") for line in ROWS.splitlines()]
    catalog_import(actor=SYSTEM, data=xlsx_bytes(rows), filename="catalog.xlsx")
    assert counts() == (3, 4, 11)
    assert Qualification.objects.get(code="0300101").path == "教师系列/高校教师/教授(正高)"


def test_xlsx_bad_row_imports_nothing_and_numeric_codes_are_refused():
    rows = [line.split(",") for line in ROWS.splitlines()]
    rows.append(["01", "工程系列", "", 189, "机械电子专业", "0018999", "总工程师", "中级", "", "否"])
    with pytest.raises(CatalogFileError) as exc:
        catalog_import(actor=SYSTEM, data=xlsx_bytes(rows), filename="catalog.xlsx")
    assert (13, "专业代码") in [(e.row, e.column) for e in exc.value.errors]
    assert counts() == (0, 0, 0)


def test_reimport_updates_by_code_and_replace_deactivates_what_the_file_dropped():
    catalog_import(actor=SYSTEM, data=csv_bytes(), filename="c.csv")
    changed = ROWS.replace("0018902,工程师,中级,,否", "0018902,工程师,中级,,是")
    without_health = "".join(line + "\n" for line in changed.splitlines() if not line.startswith("04,"))

    result = catalog_import(actor=SYSTEM, data=csv_bytes(without_health), filename="c.csv")
    assert result.updated["qualifications"] == 1
    assert Qualification.objects.get(code="0018902").exam_only is True
    assert Qualification.objects.active().filter(code="0400101").exists()  # kept without --replace

    result = catalog_import(actor=SYSTEM, data=csv_bytes(without_health), filename="c.csv", replace=True)
    assert result.deactivated == {"series": 1, "specialties": 1, "qualifications": 2}
    assert not Qualification.objects.active().filter(code="0400101").exists()
    assert Qualification.objects.filter(code="0400101").exists()  # never deleted: applications point at it

    catalog_import(actor=SYSTEM, data=csv_bytes(), filename="c.csv")
    assert Qualification.objects.active().filter(code="0400101").exists()  # back in the file: active again


def test_import_catalog_command_reports_errors_and_imports_nothing(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_bytes(ROWS + "01,工程系列,,00189,机械电子专业,0018999,总工程师,特级,,否\n"))
    with pytest.raises(CommandError, match="第13行【级别】"):
        call_command("import_catalog", str(bad))
    assert counts() == (0, 0, 0)

    good = tmp_path / "good.csv"
    good.write_bytes(csv_bytes())
    out = io.StringIO()
    call_command("import_catalog", str(good), "--replace", stdout=out)
    assert "资格：新增11" in out.getvalue()


def test_the_shipped_catalog_loads_and_names_every_series_of_the_seeds():
    call_command("load_catalog", stdout=io.StringIO())

    names = set(Series.objects.values_list("name", flat=True))
    for expected in ("工程系列", "工程系列(正高)", "教师系列", "卫生系列", "经济系列", "经济系列(正高)", "会计系列",
                     "出版系列", "社会科学研究系列", "自然科学研究系列", "少数民族语文翻译系列", "文物博物系列",
                     "党干校教师系列", "农业系列", "新闻系列", "档案系列", "图书资料系列", "群众文化系列", "艺术系列",
                     "体育系列", "律师系列", "公证系列", "统计系列", "审计系列", "工艺美术系列", "播音主持系列",
                     "实验技术系列", "技工院校教师系列"):
        assert expected in names
    assert Qualification.objects.count() > 500
    assert set(Qualification.objects.values_list("level", flat=True)) == set(Level.values)
    teachers = set(Specialty.objects.filter(series__name="教师系列").values_list("name", flat=True))
    assert {"高校教师", "高职教师", "中等职业学校教师", "中小学教师", "幼儿园教师"} <= teachers
    assert Specialty.objects.get(code="00189").name == "机械电子专业"
    assert Qualification.objects.with_path().get(specialty__series__name="工程系列(正高)",
                                                 specialty__name="水利专业").path == \
        "工程系列(正高)/水利专业/正高级工程师(正高)"
    # 卫生 中初级 and 会计 初中级 are obtained by examination only.
    health = Qualification.objects.filter(specialty__series__name="卫生系列")
    assert all(health.filter(level__in=[Level.INTERMEDIATE, Level.JUNIOR]).values_list("exam_only", flat=True))
    assert not any(health.filter(level__in=Level.high()).values_list("exam_only", flat=True))
    assert Qualification.objects.get(specialty__series__name="会计系列", name="会计师").exam_only

    call_command("load_catalog", stdout=io.StringIO())  # running it again changes nothing
    assert Qualification.objects.count() == len(set(Qualification.objects.values_list("code", flat=True)))


def test_an_xlsx_that_unpacks_to_more_than_50_mb_is_refused_before_it_is_opened():
    import zipfile

    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (51 * 1024 * 1024))
    assert len(bomb.getvalue()) < 200 * 1024  # a small upload …
    with pytest.raises(CatalogFileError) as exc:
        catalog_import(actor=SYSTEM, data=bomb.getvalue(), filename="catalog.xlsx")
    assert "解压后超过50MB" in str(exc.value)  # … refused without being unpacked
    assert not Series.objects.exists()
