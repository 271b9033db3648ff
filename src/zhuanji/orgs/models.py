from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from zhuanji.catalog.models import CatalogRange


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


class BaseLevel(models.TextChoices):
    """A continuing-education base's level (基地级别)."""

    NATIONAL = "national", "国家级"
    REGION = "region", "自治区级"
    PREFECTURE = "prefecture", "地州级"


class Organisation(models.Model):
    """One node of the organisation tree. Units (基层单位) register themselves by credit code.

    `parent` is the tree only (机构管理's 上级单位 / 下级机构); what a committee or a CE base is *to* another
    organisation — 组建单位, 主管单位, its level — is explicit in `CommitteeProfile` / `BaseProfile`.
    """

    code = models.CharField("单位编号", max_length=20, unique=True)
    name = models.CharField("单位名称", max_length=100, db_index=True)
    kind = models.CharField("机构类型", max_length=20, choices=OrgKind.choices, db_index=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="organisations", verbose_name="所属区域")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children", verbose_name="上级单位"
    )
    credit_code = models.CharField("统一社会信用代码", max_length=18, unique=True, null=True, blank=True)
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
        constraints = [
            # One registered 基层单位 per name (a refused registration releases its credit code, and its name).
            models.UniqueConstraint(fields=["name"], condition=models.Q(kind="unit", credit_code__isnull=False),
                                    name="unique_registered_unit_name",
                                    violation_error_message="该单位名称已注册，请勿重复注册"),
        ]

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


# ---- what committees and CE bases are, explicitly -----------------------------------------------------------

# Who may form a committee (组建单位) or be a base's 主管单位: not committees, bases or the platform themselves.
FOUNDER_KINDS = (OrgKind.HR_DEPARTMENT, OrgKind.HR_BUREAU, OrgKind.TITLE_OFFICE, OrgKind.COMPETENT_DEPARTMENT,
                 OrgKind.UNIT)
SUPERVISOR_KINDS = (OrgKind.HR_DEPARTMENT, OrgKind.HR_BUREAU, OrgKind.COMPETENT_DEPARTMENT)


class CommitteeProfile(models.Model):
    """An evaluation committee (评审委员会): its level, 组建单位, and its 办事机构 (who receives materials).

    `level` is 自治区 (the region) or one 地州; the title office of that region maintains the committee's
    可评审专业 (`CommitteeScope`) and reviews its filings.
    """

    committee = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="committee_profile",
                                     limit_choices_to={"kind": OrgKind.COMMITTEE}, verbose_name="评审委员会")
    level = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="committee_profiles",
                              verbose_name="评审级别", help_text="自治区或所在地州")
    founder = models.ForeignKey(Organisation, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="founded_committees", verbose_name="组建单位")
    location = models.CharField("所在地点", max_length=50, blank=True)
    office_name = models.CharField("办事机构", max_length=100, blank=True)
    office_address = models.CharField("办事机构地址", max_length=100, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "评审委员会信息"
        indexes = [models.Index(fields=["level"])]

    def __str__(self) -> str:
        return str(self.committee)

    def clean(self):
        if self.committee_id and self.committee.kind != OrgKind.COMMITTEE:
            raise ValidationError({"committee": "只有评审委员会可以填写评审委员会信息"})
        if self.founder_id and self.founder.kind not in FOUNDER_KINDS:
            raise ValidationError({"founder": "组建单位不能是评审委员会、继续教育基地或平台"})


class CommitteeContact(models.Model):
    """One contact of a committee's 办事机构 (负责人 or 联系人), as the public contact page lists them."""

    class Post(models.TextChoices):
        HEAD = "head", "负责人"
        CONTACT = "contact", "联系人"

    profile = models.ForeignKey(CommitteeProfile, on_delete=models.CASCADE, related_name="contacts",
                                verbose_name="评审委员会")
    post = models.CharField("职责", max_length=10, choices=Post.choices, default=Post.CONTACT)
    name = models.CharField("姓名", max_length=30)
    phone = models.CharField("联系电话", max_length=20, blank=True, help_text="办公电话，公开显示")
    mobile = models.CharField("手机", max_length=11, blank=True, help_text="不公开显示")
    sort = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "办事机构联系人"
        ordering = ["sort", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "name"], name="unique_committee_contact"),
            models.CheckConstraint(condition=~models.Q(name=""), name="committee_contact_named"),
        ]

    def __str__(self) -> str:
        return f"{self.get_post_display()} {self.name}"


class CommitteeScope(CatalogRange):
    """One of a committee's 可评审专业: a whole series, a whole specialty or one qualification, at one level.

    "The whole 教师系列 at 正高/副高" is two rows; `catalog.scopes.RangeScope` (`orgs.scopes.CommitteeScopeOf`)
    turns a committee's rows into the qualifications a picker offers. Granted and revoked by the title office
    of the committee's level (`orgs.services.committees`).
    """

    committee = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="committee_scopes",
                                  limit_choices_to={"kind": OrgKind.COMMITTEE}, verbose_name="评审委员会")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta(CatalogRange.Meta):
        verbose_name = "可评审专业"
        ordering = ["series__sort", "series__code", "specialty__sort", "specialty__code", "qualification__sort",
                    "qualification__code", "level"]
        constraints = [
            *CatalogRange.Meta.constraints,
            models.UniqueConstraint(fields=["committee", "series", "level"], condition=models.Q(specialty__isnull=True),
                                    name="unique_committee_scope_series"),
            models.UniqueConstraint(fields=["committee", "specialty", "level"],
                                    condition=models.Q(specialty__isnull=False, qualification__isnull=True),
                                    name="unique_committee_scope_specialty"),
            models.UniqueConstraint(fields=["committee", "qualification"],
                                    condition=models.Q(qualification__isnull=False),
                                    name="unique_committee_scope_qualification"),
        ]
        indexes = [models.Index(fields=["committee", "level"])]

    def __str__(self) -> str:
        return f"{self.committee} · {self.target_label} · {self.get_level_display()}"


class BaseProfile(models.Model):
    """A continuing-education base (继续教育基地): its level and its 主管单位 (who first reviews its filings)."""

    base = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="base_profile",
                                limit_choices_to={"kind": OrgKind.CE_BASE}, verbose_name="继续教育基地")
    level = models.CharField("基地级别", max_length=12, choices=BaseLevel.choices)
    supervisor = models.ForeignKey(Organisation, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="supervised_bases", verbose_name="主管单位")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "继续教育基地信息"
        constraints = [models.CheckConstraint(condition=models.Q(level__in=BaseLevel.values),
                                              name="base_profile_level")]

    def __str__(self) -> str:
        return f"{self.base}（{self.get_level_display()}）"

    def clean(self):
        if self.base_id and self.base.kind != OrgKind.CE_BASE:
            raise ValidationError({"base": "只有继续教育基地可以填写基地信息"})
        if self.supervisor_id and self.supervisor.kind not in SUPERVISOR_KINDS:
            raise ValidationError({"supervisor": "主管单位应为人社厅、地州人社局或行业主管部门"})
