from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from .config import CATEGORY_CHOICES, MAX_ITEM_HOURS


class AreaLevel(models.TextChoices):
    """申报区域: the region recognises 副高/正高, a prefecture 初级/中级."""

    REGION = "region", "自治区"
    PREFECTURE = "prefecture", "地州"


class HoursKind(models.TextChoices):
    """The two halves of the yearly continuing-education requirement."""

    PUBLIC = "public", "公需科目"
    PROFESSIONAL = "professional", "专业科目"


class RecognizerRule(models.Model):
    """Which organisation recognises hours for a series at an area level (configuration data)."""

    series = models.ForeignKey("catalog.Series", on_delete=models.CASCADE, related_name="+", verbose_name="系列")
    area_level = models.CharField("申报区域级别", max_length=12, choices=AreaLevel.choices)
    prefecture = models.ForeignKey(
        "orgs.Region", null=True, blank=True, on_delete=models.CASCADE, related_name="+",
        verbose_name="地州", help_text="为空表示任一地州",
    )
    recognizer = models.ForeignKey("orgs.Organisation", on_delete=models.CASCADE, related_name="+",
                                   verbose_name="认定单位")

    class Meta:
        verbose_name = "学时认定单位配置"
        constraints = [
            models.UniqueConstraint(fields=["series", "area_level", "prefecture", "recognizer"],
                                    name="hours_unique_recognizer_rule"),
        ]
        indexes = [models.Index(fields=["series", "area_level"])]

    def __str__(self) -> str:
        return f"{self.series} / {self.get_area_level_display()} → {self.recognizer}"


class Application(models.Model):
    """专业课学时认定申请书: one per person, 认定年度 and specialty; reviewed through route hours.recognition."""

    number = models.CharField("编号", max_length=20, unique=True)
    case = models.OneToOneField("reviews.Case", on_delete=models.PROTECT, related_name="+")
    applicant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="hours_applications", verbose_name="申请人")
    fill_year = models.PositiveSmallIntegerField("填报年度")
    fill_date = models.DateField("填报日期")
    year = models.PositiveSmallIntegerField("认定年度", db_index=True)
    area = models.ForeignKey("orgs.Region", on_delete=models.PROTECT, related_name="+", verbose_name="申报区域")
    work_unit = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+",
                                  verbose_name="工作单位")
    qualification = models.ForeignKey("catalog.Qualification", on_delete=models.PROTECT, related_name="+",
                                      verbose_name="认定专业")
    recognized_hours = models.PositiveIntegerField("认定学时", null=True, blank=True)
    recognized_at = models.DateTimeField("认定时间", null=True, blank=True)
    recognized_by = models.ForeignKey("orgs.Organisation", null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="+", verbose_name="认定单位")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "学时认定申请"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["applicant", "year", "qualification"],
                                    name="hours_one_application_per_year_and_specialty"),
        ]
        indexes = [models.Index(fields=["applicant", "-created_at"]),
                   models.Index(fields=["recognized_by", "year"])]

    def __str__(self) -> str:
        return self.number

    @property
    def area_level(self) -> str:
        return AreaLevel.REGION if self.area.is_region else AreaLevel.PREFECTURE


def evidence_path(instance, filename: str) -> str:
    """Named by migration 0001 (the evidence files before they moved to `zhuanji.attachments`)."""
    raise NotImplementedError("hours evidence is stored through zhuanji.attachments")


class Item(models.Model):
    """One claimed activity in one of the nine categories (sections 3–11)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="items")
    category = models.CharField("栏目", max_length=12, choices=CATEGORY_CHOICES)
    title = models.CharField("标题", max_length=200)
    organiser = models.CharField("组织单位", max_length=200)
    item_type = models.CharField("类型", max_length=20)
    reference = models.CharField("编号", max_length=50, blank=True)
    start_date = models.DateField("开始时间")
    end_date = models.DateField("结束时间")
    hours = models.PositiveSmallIntegerField(
        "申请学时", validators=[MinValueValidator(1, "申请学时至少为1"),
                             MaxValueValidator(MAX_ITEM_HOURS, "申请学时最多为3位数")],
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # 佐证材料: the item's files (slot EVIDENCE_SLOT), numbered by 顺序号.
    evidence = GenericRelation("attachments.Attachment", content_type_field="owner_type", object_id_field="owner_id",
                               related_query_name="hours_item")

    class Meta:
        ordering = ["category", "id"]
        indexes = [models.Index(fields=["application", "category"])]

    def __str__(self) -> str:
        return self.title


class HoursThreshold(models.Model):
    """The yearly continuing-education requirement from `from_year` on (province data, `hours_thresholds.csv`).

    A year's requirement is the row with the latest `from_year` not after it; every figure names its document.
    """

    from_year = models.PositiveSmallIntegerField("生效年度", unique=True)
    public = models.PositiveSmallIntegerField("公需科目学时")
    professional = models.PositiveSmallIntegerField("专业科目学时")
    total = models.PositiveSmallIntegerField("合计学时")
    document = models.CharField("依据文件", max_length=200)

    class Meta:
        verbose_name = "继续教育学时标准"
        ordering = ["-from_year"]

    def __str__(self) -> str:
        return f"{self.from_year}年起 公需{self.public} 专业{self.professional} 合计{self.total}"


# The one message for a source credited twice: the constraint's (full_clean) and the service's (a race).
DUPLICATE_CREDIT = "该来源的学时已记入，不能重复记入"


class HoursCredit(models.Model):
    """One credited hours source in a person's yearly ledger (学时记录); `hours_account` sums them.

    Written by 专业课学时认定 on recognition, and by classes, imports and online learning as they come.
    `source` names what earned the hours (`hours.Application:17`): one credit per source and kind.
    Hours are `Decimal` with one place, like the certificates that print them: every source so far credits
    whole 学时, but online courses are commonly reported in half hours, and no float ever adds them up.
    """

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="hours_credits",
                               verbose_name="人员")
    year = models.PositiveSmallIntegerField("年度", validators=[MinValueValidator(2000, "年度不正确"),
                                                              MaxValueValidator(2100, "年度不正确")])
    kind = models.CharField("科目", max_length=12, choices=HoursKind.choices)
    hours = models.DecimalField("学时", max_digits=6, decimal_places=1,
                                validators=[MinValueValidator(Decimal("0.1"), "学时必须大于0")])
    source = models.CharField("来源", max_length=100)
    credited_by = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+",
                                    verbose_name="认定机构")
    credited_at = models.DateTimeField("记入时间", default=timezone.now)
    description = models.CharField("说明", max_length=200)

    class Meta:
        verbose_name = "学时记录"
        ordering = ["credited_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["source", "kind"], name="hours_one_credit_per_source",
                                    violation_error_message=DUPLICATE_CREDIT,
                                    violation_error_code="duplicate_source"),
            models.CheckConstraint(condition=Q(hours__gt=0), name="hours_credit_positive"),
        ]
        indexes = [models.Index(fields=["person", "year"])]

    def __str__(self) -> str:
        return f"{self.year} {self.get_kind_display()} {self.hours.normalize():f}学时（{self.source}）"
