"""专业课学时认定 fixtures: a little catalog, the recognizer configuration, and applications at each stage."""

import datetime
import io
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.factories import give_photo
from zhuanji.catalog.models import Level, Qualification, Series, Specialty
from zhuanji.hours.models import AreaLevel, HoursThreshold, RecognizerRule
from zhuanji.hours.services import application_create, evidence_add, item_create

TODAY = datetime.date(2026, 3, 10)


def jpeg_upload(name="活动现场.jpg") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (20, 120, 200)).save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def pdf_upload(name="知识更新专项人才培训证书.pdf", size=0) -> SimpleUploadedFile:
    body = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    return SimpleUploadedFile(name, body + b" " * size, content_type="application/pdf")


@pytest.fixture
def hours_catalog(db):
    teachers = Series.objects.create(code="03", name="教师系列", sort=3)
    engineering = Series.objects.create(code="01", name="工程系列", sort=1)
    university = Specialty.objects.create(series=teachers, code="03001", name="高校教师")
    mechanical = Specialty.objects.create(series=engineering, code="00189", name="机械电子专业")
    make = Qualification.objects.create
    return SimpleNamespace(
        teachers=teachers, engineering=engineering,
        professor=make(specialty=university, code="0300101", name="教授", level=Level.SENIOR_FULL),
        associate=make(specialty=university, code="0300102", name="副教授", level=Level.SENIOR_DEPUTY),
        lecturer=make(specialty=university, code="0300103", name="讲师", level=Level.INTERMEDIATE),
        senior_engineer=make(specialty=mechanical, code="0018901", name="高级工程师", level=Level.SENIOR_DEPUTY),
        engineer=make(specialty=mechanical, code="0018902", name="工程师", level=Level.INTERMEDIATE),
    )


THRESHOLD_DOCUMENT = "专业技术人员继续教育规定（人社部令第25号）"


def with_photo(user):
    """The certificate prints the applicant's 一寸照: submission requires one."""
    return give_photo(user, jpeg_upload().read())


@pytest.fixture
def hw(world, hours_catalog):
    """The world plus the catalog and rules: 教师系列 at region level → 教育厅; at 乌鲁木齐 → 乌市人社局; and the
    yearly requirement (公需 30, 专业 60, 合计 90) from 2020 on."""
    RecognizerRule.objects.create(series=hours_catalog.teachers, area_level=AreaLevel.REGION,
                                  recognizer=world.competent)
    RecognizerRule.objects.create(series=hours_catalog.teachers, area_level=AreaLevel.PREFECTURE,
                                  prefecture=world.urumqi, recognizer=world.hr_bureau)
    threshold = HoursThreshold.objects.create(from_year=2020, public=30, professional=60, total=90,
                                              document=THRESHOLD_DOCUMENT)
    for user in (world.person, world.other_person):
        with_photo(user)
    return SimpleNamespace(**vars(world), catalog=hours_catalog, threshold=threshold)


@pytest.fixture
def draft(hw):
    return application_create(actor=hw.person, area=hw.region, work_unit=hw.unit,
                              qualification=hw.catalog.professor, today=TODAY)


def add_item(application, *, hours=40, category="study", evidence=True, actor=None, **fields):
    values = {"title": "现代信息通信技术与数字领域融合发展", "organiser": "新疆维吾尔自治区通信管理局",
              "item_type": {"study": "高级研修项目", "lecture": "专题讲座"}.get(category, "高级研修项目"),
              "start_date": datetime.date(2026, 1, 5), "end_date": datetime.date(2026, 1, 9)}
    values.update(fields)
    item = item_create(actor=actor or application.applicant, application=application, category=category,
                       hours=hours, **values)
    if evidence:
        evidence_add(actor=actor or application.applicant, item=item, seq=1, upload=pdf_upload())
    return item


@pytest.fixture
def ready(draft):
    """A draft with 60 hours over two categories, each item with its 佐证材料."""
    add_item(draft, hours=40)
    add_item(draft, hours=20, category="lecture", title="提升专业技术人员能力专题讲座", organiser="新疆大学")
    return draft
