"""The A4 certificate PDF: Chinese text in fonts shipped with the app, the holder's photo, a QR code.

ReportLab embeds TrueType outlines only, so the app ships Droid Sans Fallback (CJK, Apache-2.0) and
DejaVu Sans (Latin, digits, punctuation the CJK font lacks); text is drawn in runs, each in the font
that has its glyphs, so the PDF renders the same on a machine without Chinese fonts.

The issuing organisation's seal (`seal.py`) is the appearance of the visible PAdES signature field over the
issuer's name (`seal_field`); a voided certificate is served with a 已作废 stamp annotation added on top of the
signed file (`void_stamped`), which leaves the signed revision untouched.
"""

from functools import cache
from io import BytesIO
from pathlib import Path

import segno
from django.conf import settings
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont
from pyhanko.pdf_utils import generic, layout
from pyhanko.pdf_utils.images import PdfImage
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign.fields import SigFieldSpec
from pyhanko.stamp import StaticStampStyle
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from .models import CertificateKind
from .seal import seal_image

FONT_DIR = Path(__file__).resolve().parent / "fonts"
CJK, LATIN, LATIN_BOLD = "ZJCJK", "ZJLatin", "ZJLatinBold"

TITLES = {
    CertificateKind.TITLE: "专业技术资格证书",
    CertificateKind.CE_PUBLIC: "继续教育证书",
    CertificateKind.CE_PROFESSIONAL: "继续教育证书",
    CertificateKind.HOURS: "专业课学时认定证书",
}


@cache
def _fonts() -> frozenset[int]:
    """Register the fonts once per process; return the code points the CJK font covers."""
    cjk = TTFont(CJK, str(FONT_DIR / "DroidSansFallbackFull.ttf"))
    pdfmetrics.registerFont(cjk)
    pdfmetrics.registerFont(TTFont(LATIN, str(FONT_DIR / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(LATIN_BOLD, str(FONT_DIR / "DejaVuSans-Bold.ttf")))
    return frozenset(cjk.face.charToGlyph)


def _runs(text: str, latin: str) -> list[tuple[str, str]]:
    covered = _fonts()
    runs: list[tuple[str, str]] = []
    for char in text:
        font = CJK if ord(char) in covered and not char.isascii() else latin
        if runs and runs[-1][0] == font:
            runs[-1] = (font, runs[-1][1] + char)
        else:
            runs.append((font, char))
    return runs


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    latin = LATIN_BOLD if bold else LATIN
    return sum(pdfmetrics.stringWidth(run, font, size) for font, run in _runs(text, latin))


def draw_text(c: canvas.Canvas, x: float, y: float, text: str, size: float, *, bold: bool = False,
              centre: bool = False) -> None:
    if centre:
        x -= text_width(text, size, bold=bold) / 2
    for font, run in _runs(text, LATIN_BOLD if bold else LATIN):
        c.setFont(font, size)
        c.drawString(x, y, run)
        x += pdfmetrics.stringWidth(run, font, size)


def printed_rows(cert) -> list[tuple[str, str]]:
    """The label/value rows printed on the certificate, by kind."""
    person = [("姓　　名", cert.name), ("性　　别", cert.gender), ("民　　族", cert.ethnicity),
              ("出生日期", cert.birth_date.isoformat() if cert.birth_date else ""), ("身份证号", cert.id_number)]
    hours = f"{cert.hours.normalize():f}" if cert.hours is not None else ""
    if cert.kind == CertificateKind.TITLE:
        rows = person + [("系　　列", cert.series), ("专业名称", cert.specialty), ("资格名称", cert.qualification),
                         ("级　　别", cert.level), ("取得年度", str(cert.year)), ("批 文 号", cert.approval_document)]
    elif cert.kind == CertificateKind.HOURS:
        rows = person[:1] + person[4:] + [
            ("填报年度", str(cert.filled_year or "")), ("认定年度", str(cert.year)),
            ("认定专业", cert.qualification_path), ("认定单位", cert.issuer_name), ("认定学时", hours)]
    else:
        rows = person[:1] + person[4:] + [("年　　度", str(cert.year)), ("培训专业", cert.qualification_path),
                                          ("科　　目", cert.get_kind_display()), ("学　　时", hours)]
    return [(label, value) for label, value in rows if value]


def _qr_image(url: str) -> ImageReader:
    buffer = BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=8, border=2)
    buffer.seek(0)
    return ImageReader(buffer)


def render(cert, *, verify_url: str, photo: bytes | None) -> bytes:
    """The unsigned certificate PDF for a certificate row whose snapshot fields are filled."""
    _fonts()
    buffer = BytesIO()
    width, height = A4
    c = canvas.Canvas(buffer, pagesize=A4, pageCompression=1, initialFontName=LATIN)
    c.setTitle(f"{TITLES[cert.kind]} {cert.number}")
    c.setAuthor(cert.issuer_name)
    c.setSubject(f"{cert.get_kind_display()}（{cert.name}）")
    c.setCreator(settings.PLATFORM_NAME)
    c.setKeywords([cert.number])

    c.setStrokeColor(colors.HexColor("#a0782c"))
    c.setLineWidth(4)
    c.rect(12 * mm, 12 * mm, width - 24 * mm, height - 24 * mm)
    c.setLineWidth(1)
    c.rect(15 * mm, 15 * mm, width - 30 * mm, height - 30 * mm)

    c.setFillColor(colors.HexColor("#8b1a1a"))
    draw_text(c, width / 2, height - 45 * mm, TITLES[cert.kind], 28, bold=True, centre=True)
    c.setFillColor(colors.black)
    draw_text(c, width / 2, height - 55 * mm, f"证书编号：{cert.number}", 12, centre=True)
    if cert.reissued:
        c.setFillColor(colors.HexColor("#8b1a1a"))
        draw_text(c, width / 2, height - 62 * mm, "（补发）", 13, bold=True, centre=True)
        c.setFillColor(colors.black)

    photo_w, photo_h = 30 * mm, 40 * mm
    photo_x, photo_y = width - 30 * mm - photo_w, height - 105 * mm
    if photo:
        c.drawImage(ImageReader(BytesIO(photo)), photo_x, photo_y, photo_w, photo_h, preserveAspectRatio=True,
                    anchor="c")
    else:
        c.rect(photo_x, photo_y, photo_w, photo_h)
        draw_text(c, photo_x + photo_w / 2, photo_y + photo_h / 2, "照片", 12, centre=True)

    y = height - 75 * mm
    for label, value in printed_rows(cert):
        draw_text(c, 30 * mm, y, f"{label}：", 13)
        draw_text(c, 58 * mm, y, value, 13)
        y -= 11 * mm

    draw_text(c, width - 30 * mm - text_width(cert.issuer_name, 14), 60 * mm, cert.issuer_name, 14)
    issued = chinese_date(cert.issued_on)
    if cert.reissued:
        issued = f"补发日期：{issued}"
    draw_text(c, width - 30 * mm - text_width(issued, 12), 50 * mm, issued, 12)

    qr = 32 * mm
    c.drawImage(_qr_image(verify_url), 25 * mm, 25 * mm, qr, qr)
    draw_text(c, 25 * mm + qr / 2, 20 * mm, "扫码核验证书真伪", 9, centre=True)
    c.showPage()
    c.save()
    return buffer.getvalue()


def chinese_date(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


# The visible signature field: the seal, 40 mm across, over the issuer's name and the date (bottom right).
SIGNATURE_FIELD = "Signature"
_SEAL = 40 * mm
_SEAL_CENTRE = (A4[0] - 30 * mm - 24 * mm, 57 * mm)
SEAL_BOX = tuple(round(v) for v in (_SEAL_CENTRE[0] - _SEAL / 2, _SEAL_CENTRE[1] - _SEAL / 2,
                                    _SEAL_CENTRE[0] + _SEAL / 2, _SEAL_CENTRE[1] + _SEAL / 2))
_FILL = layout.SimpleBoxLayoutRule(x_align=layout.AxisAlignment.ALIGN_MID, y_align=layout.AxisAlignment.ALIGN_MID,
                                   margins=layout.Margins.uniform(0),
                                   inner_content_scaling=layout.InnerScaling.STRETCH_TO_FIT)


def _image_style(image: Image.Image) -> StaticStampStyle:
    return StaticStampStyle(background=PdfImage(image), border_width=0, background_opacity=1.0,
                            background_layout=_FILL)


def seal_field(cert) -> tuple[SigFieldSpec, StaticStampStyle]:
    """The signature field to create on page 1 and its appearance: the issuing organisation's seal."""
    spec = SigFieldSpec(sig_field_name=SIGNATURE_FIELD, on_page=0, box=SEAL_BOX)
    return spec, _image_style(seal_image(cert.issuer_name))


def _void_image(cert) -> Image.Image:
    """已作废 in a red double frame, with the date and the successor's number, tilted like a rubber stamp."""
    red = (200, 20, 30, 230)
    width, height = 1000, 480
    image = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rectangle((6, 6, width - 7, height - 7), outline=red, width=12)
    draw.rectangle((30, 30, width - 31, height - 31), outline=red, width=4)
    _draw_centred(draw, (width / 2, 165), "已 作 废", 190, red)
    lines = []
    if cert.voided_at:
        lines.append(f"作废日期：{chinese_date(timezone.localdate(cert.voided_at))}")
    if cert.successor_id:
        lines.append(f"新证书编号：{cert.successor.number}")
    for index, line in enumerate(lines):
        _draw_centred(draw, (width / 2, 330 + 62 * index), line, 44, red)
    return image.rotate(20, resample=Image.Resampling.BICUBIC, expand=True)


def _draw_centred(draw: ImageDraw.ImageDraw, centre: tuple[float, float], text: str, size: int, fill) -> None:
    """Text centred on `centre` in Pillow, run by run in the font that has the glyphs (as `draw_text` does)."""
    fonts = {CJK: ImageFont.truetype(str(FONT_DIR / "DroidSansFallbackFull.ttf"), size),
             LATIN: ImageFont.truetype(str(FONT_DIR / "DejaVuSans.ttf"), size)}
    runs = _runs(text, LATIN)
    x = centre[0] - sum(fonts[font].getlength(run) for font, run in runs) / 2
    for font, run in runs:
        draw.text((x, centre[1]), run, font=fonts[font], fill=fill, anchor="lm")
        x += fonts[font].getlength(run)


def void_stamped(data: bytes, cert) -> bytes:
    """The signed PDF `data` with a 已作废 stamp annotation over page 1, added as an incremental update: the
    signed revision stays byte for byte as issued (its signature still verifies), the stamp shows and prints."""
    writer = IncrementalPdfFileWriter(BytesIO(data))
    image = _void_image(cert)
    width = 150 * mm
    height = width * image.height / image.width
    x, y = (A4[0] - width) / 2, (A4[1] - height) / 2 + 20 * mm
    stamp = _image_style(image).create_stamp(writer, layout.BoxConstraints(width, height), {})
    annotation = generic.DictionaryObject({
        generic.pdf_name("/Type"): generic.pdf_name("/Annot"),
        generic.pdf_name("/Subtype"): generic.pdf_name("/Stamp"),
        generic.pdf_name("/Rect"): generic.ArrayObject(generic.FloatObject(v) for v in (x, y, x + width, y + height)),
        generic.pdf_name("/F"): generic.NumberObject(4 | 64 | 128),  # print, read-only, locked
        generic.pdf_name("/Contents"): generic.TextStringObject(f"已作废：{cert.void_reason}"),
        generic.pdf_name("/AP"): generic.DictionaryObject({generic.pdf_name("/N"): stamp.register()}),
    })
    page_ref, _ = writer.find_page_for_modification(0)
    writer.register_annotation(page_ref, writer.add_object(annotation))
    out = BytesIO()
    writer.write(out)
    return out.getvalue()
