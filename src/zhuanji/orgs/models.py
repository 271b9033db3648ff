from django.conf import settings
from django.db import models


class Region(models.Model):
    """自治区 and its 地州市; loaded from the province's data file, so another province loads its own."""

    class Level(models.TextChoices):
        REGION = "region", "自治区"
        PREFECTURE = "prefecture", "地州市"

    code = models.CharField("区划代码", max_length=12, unique=True)
    name = models.CharField("名称", max_length=50)
    short_name = models.CharField("简称", max_length=20, blank=True)
    level = models.CharField("级别", max_length=12, choices=Level.choices)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    sort = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["sort", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_region(self) -> bool:
        return self.level == self.Level.REGION


class OrgKind(models.TextChoices):
    PLATFORM = "platform", "平台管理"
    HR_DEPARTMENT = "hr_department", "人社厅"
    HR_BUREAU = "hr_bureau", "地州人社局"
    TITLE_OFFICE = "title_office", "职称办公室"
    COMPETENT_DEPARTMENT = "competent", "行业主管部门"
    COMMITTEE = "committee", "评审委员会"
    CE_BASE = "ce_base", "继续教育基地"
    UNIT = "unit", "基层单位"


class Organisation(models.Model):
    """One node of the organisation tree. Units (基层单位) register themselves by credit code."""

    class BaseLevel(models.TextChoices):
        NATIONAL = "national", "国家级"
        REGION = "region", "自治区级"
        PREFECTURE = "prefecture", "地州级"

    code = models.CharField("单位编号", max_length=20, unique=True)
    name = models.CharField("单位名称", max_length=100, db_index=True)
    kind = models.CharField("机构类型", max_length=20, choices=OrgKind.choices, db_index=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="organisations", verbose_name="所属区域")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children", verbose_name="上级单位"
    )
    credit_code = models.CharField("统一社会信用代码", max_length=18, unique=True, null=True, blank=True)
    base_level = models.CharField("基地级别", max_length=12, choices=BaseLevel.choices, blank=True)
    # The account that registered the unit; logging in by credit code means logging in as it.
    registered_account = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="registered_org"
    )
    recommenders = models.ManyToManyField(
        "self", symmetrical=False, blank=True, through="Recommendation", related_name="recommended_units"
    )
    address = models.CharField("单位地址", max_length=100, blank=True)
    postcode = models.CharField("邮政编码", max_length=6, blank=True)
    contact_name = models.CharField("联系人", max_length=30, blank=True)
    contact_phone = models.CharField("联系电话", max_length=20, blank=True)
    legal_representative = models.CharField("法定代表人", max_length=30, blank=True)
    unit_nature = models.CharField("单位性质", max_length=30, blank=True)
    is_active = models.BooleanField("启用", default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["code"]
        indexes = [models.Index(fields=["kind", "region"])]

    def __str__(self) -> str:
        return self.name

    # Fields a unit must fill before it may review anything (完善单位信息).
    COMPLETE_INFO_FIELDS = ("credit_code", "address", "contact_name", "contact_phone", "legal_representative",
                            "unit_nature")

    @property
    def info_complete(self) -> bool:
        if self.kind != OrgKind.UNIT:
            return True
        return all(getattr(self, f) for f in self.COMPLETE_INFO_FIELDS)


class Recommendation(models.Model):
    """A unit's 推荐单位 (at most two): who forwards its people's title applications."""

    unit = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="recommendation_links")
    recommender = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "recommender"], name="unique_recommender")]

    def __str__(self) -> str:
        return f"{self.unit} → {self.recommender}"


class Role(models.TextChoices):
    ADMIN = "admin", "管理员"
    REVIEWER = "reviewer", "审核人员"
    CLERK = "clerk", "经办人员"


class Membership(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    org = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField("角色", max_length=12, choices=Role.choices)
    is_active = models.BooleanField("启用", default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "org"], name="unique_membership")]
        indexes = [models.Index(fields=["org", "is_active"])]

    def __str__(self) -> str:
        return f"{self.org} · {self.get_role_display()}"

    @property
    def role_label(self) -> str:
        kind, role = self.org.get_kind_display(), self.get_role_display()
        if kind.endswith("管理") and role.startswith("管理"):
            role = role.removeprefix("管理")  # 平台管理 + 管理员 reads 平台管理员, not 平台管理管理员
        return f"{kind}{role}"
