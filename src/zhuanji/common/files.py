"""The one upload check: file type by content (magic bytes), never by name, and size limits.

Uploads are stored through `zhuanji.attachments` (`attachment_add(..., rule=…)`), which runs this check and then
re-encodes images and refuses PDFs with active content; the rules below are what each upload slot accepts.
"""

from dataclasses import dataclass

import filetype
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

KIND_LABELS = {"jpg": "jpg", "png": "png", "pdf": "pdf", "xlsx": "xlsx"}
_EXTENSIONS = {"jpg": "jpg", "jpeg": "jpg", "png": "png", "pdf": "pdf", "zip": "xlsx", "xlsx": "xlsx"}


@dataclass(frozen=True)
class UploadRule:
    """What one upload slot accepts: types by content, a size per file and, when set, a number of files."""

    kinds: tuple[str, ...]
    max_mb: int
    max_count: int | None = None

    @property
    def hint(self) -> str:
        return f"只能上传{'/'.join(self.kinds)}文件，且不超过{self.max_mb}MB"

    @property
    def accept(self) -> str:
        mimes = {"jpg": "image/jpeg", "png": "image/png", "pdf": "application/pdf",
                 "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        return ",".join(mimes[k] for k in self.kinds)


PHOTO = UploadRule(("jpg", "png"), 2, max_count=1)
EVIDENCE = UploadRule(("jpg", "pdf"), 5)
FILING_PDF = UploadRule(("pdf",), 8)
TRAINING_ATTACHMENT = UploadRule(("jpg", "png", "pdf"), 2)


def detect_kind(upload) -> str | None:
    upload.seek(0)
    head = upload.read(262)
    upload.seek(0)
    guess = filetype.guess(head)
    return _EXTENSIONS.get(guess.extension) if guess else None


def validate_upload(upload: UploadedFile | None, rule: UploadRule, *, required: bool = True) -> str | None:
    """Return the detected kind, or raise ValidationError with the message users see."""
    if upload is None:
        if required:
            raise ValidationError("请选择要上传的文件", code="required")
        return None
    if upload.size == 0:
        raise ValidationError("文件内容为空", code="empty")
    if upload.size > rule.max_mb * 1024 * 1024:
        raise ValidationError(f"文件大小不能超过{rule.max_mb}MB", code="too_large")
    kind = detect_kind(upload)
    if kind not in rule.kinds:
        raise ValidationError(
            f"文件类型不符：只能上传{'/'.join(rule.kinds)}文件（按文件内容检查）", code="bad_type"
        )
    return kind
