import io

import pytest
from django.core.files.base import ContentFile
from PIL import Image

from zhuanji.certificates.models import CertificateKind
from zhuanji.certificates.services import certificate_issue


def jpeg_bytes(colour=(200, 30, 30), size=(90, 120)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "JPEG")
    return buffer.getvalue()


@pytest.fixture
def issue(world):
    """`issue(holder=..., **fields)`: a title certificate from the region title office."""

    def _issue(holder=None, issuer=None, actor=None, kind=CertificateKind.TITLE, **fields):
        holder = holder or world.person
        if holder.person and not holder.person.photo:
            holder.person.photo.save("photo.jpg", ContentFile(jpeg_bytes()))
        defaults = {"year": 2025, "series": "工程系列", "specialty": "水利专业", "qualification": "正高级工程师",
                    "level": "正高", "qualification_path": "工程系列(正高)/水利专业/正高级工程师",
                    "approval_document": "新人社职字〔2025〕12号"}
        defaults.update(fields)
        return certificate_issue(actor=actor or world.title_office_staff, kind=kind, holder=holder,
                                 issuer=issuer or world.title_office, **defaults)

    return _issue


def pdf_upload(name="登报声明.pdf"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "application/pdf")


def jpeg_upload(name="photo.jpg", colour=(30, 30, 200)):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, jpeg_bytes(colour), "image/jpeg")
