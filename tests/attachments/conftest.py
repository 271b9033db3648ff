"""Files for the attachments tests: real images and PDFs, and the polyglots every upload path must refuse or
neutralise (an HTML page with a PDF or a JPEG header, named x.html)."""

import io
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.certificates.conftest import issue  # noqa: F401 - the certificates' fixture, used here too
from tests.reviews.docapp.services import filing_create

SCRIPT = b"<script>alert(document.cookie)</script>"
# An HTML page whose first bytes say PDF: what a browser would run if it were served as text/html.
PDF_HEADED_HTML = b"%PDF-1.4\n<html><body>" + SCRIPT + b"</body></html>\n"
# The same with a JPEG header (SOI + JFIF APP0): type detection says jpg, the picture does not decode.
JPEG_HEADED_HTML = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00<html>" + SCRIPT + b"</html>"
POLYGLOTS = {"pdf_headed_html": PDF_HEADED_HTML, "jpeg_headed_html": JPEG_HEADED_HTML}


def jpeg_bytes(size=(60, 40), colour=(30, 90, 160), **save) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "JPEG", **save)
    return buffer.getvalue()


def png_bytes(size=(60, 40), **save) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, "PNG", **save)
    return buffer.getvalue()


def pdf_bytes(body: bytes = b"1 0 obj<< /Type /Catalog /Pages 2 0 R >>endobj\n") -> bytes:
    return b"%PDF-1.4\n" + body + b"trailer<< /Root 1 0 R >>\n%%EOF\n"


def object_stream_pdf(objects: bytes) -> bytes:
    """A PDF whose dictionaries hide in a compressed object stream."""
    data = zlib.compress(objects)
    return pdf_bytes(b"3 0 obj<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length %d >>stream\n" % len(data)
                     + data + b"\nendstream\nendobj\n")


def jpeg_with_html() -> bytes:
    """A real picture carrying a page: in a comment segment and after its end marker."""
    return jpeg_bytes(comment=b"<html>" + SCRIPT) + b"<html>" + SCRIPT + b"</html>"


def upload(data: bytes, name: str = "x.html", content_type: str = "text/html") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


@pytest.fixture
def filing(world):
    """The test-only filing of the CE base (tests/reviews/docapp), a draft only its own organisation sees."""
    return filing_create(actor=world.ce_base_admin, owner=world.ce_base, title="2026年第一期培训前备案")
