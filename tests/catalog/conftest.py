"""A small catalog in the shipped file's format: two series, a sub-series, exam-only qualifications."""

import pytest

from zhuanji.audit.services import SYSTEM
from zhuanji.catalog.models import Qualification, Series, Specialty
from zhuanji.catalog.services import catalog_import

HEADER = "系列代码,系列名称,分组,专业代码,专业名称,资格代码,资格名称,级别,等级,以考代评\n"
ROWS = """\
01,工程系列,,00189,机械电子专业,0018901,高级工程师,副高,,否
01,工程系列,,00189,机械电子专业,0018902,工程师,中级,,否
01,工程系列,,00189,机械电子专业,0018903,助理工程师,初级,助理级,否
01,工程系列,,00189,机械电子专业,0018904,技术员,初级,员级,否
01,工程系列,,00214,计算机技术与软件专业,0021401,工程师,中级,,是
03,教师系列,高等学校,03001,高校教师,0300101,教授,正高,,否
03,教师系列,高等学校,03001,高校教师,0300102,副教授,副高,,否
03,教师系列,高等学校,03001,高校教师,0300103,讲师,中级,,否
03,教师系列,高等学校,03001,高校教师,0300104,助教,初级,,否
04,卫生系列,医疗类,04001,内科学,0400101,主任医师,正高,,否
04,卫生系列,医疗类,04001,内科学,0400102,主治医师,中级,,是
"""


def csv_bytes(rows: str = ROWS, header: str = HEADER, encoding: str = "utf-8") -> bytes:
    return (header + rows).encode(encoding)


@pytest.fixture
def catalog(db):
    catalog_import(actor=SYSTEM, data=csv_bytes(), filename="catalog.csv")
    q = Qualification.objects.with_path()
    return type("Catalog", (), {
        "engineering": Series.objects.get(code="01"),
        "teachers": Series.objects.get(code="03"),
        "health": Series.objects.get(code="04"),
        "mechanical": Specialty.objects.get(code="00189"),
        "software": Specialty.objects.get(code="00214"),
        "university": Specialty.objects.get(code="03001"),
        "internal": Specialty.objects.get(code="04001"),
        "engineer": q.get(code="0018902"),
        "software_engineer": q.get(code="0021401"),
        "professor": q.get(code="0300101"),
        "lecturer": q.get(code="0300103"),
        "attending": q.get(code="0400102"),
    })
