"""What an upload becomes before it is stored: checked by content, images re-encoded, PDFs scanned.

- The type is detected from the bytes (`common.files.validate_upload`), never from the name or the browser.
- Images are decoded with Pillow, checked, capped in pixels and re-encoded in their own format: metadata (EXIF,
  comments, text chunks) and anything appended to or smuggled inside the file is gone, so an HTML page with a
  JPEG header is either refused (it does not decode) or stored as the picture alone.
- PDFs are kept as uploaded, but refused when they are not a complete PDF, carry active content (JavaScript,
  launch actions) — also inside compressed streams — or HTML markup (a page with a `%PDF-` header).
- The user's file name is kept for display only, cleaned of paths and control characters.
"""

import io
import re
import unicodedata
import zlib
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from PIL import Image, ImageOps, UnidentifiedImageError

from zhuanji.common.files import UploadRule, validate_upload

MIME_TYPES = {"jpg": "image/jpeg", "png": "image/png", "pdf": "application/pdf",
              "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
KIND_OF_MIME = {mime: kind for kind, mime in MIME_TYPES.items()}
# Served inline (shown in the browser) rather than downloaded.
INLINE_KINDS = frozenset({"jpg", "png", "pdf"})
_EXTENSIONS = {"jpg": (".jpg", ".jpeg"), "png": (".png",), "pdf": (".pdf",), "xlsx": (".xlsx",)}

# A scanned A4 page at 600 dpi is ~35 million pixels; a phone photo 12–50 million.
MAX_PIXELS = 50_000_000
_PILLOW_FORMATS = {"jpg": "JPEG", "png": "PNG"}

# PDF names that run something when the document is opened or clicked.
_ACTIVE_NAMES = frozenset({b"JavaScript", b"JS", b"Launch"})
_NAME = re.compile(rb"/([^\s/<>\[\]()%{}]+)")
# Tags that make a page (a browser needs `<` right before the name); short ones would match compressed bytes.
_HTML = re.compile(rb"<(?:!doctype|html|head|body|script|iframe|object|embed|meta)\b", re.I)
_STREAM = re.compile(rb"stream\r?\n")
# Decompressed object-stream bytes scanned at most.
_MAX_INFLATED = 64 * 1024 * 1024

NAME_MAX = 200


@dataclass(frozen=True)
class CleanUpload:
    """An upload that passed its rule, as it will be stored: `content` (re-encoded for images) and the names."""

    kind: str
    content: bytes
    original_name: str

    @property
    def mime_type(self) -> str:
        return MIME_TYPES[self.kind]

    @property
    def size(self) -> int:
        return len(self.content)


def clean_name(name: str | None) -> str:
    """The user's file name for display: no directories, no control characters, at most 200 characters."""
    name = unicodedata.normalize("NFC", str(name or ""))
    name = re.split(r"[\\/]", name)[-1]
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C").strip().strip(".")
    name = re.sub(r"\s+", " ", name)
    if len(name) > NAME_MAX:
        stem, dot, ext = name.rpartition(".")
        name = stem[:NAME_MAX - len(ext) - 1] + dot + ext if dot and len(ext) <= 10 else name[:NAME_MAX]
    return name or "附件"


def download_name(original_name: str, kind: str) -> str:
    """The name a download is saved under: the display name, with the extension of the detected type."""
    extensions = _EXTENSIONS.get(kind, ())
    if original_name.lower().endswith(extensions):
        return original_name
    stem = original_name.rpartition(".")[0] or original_name
    return f"{stem}{extensions[0] if extensions else ''}"


def _refuse(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def reencode_image(data: bytes, kind: str) -> bytes:
    """The picture alone, decoded and encoded again in its own format (`kind`: jpg or png)."""
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format != _PILLOW_FORMATS[kind]:
                raise _refuse("图片格式与文件内容不符", "bad_image")
            width, height = probe.size
            if width * height > MAX_PIXELS:
                raise _refuse(f"图片尺寸过大（{width}×{height}像素），请缩小后上传", "too_many_pixels")
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            image = ImageOps.exif_transpose(image)  # keep the photo upright once EXIF is dropped
            # Pillow writes some of what it read back out (a JPEG's comment, ICC profile …): keep only transparency.
            image.info = {k: v for k, v in image.info.items() if k == "transparency"}
            if kind == "jpg" and image.mode not in ("RGB", "L", "CMYK"):
                image = image.convert("RGB")
            out = io.BytesIO()
            if kind == "jpg":
                image.save(out, "JPEG", quality=90, optimize=True)
            else:
                image.save(out, "PNG", optimize=True)
            return out.getvalue()
    except ValidationError:
        raise
    except (OSError, SyntaxError, ValueError, UnidentifiedImageError, Image.DecompressionBombError) as exc:
        raise _refuse("图片文件已损坏或无法识别，请重新选择图片", "bad_image") from exc


def _split(data: bytes) -> tuple[bytes, list[memoryview]]:
    """The PDF's syntax outside stream data, and the data of its object streams (where dictionaries can hide)."""
    view, plain, object_streams, pos = memoryview(data), [], [], 0
    for match in _STREAM.finditer(data):
        if match.start() < pos:  # the `endstream` of a stream already skipped
            continue
        end = data.find(b"endstream", match.end())
        if end < 0:
            break
        plain.append(view[pos:match.start()])
        if b"/ObjStm" in data[max(pos, match.start() - 1024):match.start()]:
            object_streams.append(view[match.end():end])
        pos = end + len(b"endstream")
    plain.append(view[pos:])
    return b"".join(plain), object_streams


def _inflated(streams: list[memoryview]):
    budget = _MAX_INFLATED
    for stream in streams:
        if budget <= 0:
            return
        try:
            chunk = zlib.decompressobj().decompress(stream, budget)
        except zlib.error:
            continue
        budget -= len(chunk)
        yield chunk


def _names(data: bytes) -> set[bytes]:
    # `#xx` escapes spell any name (`/J#61vaScript` is `/JavaScript`).
    return {re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), n) for n in _NAME.findall(data)}


def _check_pdf(data: bytes) -> None:
    if not data.startswith(b"%PDF-") or b"%%EOF" not in data.rstrip(b" \t\r\n\x00")[-1024:]:
        raise _refuse("PDF文件不完整或已损坏，请重新导出后上传", "bad_pdf")
    # Streams hold compressed bytes that match anything by chance: names and tags are looked for in the syntax
    # around them, in object streams once inflated, and (tags) where browsers sniff, the first 1445 bytes.
    plain, object_streams = _split(data)
    if _HTML.search(data[:1445]) or _HTML.search(plain):
        raise _refuse("PDF文件中含有网页内容，不能上传", "pdf_html")
    if _names(plain) & _ACTIVE_NAMES or any(_names(chunk) & _ACTIVE_NAMES for chunk in _inflated(object_streams)):
        raise _refuse("PDF文件中含有脚本等可执行内容，不能上传，请打印为PDF后重新上传", "pdf_active")


def clean_upload(upload, rule: UploadRule) -> CleanUpload:
    """Check `upload` against `rule` and return what will be stored; ValidationError with the message users see."""
    if isinstance(upload, CleanUpload):
        if upload.kind not in rule.kinds:
            raise _refuse(f"文件类型不符：只能上传{'/'.join(rule.kinds)}文件（按文件内容检查）", "bad_type")
        return upload
    kind = validate_upload(upload, rule)
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    if kind in _PILLOW_FORMATS:
        data = reencode_image(data, kind)
    elif kind == "pdf":
        _check_pdf(data)
    return CleanUpload(kind=kind, content=data, original_name=clean_name(getattr(upload, "name", "")))
