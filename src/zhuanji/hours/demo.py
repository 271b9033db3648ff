"""Demo data for 专业课学时认定: a draft (40 of its 60 hours filled in) and one submitted to the unit.

Call after the province, the catalog and `load_hours_config` are loaded; safe to call again.
"""

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from zhuanji.catalog.models import Qualification
from zhuanji.orgs.models import Region

from .models import Application
from .services import application_create, application_submit, evidence_add, item_create

DEMO_QUALIFICATION = "0300101"  # 教师系列/高校教师/教授(正高), recognised by 自治区教育厅
SUBMITTED_QUALIFICATION = "0300102"  # 教师系列/高校教师/副教授(副高): waiting in the unit admin's 我的待办


def _photo_of_certificate() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (600, 420), (245, 240, 225)).save(buffer, "JPEG")
    return SimpleUploadedFile("知识更新专项人才培训证书.jpg", buffer.getvalue(), content_type="image/jpeg")


def _add_item(person, application, *, category, title, organiser, item_type, month, hours) -> None:
    year = application.year
    item = item_create(actor=person, application=application, category=category, title=title,
                       organiser=organiser, item_type=item_type, start_date=datetime.date(year, month, 1),
                       end_date=datetime.date(year, month, 7), hours=hours)
    evidence_add(actor=person, item=item, seq=1, upload=_photo_of_certificate())


def load_demo(*, person, qualification_code: str = DEMO_QUALIFICATION) -> Application:
    """A draft for `person` (a person user whose work unit is set) at region level, with one item."""
    qualification = Qualification.objects.with_path().get(code=qualification_code)
    existing = Application.objects.filter(applicant=person, qualification=qualification).first()
    if existing is not None:
        return existing
    application = application_create(actor=person, area=Region.objects.get(level=Region.Level.REGION),
                                     work_unit=person.person.work_unit, qualification=qualification)
    _add_item(person, application, category="study", title="现代信息通信技术与数字领域融合发展",
              organiser="新疆维吾尔自治区通信管理局", item_type="高级研修项目", month=6, hours=40)
    return application


def load_submitted_demo(*, person, qualification_code: str = SUBMITTED_QUALIFICATION) -> Application:
    """An application with 60 hours in two categories, submitted: the unit admin has something to 办理."""
    application = load_demo(person=person, qualification_code=qualification_code)
    if application.case.is_editable and not application.items.filter(category="lecture").exists():
        _add_item(person, application, category="lecture", title="高校课程思政建设专题讲座",
                  organiser="新疆大学", item_type="专题讲座", month=8, hours=20)
        application_submit(actor=person, application=application)
    return application
