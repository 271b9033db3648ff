import io
import itertools

import pytest
from PIL import Image

from tests.factories import give_photo
from zhuanji.audit.services import SYSTEM
from zhuanji.catalog.models import Qualification
from zhuanji.catalog.services import catalog_import
from zhuanji.certificates.models import CertificateKind
from zhuanji.certificates.services import certificate_issue


def jpeg_bytes(colour=(200, 30, 30), size=(90, 120)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "JPEG")
    return buffer.getvalue()


@pytest.fixture
def issue(world, django_capture_on_commit_callbacks):
    """`issue(holder=..., **fields)`: a title certificate from the region title office, its PDF made (the worker's
    task, run eagerly once the issuing commits). Each call has its own 批文号 (12号, 13号, …): one holder has at most
    one valid certificate per qualification and 批文号."""
    approvals = itertools.count(12)

    def _issue(holder=None, issuer=None, actor=None, kind=CertificateKind.TITLE, **fields):
        holder = holder or world.person
        if holder.person and not holder.person.photo:
            give_photo(holder, jpeg_bytes())
        defaults = {"year": 2025, "series": "工程系列", "specialty": "水利专业", "qualification": "正高级工程师",
                    "level": "正高", "qualification_path": "工程系列(正高)/水利专业/正高级工程师",
                    "approval_document": f"新人社职字〔2025〕{next(approvals)}号"}
        defaults.update(fields)
        with django_capture_on_commit_callbacks(execute=True):
            cert = certificate_issue(actor=actor or world.title_office_staff, kind=kind, holder=holder,
                                     issuer=issuer or world.title_office, **defaults)
        cert.refresh_from_db()
        return cert

    return _issue


def pdf_upload(name="登报声明.pdf"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "application/pdf")


def jpeg_upload(name="photo.jpg", colour=(30, 30, 200)):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, jpeg_bytes(colour), "image/jpeg")


CATALOG = """系列代码,系列名称,分组,专业代码,专业名称,资格代码,资格名称,级别,等级,以考代评
01,工程系列,,00189,水利专业,0018901,正高级工程师,正高,,否
01,工程系列,,00214,计算机技术与软件专业,0021401,工程师,中级,,是
"""


@pytest.fixture
def qualifications(db):
    """`(senior, exam_only)`: a qualification the bulk form offers and a 以考代评 one it refuses."""
    catalog_import(actor=SYSTEM, data=CATALOG.encode(), filename="catalog.csv")
    q = Qualification.objects.with_path()
    return q.get(code="0018901"), q.get(code="0021401")
