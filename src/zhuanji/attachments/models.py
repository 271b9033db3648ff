import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MinValueValidator
from django.db import models

from .content import KIND_OF_MIME


class Attachment(models.Model):
    """One stored file of one document (its owner), in a named slot, numbered within it.

    The owner is generic (content type + id) rather than one nullable foreign key per document type: every
    module's documents attach files (学时认定 items, 证书补办/更正 applications, 账号找回工单, people's 一寸照, and
    the filings to come), and a module plugs in by declaring its owner type in its own `attachments.py`
    without a migration of this table. Owners declare a `GenericRelation` back to read and prefetch their files.

    The stored name is random (no user data, no sequence); the user's file name is kept for display only;
    the content type is the one detected from the bytes. Downloads go by `key`, never by the sequential pk.
    """

    key = models.UUIDField("下载标识", default=uuid.uuid4, unique=True, editable=False)
    owner_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    owner_id = models.PositiveBigIntegerField()
    owner = GenericForeignKey("owner_type", "owner_id")
    slot = models.CharField("附件栏目", max_length=40)
    seq = models.PositiveSmallIntegerField("顺序号", validators=[MinValueValidator(1, "顺序号至少为1")])
    mime_type = models.CharField("文件类型", max_length=100)
    size = models.PositiveIntegerField("大小")
    stored_name = models.CharField(max_length=255, unique=True)
    original_name = models.CharField("文件名", max_length=200)
    uploader = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+", verbose_name="上传人")
    created_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "附件"
        ordering = ["slot", "seq", "id"]
        constraints = [
            # Also the index every read goes through: an owner's files, by slot, in order.
            models.UniqueConstraint(fields=["owner_type", "owner_id", "slot", "seq"], name="attachments_unique_seq"),
        ]

    def __str__(self) -> str:
        return f"{self.seq} {self.original_name}"

    @property
    def kind(self) -> str:
        """jpg / png / pdf …: the detected type as the upload rules name it."""
        return KIND_OF_MIME.get(self.mime_type, "")

    @property
    def is_image(self) -> bool:
        return self.mime_type.startswith("image/")
