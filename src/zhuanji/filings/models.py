"""A committee's 评审工作事前备案 (`Filing`), the qualifications it plans (`FilingItem`) and the application windows an
approved filing opens (`Window`)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from zhuanji.catalog.models import Level, Qualification
from zhuanji.orgs.models import Organisation, OrgKind, Region


class FilingKind(models.TextChoices):
    """类型: every way to a title has its own filing (the seed: 评审前备案不仅只限于评审类型)."""

    REVIEW = "review", "评审"
    DUAL_SOUTH = "dual_south", "双定向(南疆四地州)"
    DUAL_GRASSROOTS = "dual_grassroots", "双定向(基层专用)"
    PRIVATE = "private", "民营企业专项"
    INITIAL = "initial", "初次确定"
    TALENT = "talent", "特殊人才认定"
    CONFERRAL = "conferral", "授予"
    FHJ = "fhj", "\u201c访惠聚\u201d三年高定"
    SKILLED = "skilled", "高技能人才"


class FilingGrade(models.TextChoices):
    """备案级别: which qualifications a filing may list (see `config.grade_q`)."""

    JUNIOR = "junior", "初中级"
    SENIOR = "senior", "高级(不含教育)"
    SENIOR_EDUCATION = "senior_education", "高级(只有教育)"

    @classmethod
    def levels(cls, grade: str) -> frozenset[str]:
        return Level.high() if grade in (cls.SENIOR, cls.SENIOR_EDUCATION) else frozenset(
            {Level.INTERMEDIATE, Level.JUNIOR})


class Filing(models.Model):
    """One 评审工作事前备案 of a committee: filled in seven steps, then reviewed on route `filings.prefiling_*`."""

    case = models.OneToOneField("reviews.Case", on_delete=models.PROTECT, related_name="filing")
    committee = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="filings",
                                  limit_choices_to={"kind": OrgKind.COMMITTEE}, verbose_name="评审委员会")
    # The title office's level (the committee's 自治区 or 地州), kept so 备案查询 filters without joins.
    level = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name="备案区域")
    title = models.CharField("标题", max_length=100)
    kind = models.CharField("类型", max_length=20, choices=FilingKind.choices)
    year = models.PositiveSmallIntegerField("工作年度")
    grade = models.CharField("备案级别", max_length=20, choices=FilingGrade.choices)
    committee_name = models.CharField("评审机构名称", max_length=100)
    location = models.CharField("所在地点", max_length=100)
    head_name = models.CharField("负责人姓名", max_length=30)
    head_phone = models.CharField("负责人联系电话", max_length=20)
    contact_user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", verbose_name="选择联系人员")
    contact_name = models.CharField("联系人员姓名", max_length=30)
    contact_phone = models.CharField("联系人员联系电话", max_length=20)
    contact_mobile = models.CharField("联系人员手机", max_length=11)
    notice_title = models.CharField("通知标题", max_length=100, blank=True)
    # Stored sanitised (nh3) by the services, so pages render it as HTML.
    notice_body = models.TextField("通知内容", blank=True)
    # The 通知公告 its approval published.
    notice = models.ForeignKey("portal.Notice", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "评审工作事前备案"
        ordering = ["-year", "-id"]
        indexes = [models.Index(fields=["committee", "year"]), models.Index(fields=["level", "year"])]

    def __str__(self) -> str:
        return self.title

    @property
    def number(self) -> str:
        """流水号."""
        return self.case.number


class FilingItem(models.Model):
    """One qualification of a filing (已选择资格) with its plan (计划时间): 申报开始 < 申报截止 < 上会 < 批文."""

    filing = models.ForeignKey(Filing, on_delete=models.CASCADE, related_name="items", verbose_name="备案")
    qualification = models.ForeignKey(Qualification, on_delete=models.PROTECT, related_name="+", verbose_name="资格")
    apply_start = models.DateField("申报开始时间", null=True, blank=True)
    apply_end = models.DateField("申报截止时间", null=True, blank=True)
    meeting_date = models.DateField("上会时间", null=True, blank=True)
    approval_date = models.DateField("批文时间", null=True, blank=True)

    class Meta:
        verbose_name = "备案资格"
        ordering = ["qualification__specialty__series__sort", "qualification__specialty__sort",
                    "qualification__sort", "qualification__code"]
        constraints = [
            models.UniqueConstraint(fields=["filing", "qualification"], name="unique_filing_qualification",
                                    violation_error_message="该资格已在本备案中"),
            models.CheckConstraint(
                condition=Q(apply_start__isnull=True)
                | Q(apply_start__lt=F("apply_end"), apply_end__lt=F("meeting_date"),
                    meeting_date__lt=F("approval_date")),
                name="filing_item_dates_in_order"),
        ]

    def __str__(self) -> str:
        return str(self.qualification_id)

    @property
    def planned(self) -> bool:
        return self.apply_start is not None


class Window(models.Model):
    """An application window an approved filing opened: title applications of `kind` for `qualification` are made
    at `committee` from `opens_on` to `closes_on` (both included). `closed_at` is set by the periodic job once
    the last day has passed, so the committee sees it 已截止."""

    filing = models.ForeignKey(Filing, on_delete=models.PROTECT, related_name="windows", verbose_name="备案")
    item = models.OneToOneField(FilingItem, on_delete=models.PROTECT, related_name="window")
    committee = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="windows",
                                  verbose_name="评审委员会")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name="评审区域")
    kind = models.CharField("类型", max_length=20, choices=FilingKind.choices)
    year = models.PositiveSmallIntegerField("工作年度")
    qualification = models.ForeignKey(Qualification, on_delete=models.PROTECT, related_name="windows",
                                      verbose_name="资格")
    opens_on = models.DateField("申报开始时间")
    closes_on = models.DateField("申报截止时间")
    meeting_date = models.DateField("上会时间")
    approval_date = models.DateField("批文时间")
    closed_at = models.DateTimeField("截止于", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "申报时间窗口"
        ordering = ["opens_on", "id"]
        indexes = [
            models.Index(fields=["qualification", "kind", "closes_on"]),
            models.Index(fields=["region", "closes_on"]),
            models.Index(fields=["committee", "year"]),
            models.Index(fields=["closed_at", "closes_on"]),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(opens_on__lte=F("closes_on")), name="window_opens_before_closing"),
        ]

    def __str__(self) -> str:
        return f"{self.committee_id}·{self.qualification_id}·{self.opens_on}~{self.closes_on}"

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None
