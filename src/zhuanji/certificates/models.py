import secrets

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Q

from zhuanji.attachments.storage import private_storage


class CertificateKind(models.TextChoices):
    TITLE = "title", "职称证书"
    CE_PUBLIC = "ce_public", "继续教育证书（公需科目）"
    CE_PROFESSIONAL = "ce_professional", "继续教育证书（专业科目）"
    HOURS = "hours", "专业课学时认定证书"


# Number prefixes per kind; the issue year and a 6-digit sequence follow (ZC2026000001).
NUMBER_PREFIXES = {
    CertificateKind.TITLE: "ZC",
    CertificateKind.CE_PUBLIC: "GX",
    CertificateKind.CE_PROFESSIONAL: "ZY",
    CertificateKind.HOURS: "XSRD",
}


def _random_name(folder: str, extension: str) -> str:
    # Private storage, random names: nothing in a stored path tells the number, the holder or the sequence.
    token = secrets.token_hex(16)
    return f"certificates/{folder}/{token[:2]}/{token}.{extension}"


def pdf_name(instance, filename: str) -> str:
    return _random_name("pdf", "pdf")


def photo_name(instance, filename: str) -> str:
    return _random_name("photos", filename.rpartition(".")[2].lower() or "jpg")


class Certificate(models.Model):
    """One issued certificate: a signed snapshot of every printed field, never edited afterwards.

    Only the status columns change (有效 → 已废止, with reason and successor); a change of content is
    a new certificate that voids this one.
    """

    class Status(models.TextChoices):
        VALID = "valid", "有效"
        VOID = "void", "已废止"

    number = models.CharField("证书编号", max_length=24, unique=True)
    kind = models.CharField("证书类型", max_length=20, choices=CertificateKind.choices)
    holder = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="certificates",
                               verbose_name="持证人")
    issuer = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="issued_certificates",
                               verbose_name="发证单位")
    # Snapshot of the printed fields (text, so later catalog or profile changes never alter a certificate).
    name = models.CharField("姓名", max_length=50)
    gender = models.CharField("性别", max_length=1, blank=True)
    ethnicity = models.CharField("民族", max_length=20, blank=True)
    birth_date = models.DateField("出生日期", null=True, blank=True)
    id_number = models.CharField("身份证号", max_length=18)
    photo = models.FileField("一寸照", upload_to=photo_name, storage=private_storage, blank=True)
    photo_sha256 = models.CharField(max_length=64, blank=True)
    issuer_name = models.CharField("发证单位名称", max_length=100)
    series = models.CharField("系列", max_length=100, blank=True)
    specialty = models.CharField("专业名称", max_length=100, blank=True)
    qualification = models.CharField("资格名称", max_length=100, blank=True)
    level = models.CharField("级别", max_length=20, blank=True)
    qualification_path = models.CharField("专业/资格", max_length=300, blank=True)
    year = models.PositiveSmallIntegerField("年度")
    filled_year = models.PositiveSmallIntegerField("填报年度", null=True, blank=True)
    hours = models.DecimalField("学时", max_digits=6, decimal_places=1, null=True, blank=True)
    approval_document = models.CharField("批文号", max_length=100, blank=True)
    issued_on = models.DateField("发证日期")
    # 证书丢失补办: the PDF says 补发, with this certificate's date as the 补发日期.
    reissued = models.BooleanField("补发", default=False)
    # What the certificate was issued for ("hours.Application:42"): one valid certificate per source.
    source = models.CharField(max_length=100, blank=True)
    # The content signature: key id (never the key), signature over the canonical content.
    key_id = models.CharField("签名密钥", max_length=80)
    signature = models.TextField()
    # The same content signed with the issuer's SM2 key over an SM3 digest (商用密码, GB/T 39786): r||s in hex.
    sm2_signature = models.CharField("SM2签名", max_length=128, blank=True)
    pdf = models.FileField(upload_to=pdf_name, storage=private_storage)
    pdf_sha256 = models.CharField(max_length=64)
    # The worker renders and PAdES-signs the PDF after the issuing commits (生成中 until `pdf` is set); when it
    # was last asked to, so the periodic job asks again if that message was lost.
    pdf_queued_at = models.DateTimeField(null=True, blank=True)
    verify_token = models.CharField(max_length=32, unique=True)
    status = models.CharField("状态", max_length=8, choices=Status.choices, default=Status.VALID)
    void_reason = models.CharField("废止原因", max_length=200, blank=True)
    voided_at = models.DateTimeField("废止时间", null=True, blank=True)
    successor = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="predecessor", verbose_name="新证书")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "source"], condition=Q(status="valid") & ~Q(source=""),
                                    name="one_valid_certificate_per_source",
                                    violation_error_message="该业务已签发有效证书，不能重复发证"),
            # No second valid certificate for one holder, qualification and 批文号 (e.g. two bulk jobs of one 批文).
            models.UniqueConstraint(fields=["holder", "kind", "qualification_path", "approval_document"],
                                    condition=Q(status="valid") & ~Q(approval_document=""),
                                    name="one_valid_certificate_per_holder_approval",
                                    violation_error_message="该持证人已有同一资格、同一批文号的有效证书，不能重复发证"),
        ]
        indexes = [
            models.Index(fields=["holder", "kind", "-issued_on"]),
            models.Index(fields=["issuer", "year", "kind", "status"]),
            models.Index(fields=["pdf_sha256"], name="certificate_pdf_sha256"),  # 上传证书文件核验
            models.Index(fields=["pdf_queued_at"], condition=Q(pdf=""), name="certificate_pdf_pending"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"

    @property
    def is_valid(self) -> bool:
        return self.status == self.Status.VALID

    @property
    def pdf_ready(self) -> bool:
        """False while the worker is still rendering and signing the PDF (生成中)."""
        return bool(self.pdf)


class BulkIssueJob(models.Model):
    """批量发证: one background run issuing many certificates; a run that dies is resumed by the periodic job.

    A worker holds the job under a lease (`lease_owner`, `lease_until`) that it renews as it goes
    (`heartbeat_at`); a queued job's `lease_until` is when a worker should have taken it. Once it passes,
    `certificates.resume_bulk` queues the job again.
    """

    class State(models.TextChoices):
        PENDING = "pending", "等待中"
        RUNNING = "running", "发证中"
        DONE = "done", "已完成"
        INCOMPLETE = "incomplete", "部分未发证"

    issuer = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+",
                               verbose_name="发证单位")
    kind = models.CharField("证书类型", max_length=20, choices=CertificateKind.choices)
    title = models.CharField("批次名称", max_length=100)
    fields = models.JSONField("共同字段", default=dict, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.PENDING)
    total = models.PositiveIntegerField("总数", default=0)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    lease_owner = models.CharField(max_length=32, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField("最近心跳", null=True, blank=True)
    run_started_at = models.DateTimeField("本轮开始时间", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class BulkIssueItem(models.Model):
    """One holder of a bulk job; `certificate` set in the same transaction that issues it."""

    job = models.ForeignKey(BulkIssueJob, on_delete=models.CASCADE, related_name="items")
    holder = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    fields = models.JSONField(default=dict, blank=True)
    certificate = models.OneToOneField(Certificate, null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="+")
    error = models.CharField(max_length=300, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)  # issued (or refused, see `error`) in a run at that time

    class Meta:
        constraints = [models.UniqueConstraint(fields=["job", "holder"], name="one_item_per_job_holder")]
        indexes = [models.Index(fields=["job", "certificate"])]

    def __str__(self) -> str:
        return f"{self.job_id}:{self.holder_id}"


class CorrectionItem(models.TextChoices):
    """证书信息更正 的变更范围 (the seed's codes 01–07)."""

    NAME = "01", "01 姓名"
    GENDER = "02", "02 性别"
    ETHNICITY = "03", "03 民族"
    BIRTH_DATE = "04", "04 出生日期"
    ID_NUMBER = "05", "05 身份证号"
    SPECIALTY = "06", "06 专业名称"
    PHOTO = "07", "07 一寸免冠照片"


# Which certificate field each correction item changes (the photo is a file, handled on its own).
CORRECTION_FIELDS = {
    CorrectionItem.NAME: "name", CorrectionItem.GENDER: "gender", CorrectionItem.ETHNICITY: "ethnicity",
    CorrectionItem.BIRTH_DATE: "birth_date", CorrectionItem.ID_NUMBER: "id_number",
    CorrectionItem.SPECIALTY: "specialty",
}


class CertificateRequest(models.Model):
    """A holder's 证书丢失补办 or 证书信息更正 application, reviewed by the issuing side on the review engine."""

    class Kind(models.TextChoices):
        LOSS = "loss", "证书丢失补办"
        CORRECTION = "correction", "证书信息更正"

    case = models.OneToOneField("reviews.Case", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("申请类型", max_length=12, choices=Kind.choices)
    number = models.CharField("申请编号", max_length=24, unique=True)
    holder = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                               verbose_name="申请人")
    certificate = models.ForeignKey(Certificate, on_delete=models.PROTECT, related_name="requests",
                                    verbose_name="原证书")
    reason = models.CharField("申请原因", max_length=200)
    # Correction: item code → new value as text ({"01": "张卫", "04": "1985-01-01"}).
    changes = models.JSONField("变更内容", default=dict, blank=True)
    new_certificate = models.OneToOneField(Certificate, null=True, blank=True, on_delete=models.PROTECT,
                                           related_name="+", verbose_name="新证书")
    created_at = models.DateTimeField("申请时间", auto_now_add=True)
    # 证明材料 (slot EVIDENCE_SLOT) and the correction's 新一寸免冠照片 (slot NEW_PHOTO_SLOT).
    attachments = GenericRelation("attachments.Attachment", content_type_field="owner_type",
                                  object_id_field="owner_id", related_query_name="certificate_request")

    EVIDENCE_SLOT = "evidence"
    NEW_PHOTO_SLOT = "new_photo"

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["holder", "kind", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"

    def _slot(self, slot: str) -> list:
        return [a for a in self.attachments.all() if a.slot == slot]  # prefetched or one query

    @property
    def evidence(self) -> list:
        """登报声明 / 证明材料: jpg or pdf, at most 5 MB each, checked by content."""
        return self._slot(self.EVIDENCE_SLOT)

    @property
    def new_photo(self):
        """The correction's new 一寸免冠照片 (an attachment), or None."""
        return next(iter(self._slot(self.NEW_PHOTO_SLOT)), None)

    def change_rows(self) -> list[tuple[str, str, str]]:
        """(item label, old value, new value) for the detail page."""
        rows = []
        for code, value in sorted(self.changes.items()):
            field = CORRECTION_FIELDS.get(code)
            old = getattr(self.certificate, field) if field else ""
            rows.append((CorrectionItem(code).label, "" if old is None else str(old), value))
        if self.new_photo:
            rows.append((CorrectionItem.PHOTO.label, "原照片", "新照片"))
        return rows


class IssuerKey(models.Model):
    """An issuing organisation's signing key: its public certificate (issued by the platform CA, naming the
    organisation and carrying the SM2 public key) — the private key stays in the key store (`keys.py`).

    One active key per organisation signs; a rotated key is retired and goes on verifying what it signed; a
    revoked key (compromised) verifies nothing any more."""

    class Status(models.TextChoices):
        ACTIVE = "active", "在用"
        RETIRED = "retired", "已轮换"
        REVOKED = "revoked", "已吊销"

    organisation = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="signing_keys",
                                     verbose_name="发证单位")
    key_id = models.CharField("密钥编号", max_length=80, unique=True)
    certificate = models.TextField("公钥证书")  # PEM
    fingerprint = models.CharField("证书指纹", max_length=64)  # SHA-256 of the DER certificate, hex
    sm2_public_key = models.CharField("SM2公钥", max_length=128)
    status = models.CharField("状态", max_length=8, choices=Status.choices, default=Status.ACTIVE)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    retired_at = models.DateTimeField("轮换时间", null=True, blank=True)
    revoked_at = models.DateTimeField("吊销时间", null=True, blank=True)
    revoke_reason = models.CharField("吊销原因", max_length=200, blank=True)

    class Meta:
        ordering = ["organisation_id", "-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["organisation"], condition=Q(status="active"),
                                    name="one_active_key_per_organisation"),
        ]

    def __str__(self) -> str:
        return self.key_id


class CertificateStatement(models.Model):
    """签名状态记录: what an outsider relies on besides the printed content — the QR token, the PDF, voiding
    and the successor — as statements signed by the issuer's key, each in one hash chain over all statements
    (`body` holds `seq` and the previous statement's hash). Append-only; verification (`verification.py`)
    derives a certificate's status from them, so an edited status, successor or token reads as tampered."""

    class Kind(models.TextChoices):
        ISSUED = "issued", "签发"
        PDF = "pdf", "证书文件"
        VOIDED = "voided", "废止"

    seq = models.PositiveBigIntegerField(unique=True)
    certificate = models.ForeignKey(Certificate, on_delete=models.PROTECT, related_name="statements")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    # The successor's ISSUED statement names the certificate it replaces (indexed: a void read as valid shows).
    replaces = models.CharField(max_length=24, blank=True, db_index=True)
    body = models.TextField()  # the canonical JSON exactly as hashed and signed
    hash = models.CharField(max_length=64, unique=True)  # sha256(body)
    key_id = models.CharField(max_length=80)
    signature = models.TextField()  # ECDSA P-256/SHA-256 over body, base64
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["seq"]
        indexes = [models.Index(fields=["certificate", "seq"])]

    def __str__(self) -> str:
        return f"{self.seq} {self.kind}"


class StatementHead(models.Model):
    """The statement chain's head (one row): locked while a statement is appended, so seq numbers follow on."""

    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, blank=True)

    def __str__(self) -> str:
        return f"{self.seq} {self.hash[:16]}"
