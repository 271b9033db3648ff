from django.conf import settings
from django.db import models
from django.db.models import Q


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
    photo = models.FileField("一寸照", upload_to="certificates/photos/%Y/", blank=True)
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
    # What the certificate was issued for ("hours.Application:42"): one valid certificate per source.
    source = models.CharField(max_length=100, blank=True)
    # The content signature: key id (never the key), signature over the canonical content.
    key_id = models.CharField("签名密钥", max_length=80)
    signature = models.TextField()
    pdf = models.FileField(upload_to="certificates/pdf/%Y/")
    pdf_sha256 = models.CharField(max_length=64)
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
        ]
        indexes = [
            models.Index(fields=["holder", "kind", "-issued_on"]),
            models.Index(fields=["issuer", "year", "kind", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"

    @property
    def is_valid(self) -> bool:
        return self.status == self.Status.VALID


class BulkIssueJob(models.Model):
    """批量发证: one background run issuing many certificates, resumable after a crash."""

    class State(models.TextChoices):
        PENDING = "pending", "等待中"
        RUNNING = "running", "发证中"
        DONE = "done", "已完成"

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
    new_photo = models.FileField("新一寸免冠照片", upload_to="certificates/requests/%Y/", blank=True)
    new_certificate = models.OneToOneField(Certificate, null=True, blank=True, on_delete=models.PROTECT,
                                           related_name="+", verbose_name="新证书")
    created_at = models.DateTimeField("申请时间", auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["holder", "kind", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"

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


class RequestEvidence(models.Model):
    """登报声明 / 证明材料: jpg or pdf, at most 5 MB, checked by content."""

    request = models.ForeignKey(CertificateRequest, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField("证明材料", upload_to="certificates/evidence/%Y/")
    original_name = models.CharField("文件名", max_length=200)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.original_name
