"""The title catalog: 系列 → 专业 → 资格 at a 级别, loaded from a data file (see `importer.py`).

Sub-series: the seeds' cascader always has three columns (系列 › 专业 › 资格) and its paths three
segments ("教师系列/高校教师/教授(正高)"), so a teacher sub-series such as 高校教师 *is* the specialty
column. `Specialty.group` is an optional label gathering the specialties of a long series
(卫生系列: 医疗类 / 药学类 / 护理类 / 技术类) for the picker's option groups and for search; it never
becomes a fourth level.

Rows are never deleted: applications and certificates point at them. A re-import that drops a code
marks the row inactive, and every selector offers active rows only.
"""

from django.core.exceptions import ValidationError
from django.db import models


class Level(models.TextChoices):
    SENIOR_FULL = "senior_full", "正高"
    SENIOR_DEPUTY = "senior_deputy", "副高"
    INTERMEDIATE = "intermediate", "中级"
    JUNIOR = "junior", "初级"

    @classmethod
    def high(cls) -> frozenset[str]:
        """正高/副高: recognised and evaluated at region level (the rest at prefecture level)."""
        return frozenset({cls.SENIOR_FULL, cls.SENIOR_DEPUTY})

    @classmethod
    def is_high(cls, level: str) -> bool:
        return level in cls.high()

    @classmethod
    def rank(cls, field: str = "level") -> models.Case:
        """An expression ordering rows by level as the catalog lists them (正高, 副高, 中级, 初级), not by code."""
        return models.Case(*(models.When(**{field: value}, then=n) for n, value in enumerate(cls.values)),
                           default=len(cls.values), output_field=models.IntegerField())


class Grade(models.TextChoices):
    """The two grades of 初级."""

    ASSISTANT = "assistant", "助理级"
    MEMBER = "member", "员级"


class Series(models.Model):
    code = models.CharField("系列代码", max_length=10, unique=True)
    name = models.CharField("系列名称", max_length=50)
    sort = models.PositiveIntegerField("排序", default=0)
    is_active = models.BooleanField("有效", default=True)

    class Meta:
        verbose_name = "系列"
        verbose_name_plural = "系列"
        ordering = ["sort", "code"]

    def __str__(self) -> str:
        return self.name


class Specialty(models.Model):
    series = models.ForeignKey(Series, on_delete=models.PROTECT, related_name="specialties", verbose_name="系列")
    group = models.CharField("分组", max_length=50, blank=True, help_text="子系列或类别，如 医疗类；可为空")
    code = models.CharField("专业代码", max_length=10, unique=True)
    name = models.CharField("专业名称", max_length=50)
    sort = models.PositiveIntegerField("排序", default=0)
    is_active = models.BooleanField("有效", default=True)

    class Meta:
        verbose_name = "专业"
        verbose_name_plural = "专业"
        ordering = ["series__sort", "sort", "code"]
        indexes = [models.Index(fields=["series", "is_active", "sort"])]

    def __str__(self) -> str:
        return f"{self.series.name}/{self.name}"


class QualificationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True, specialty__is_active=True, specialty__series__is_active=True)

    def high(self):
        return self.filter(level__in=Level.high())

    def intermediate_junior(self):
        return self.exclude(level__in=Level.high())

    def with_path(self):
        """Everything `path` reads, in the same query."""
        return self.select_related("specialty__series")


class Qualification(models.Model):
    specialty = models.ForeignKey(Specialty, on_delete=models.PROTECT, related_name="qualifications",
                                  verbose_name="专业")
    code = models.CharField("资格代码", max_length=12, unique=True)
    name = models.CharField("资格名称", max_length=50)
    level = models.CharField("级别", max_length=16, choices=Level.choices)
    grade = models.CharField("等级", max_length=12, choices=Grade.choices, blank=True,
                             help_text="仅初级：助理级或员级")
    exam_only = models.BooleanField("以考代评", default=False,
                                    help_text="以考代评的资格只能通过考试取得，不能申报评审")
    sort = models.PositiveIntegerField("排序", default=0)
    is_active = models.BooleanField("有效", default=True)

    objects = QualificationQuerySet.as_manager()

    class Meta:
        verbose_name = "资格"
        verbose_name_plural = "资格"
        ordering = ["specialty__series__sort", "specialty__sort", "sort", "code"]
        indexes = [models.Index(fields=["specialty", "is_active", "sort"]),
                   models.Index(fields=["level", "is_active"])]

    def __str__(self) -> str:
        return self.path

    def clean(self):
        if self.grade and self.level != Level.JUNIOR:
            raise ValidationError({"grade": "只有初级资格可以设置助理级或员级"})

    @property
    def label(self) -> str:
        """The qualification with its level, as the cascader's third column shows it: 教授(正高)."""
        return f"{self.name}({self.get_level_display()})"

    @property
    def path(self) -> str:
        """系列/专业/资格(级别), e.g. 教师系列/高校教师/教授(正高)."""
        return f"{self.specialty.series.name}/{self.specialty.name}/{self.label}"

    @property
    def is_high(self) -> bool:
        """正高/副高 (recognised by the region) as opposed to 中级/初级 (recognised by a prefecture)."""
        return Level.is_high(self.level)


class CatalogRange(models.Model):
    """A part of the catalog at one level: a whole 系列, a whole 专业, or one 资格.

    Abstract: a committee's 可评审专业 and a filing's 培训范围 are rows of concrete subclasses, and
    `catalog.scopes.RangeScope` turns such rows into the qualifications a picker offers. The chain is
    stored whole (a qualification row names its specialty and series too), so rows group and display
    without joins; "the whole 教师系列 at 正高/副高" is two series rows, one per level. A qualification row's
    level is the qualification's own.
    """

    class Kind(models.TextChoices):
        SERIES = "series", "整个系列"
        SPECIALTY = "specialty", "整个专业"
        QUALIFICATION = "qualification", "资格"

    series = models.ForeignKey(Series, on_delete=models.PROTECT, related_name="+", verbose_name="系列")
    specialty = models.ForeignKey(Specialty, on_delete=models.PROTECT, related_name="+", null=True, blank=True,
                                  verbose_name="专业")
    qualification = models.ForeignKey(Qualification, on_delete=models.PROTECT, related_name="+", null=True,
                                      blank=True, verbose_name="资格")
    level = models.CharField("级别", max_length=16, choices=Level.choices)

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(condition=models.Q(qualification__isnull=True) | models.Q(specialty__isnull=False),
                                   name="%(app_label)s_%(class)s_chain"),
            models.CheckConstraint(condition=models.Q(level__in=Level.values), name="%(app_label)s_%(class)s_level"),
        ]

    @property
    def kind(self) -> str:
        if self.qualification_id:
            return self.Kind.QUALIFICATION
        return self.Kind.SPECIALTY if self.specialty_id else self.Kind.SERIES

    @property
    def target_label(self) -> str:
        """教师系列 / 教师系列/高校教师 / 教师系列/高校教师/教授(正高)."""
        if self.qualification_id:
            return self.qualification.path
        if self.specialty_id:
            return f"{self.series.name}/{self.specialty.name}"
        return self.series.name

    def clean(self):
        errors = {}
        if self.qualification_id:
            if self.qualification.specialty_id != self.specialty_id:
                errors["qualification"] = "资格不属于所选专业"
            if self.level != self.qualification.level:
                errors["level"] = "资格的级别与所填级别不一致"
        if self.specialty_id and self.specialty.series_id != self.series_id:
            errors["specialty"] = "专业不属于所选系列"
        if errors:
            raise ValidationError(errors)
