"""The A4 certificate PDF: Chinese text in fonts shipped with the app, the holder's photo, a QR code.

ReportLab embeds TrueType outlines only, so the app ships Droid Sans Fallback (CJK, Apache-2.0) and
DejaVu Sans (Latin, digits, punctuation the CJK font lacks); text is drawn in runs, each in the font
that has its glyphs, so the PDF renders the same on a machine without Chinese fonts.
"""

from functools import cache
from io import BytesIO
from pathlib import Path

import segno
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from .models import CertificateKind

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

    c.setStrokeColor(colors.HexColor("#a0782c"))
    c.setLineWidth(4)
    c.rect(12 * mm, 12 * mm, width - 24 * mm, height - 24 * mm)
    c.setLineWidth(1)
    c.rect(15 * mm, 15 * mm, width - 30 * mm, height - 30 * mm)

    c.setFillColor(colors.HexColor("#8b1a1a"))
    draw_text(c, width / 2, height - 45 * mm, TITLES[cert.kind], 28, bold=True, centre=True)
    c.setFillColor(colors.black)
    draw_text(c, width / 2, height - 55 * mm, f"证书编号：{cert.number}", 12, centre=True)

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
    issued = f"{cert.issued_on.year}年{cert.issued_on.month}月{cert.issued_on.day}日"
    draw_text(c, width - 30 * mm - text_width(issued, 12), 50 * mm, issued, 12)

    qr = 32 * mm
    c.drawImage(_qr_image(verify_url), 25 * mm, 25 * mm, qr, qr)
    draw_text(c, 25 * mm + qr / 2, 20 * mm, "扫码核验证书真伪", 9, centre=True)
    c.showPage()
    c.save()
    return buffer.getvalue()
