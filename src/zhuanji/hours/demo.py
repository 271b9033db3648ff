"""Demo data for 专业课学时认定: one draft application of the demo individual, 40 of its 60 hours filled in.

Call after the province, the catalog and `load_hours_config` are loaded; safe to call again.
"""

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from zhuanji.catalog.models import Qualification
from zhuanji.orgs.models import Region

from .models import Application
from .services import application_create, evidence_add, item_create

DEMO_QUALIFICATION = "0300101"  # 教师系列/高校教师/教授(正高), recognised by 自治区教育厅


def _photo_of_certificate() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (600, 420), (245, 240, 225)).save(buffer, "JPEG")
    return SimpleUploadedFile("知识更新专项人才培训证书.jpg", buffer.getvalue(), content_type="image/jpeg")


def load_demo(*, person, qualification_code: str = DEMO_QUALIFICATION) -> Application:
    """A draft for `person` (a person user whose work unit is set) at region level, with one item."""
    qualification = Qualification.objects.with_path().get(code=qualification_code)
    existing = Application.objects.filter(applicant=person, qualification=qualification).first()
    if existing is not None:
        return existing
    application = application_create(actor=person, area=Region.objects.get(level=Region.Level.REGION),
                                     work_unit=person.person.work_unit, qualification=qualification)
    year = application.year
    item = item_create(actor=person, application=application, category="study",
                       title="现代信息通信技术与数字领域融合发展", organiser="新疆维吾尔自治区通信管理局",
                       item_type="高级研修项目", start_date=datetime.date(year, 6, 1),
                       end_date=datetime.date(year, 6, 7), hours=40)
    evidence_add(actor=person, item=item, seq=1, upload=_photo_of_certificate())
    return application
