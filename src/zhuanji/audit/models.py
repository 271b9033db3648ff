from django.conf import settings
from django.db import models
from django.utils import timezone


class AuditEntry(models.Model):
    """Who did what to which object, when, from where; never edited, only appended.

    The database refuses to update or delete a row (triggers, `immutability.py`) but for the archive command;
    each row carries the hash of the one before it (`chain.py`). ID numbers are stored masked; `subject_hash`
    is the keyed hash of the one the entry is about (`masking.subject_hash`), so it can still be searched.
    """

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField("操作人", max_length=100)
    org = models.ForeignKey("orgs.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    action = models.CharField("操作", max_length=64)
    object_type = models.CharField("对象类型", max_length=64, blank=True)
    object_id = models.CharField("对象编号", max_length=64, blank=True)
    object_repr = models.CharField("对象", max_length=200, blank=True)
    before = models.JSONField("变更前", default=dict, blank=True)
    after = models.JSONField("变更后", default=dict, blank=True)
    ip = models.GenericIPAddressField("IP", null=True, blank=True)
    # Set by `record()` (not auto_now_add) so that the hash covers the time stored.
    created_at = models.DateTimeField("时间", default=timezone.now, db_index=True)
    subject_hash = models.CharField("身份证号摘要", max_length=64, blank=True, db_index=True)
    prev_hash = models.CharField("前一条摘要", max_length=64, blank=True)
    hash = models.CharField("摘要", max_length=64, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["action", "-created_at"]),
            models.Index(fields=["actor", "-created_at"]),
            models.Index(fields=["object_type", "object_id"]),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M:%S} {self.actor_label} {self.action} {self.object_repr}"


class AuditHead(models.Model):
    """The chain's end: one row (pk 1), locked by each `record()` so appends take turns."""

    last_id = models.BigIntegerField(null=True, blank=True)
    last_hash = models.CharField(max_length=64, blank=True)

    def __str__(self) -> str:
        return f"#{self.last_id} {self.last_hash[:16]}"


class AuditArchive(models.Model):
    """Entries moved to an archive file by `audit_archive`: the remaining chain starts at `last_hash`."""

    created_at = models.DateTimeField("归档时间", default=timezone.now)
    cutoff = models.DateTimeField("早于")
    file_name = models.CharField("归档文件", max_length=255)
    file_sha256 = models.CharField("文件摘要", max_length=64)
    count = models.PositiveIntegerField("条数")
    first_id = models.BigIntegerField()
    last_id = models.BigIntegerField()
    first_prev_hash = models.CharField(max_length=64, blank=True)
    last_hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["-last_id"]

    def __str__(self) -> str:
        return f"{self.file_name} (#{self.first_id}–#{self.last_id})"
