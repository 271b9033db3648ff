"""What an upload becomes before it is stored: type by content, images re-encoded, PDFs scanned, names cleaned."""

import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image, PngImagePlugin

from zhuanji.attachments import content
from zhuanji.attachments.content import clean_name, clean_upload, download_name
from zhuanji.common.files import EVIDENCE, PHOTO, UploadRule

from .conftest import (
    JPEG_HEADED_HTML,
    PDF_HEADED_HTML,
    SCRIPT,
    jpeg_bytes,
    jpeg_with_html,
    object_stream_pdf,
    pdf_bytes,
    png_bytes,
    upload,
)

ANY = UploadRule(("jpg", "png", "pdf"), 5)


def _code(data, rule=ANY, name="x.html") -> str:
    with pytest.raises(ValidationError) as exc_info:
        clean_upload(upload(data, name), rule)
    return exc_info.value.code


@pytest.mark.parametrize("rule", [EVIDENCE, PHOTO, ANY])
def test_an_html_page_with_a_jpeg_header_is_refused(rule):
    assert _code(JPEG_HEADED_HTML, rule) == "bad_image"


def test_an_html_page_with_a_pdf_header_is_refused():
    assert _code(PDF_HEADED_HTML) == "bad_pdf"  # not a complete PDF
    assert _code(PDF_HEADED_HTML + b"%%EOF\n") == "pdf_html"  # shaped like one, but a page
    assert _code(PDF_HEADED_HTML, PHOTO) == "bad_type"  # and never an image


def test_a_real_picture_carrying_a_page_is_stored_as_the_picture_alone():
    clean = clean_upload(upload(jpeg_with_html()), EVIDENCE)
    assert clean.kind == "jpg" and clean.mime_type == "image/jpeg" and clean.original_name == "x.html"
    assert SCRIPT not in clean.content and b"<html" not in clean.content
    with Image.open(io.BytesIO(clean.content)) as image:
        assert image.format == "JPEG" and image.size == (60, 40)


def test_image_metadata_is_dropped_and_the_orientation_kept():
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90° to display
    exif[0x010F] = "Camera maker with <script>"
    clean = clean_upload(upload(jpeg_bytes(size=(40, 20), exif=exif.tobytes()), "p.jpg"), PHOTO)
    with Image.open(io.BytesIO(clean.content)) as image:
        assert image.size == (20, 40) and not image.getexif()
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "<html><script>alert(1)</script>")
    clean = clean_upload(upload(png_bytes(pnginfo=info), "p.png"), PHOTO)
    assert clean.kind == "png" and b"<script" not in clean.content


def test_images_are_capped_in_pixels(monkeypatch):
    monkeypatch.setattr(content, "MAX_PIXELS", 60 * 40 - 1)
    with pytest.raises(ValidationError, match="图片尺寸过大"):
        clean_upload(upload(jpeg_bytes(), "big.jpg"), PHOTO)


@pytest.mark.parametrize("body", [
    b"1 0 obj<< /OpenAction 2 0 R >>endobj\n2 0 obj<< /S /JavaScript /JS (app.alert(1)) >>endobj\n",
    b"2 0 obj<< /S /J#61vaScript /J#53 (app.alert(1)) >>endobj\n",  # the same names, escaped
    b"2 0 obj<< /AA << /O << /S /Launch /F (calc.exe) >> >> >>endobj\n",
])
def test_a_pdf_with_active_content_is_refused(body):
    assert _code(pdf_bytes(body), name="证明.pdf") == "pdf_active"


def test_active_content_hidden_in_a_compressed_object_stream_is_found():
    assert _code(object_stream_pdf(b"2 0 << /S /JavaScript /JS (app.alert(1)) >>")) == "pdf_active"
    assert clean_upload(upload(object_stream_pdf(b"2 0 << /Type /Page >>"), "ok.pdf"), EVIDENCE).kind == "pdf"


def test_ordinary_pdfs_are_kept_as_uploaded():
    data = pdf_bytes(b"1 0 obj<< /Type /Catalog /OpenAction [3 0 R /Fit] >>endobj\n"  # opens at a page: fine
                     b"4 0 obj<< /Length 8 >>stream\nxx/JS yy\nendstream\nendobj\n")  # stream bytes are not syntax
    clean = clean_upload(upload(data + b" " * 100, "扫描件.pdf"), EVIDENCE)
    assert clean.content == data + b" " * 100 and clean.original_name == "扫描件.pdf"


def test_type_size_and_emptiness_are_checked_first():
    assert _code(png_bytes(), UploadRule(("pdf",), 5), name="a.pdf") == "bad_type"
    assert _code(b"") == "empty"
    assert _code(pdf_bytes() + b" " * (1024 * 1024), UploadRule(("pdf",), 1), name="a.pdf") == "too_large"


@pytest.mark.parametrize("given, shown", [
    ("C:\\Users\\张伟\\Desktop\\证书.jpg", "证书.jpg"),
    ("../../etc/passwd", "passwd"),
    ("a\x00b\u202ecod.exe\n.jpg", "abcod.exe.jpg"),
    ("", "附件"),
    ("...", "附件"),
    ("长" * 300 + ".pdf", "长" * 196 + ".pdf"),
])
def test_names_are_for_display_only(given, shown):
    assert clean_name(given) == shown


@pytest.mark.parametrize("name, kind, saved_as", [
    ("x.html", "pdf", "x.pdf"), ("x.html", "jpg", "x.jpg"), ("scan.JPEG", "jpg", "scan.JPEG"),
    ("证明.pdf", "pdf", "证明.pdf"), ("photo", "png", "photo.png"),
])
def test_downloads_carry_the_extension_of_the_detected_type(name, kind, saved_as):
    assert download_name(name, kind) == saved_as
