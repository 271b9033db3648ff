from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.utils import timezone

from zhuanji.reviews.models import CaseState


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, username, password=None, **extra):
        user = self.model(username=username, **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, username, password=None, **extra):
        extra.setdefault("is_superuser", True)
        extra.setdefault("is_staff", True)
        extra.setdefault("name", "平台管理员")
        return self.create_user(username, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """Every account: an individual (个人, logs in by ID number) or an organisation's staff user (YHBH…)."""

    class Kind(models.TextChoices):
        PERSON = "person", "个人"
        STAFF = "staff", "机构用户"

    username = models.CharField("用户名", max_length=64, unique=True)
    name = models.CharField("姓名", max_length=50)
    kind = models.CharField("账号类型", max_length=10, choices=Kind.choices, default=Kind.STAFF)
    phone = models.CharField("手机号码", max_length=11, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    is_active = models.BooleanField("启用", default=True)
    is_staff = models.BooleanField(default=False)
    # Set whenever someone else chose the password (an admin's initial or reset one, a recovery): the user
    # must choose their own before doing anything else.
    must_change_password = models.BooleanField("须修改密码", default=False)
    date_joined = models.DateTimeField("注册时间", default=timezone.now)
    updated_at = models.DateTimeField("最后编辑时间", auto_now=True)

    objects = UserManager()

    USERNAME_FIELD = "username"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = "用户"

    def __str__(self) -> str:
        return f"{self.name}({self.username})"

    @property
    def display_name(self) -> str:
        return self.name or self.username

    @property
    def is_person(self) -> bool:
        return self.kind == self.Kind.PERSON


class Person(models.Model):
    """An individual's registered identity and profile; the data printed on their certificates."""

    class Gender(models.TextChoices):
        MALE = "男", "男"
        FEMALE = "女", "女"

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="person")
    id_number = models.CharField("身份证号", max_length=18, unique=True)
    gender = models.CharField("性别", max_length=1, choices=Gender.choices)
    birth_date = models.DateField("出生日期")
    ethnicity = models.CharField("民族", max_length=20, blank=True)
    education = models.CharField("文化程度", max_length=20, blank=True)
    degree = models.CharField("学位", max_length=20, blank=True)
    work_unit = models.ForeignKey(
        "orgs.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="people",
        verbose_name="工作单位",
    )
    emergency_phone = models.CharField("紧急联系电话", max_length=20, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    # The 一寸照 certificates print (slot PHOTO_SLOT, one file), seen by the person alone.
    attachments = GenericRelation("attachments.Attachment", content_type_field="owner_type",
                                  object_id_field="owner_id", related_query_name="person")

    PHOTO_SLOT = "photo"

    def __str__(self) -> str:
        return self.user.name

    @property
    def photo(self):
        """The 一寸照 (an attachment), or None."""
        return next((a for a in self.attachments.all() if a.slot == self.PHOTO_SLOT), None)


class SmsMessage(models.Model):
    """One text message handed to the SMS gateway (and, with the database backend, the outbox itself)."""

    phone = models.CharField("手机号码", max_length=11, db_index=True)
    text = models.CharField("短信内容", max_length=500)
    backend = models.CharField("发送通道", max_length=100)
    created_at = models.DateTimeField("发送时间", auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "短信记录"

    def __str__(self) -> str:
        return f"{self.phone} {self.created_at:%Y-%m-%d %H:%M}"


class RecoveryChallenge(models.Model):
    """A 6-digit code sent by SMS to recover an account; only its hash is kept.

    A request that matches no account (unknown number, another phone) gets one too, with no user and a code
    sent to no one, so that the pages after it answer exactly as for a real account.
    """

    user = models.ForeignKey(User, null=True, blank=True, on_delete=models.CASCADE,
                             related_name="recovery_challenges")
    phone = models.CharField("手机号码", max_length=11)
    code_hash = models.CharField(max_length=128)
    expires_at = models.DateTimeField()
    tries = models.PositiveSmallIntegerField(default=0)
    verified_at = models.DateTimeField(null=True, blank=True)
    used_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["user", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.user.username if self.user else '-'} {self.created_at:%Y-%m-%d %H:%M}"


class TicketStatus(models.TextChoices):
    """A ticket's progress in the words applicants and platform staff use, keyed by its review case's state."""

    PENDING = CaseState.PENDING.value, "待审核"
    APPROVED = CaseState.APPROVED.value, "已通过"
    REFUSED = CaseState.REFUSED.value, "已驳回"
    CANCELLED = CaseState.CANCELLED.value, "已撤销"


class RecoveryTicket(models.Model):
    """账号找回工单: someone who lost both password and phone proves who they are with an ID card photo.

    Its review (state, reviewer, reasons) is its case's, on the route "accounts.recovery".
    """

    case = models.OneToOneField("reviews.Case", on_delete=models.PROTECT, related_name="+")
    number = models.CharField("工单编号", max_length=20, unique=True)
    name = models.CharField("姓名/单位名称", max_length=100)
    identifier = models.CharField("身份证号/统一社会信用代码", max_length=18, db_index=True)
    phone = models.CharField("手机号码", max_length=11)
    reason = models.CharField("申诉原因", max_length=300)
    user = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="recovery_tickets")
    created_at = models.DateTimeField("提交时间", auto_now_add=True, db_index=True)
    # The 身份证照片 (or 营业执照) proving who asks (slot ID_PHOTO_SLOT), seen by the platform's reviewers.
    attachments = GenericRelation("attachments.Attachment", content_type_field="owner_type",
                                  object_id_field="owner_id", related_query_name="recovery_ticket")

    ID_PHOTO_SLOT = "id_photo"

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "账号找回工单"

    def __str__(self) -> str:
        return self.number

    @property
    def id_photo(self):
        """The 身份证照片 (an attachment), or None."""
        return next((a for a in self.attachments.all() if a.slot == self.ID_PHOTO_SLOT), None)

    @property
    def status_label(self) -> str:
        return dict(TicketStatus.choices).get(self.case.state) or self.case.get_state_display()


class UnitRegistration(models.Model):
    """A 基层单位's registration, reviewed by its region's 人社部门 (route "accounts.unit_registration").

    The unit stays disabled — not offered as a 工作单位, its admin not let in — until its case is approved;
    a refusal releases the credit code so the unit can register again.
    """

    case = models.OneToOneField("reviews.Case", on_delete=models.PROTECT, related_name="+")
    org = models.OneToOneField("orgs.Organisation", on_delete=models.PROTECT, related_name="registration",
                               verbose_name="单位")
    # As registered: a refusal clears the organisation's own, and the reviewers' page still shows it.
    credit_code = models.CharField("统一社会信用代码", max_length=18, db_index=True)
    created_at = models.DateTimeField("注册时间", auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "单位注册"

    def __str__(self) -> str:
        return f"{self.org.code} {self.org.name}"


class PasswordHistory(models.Model):
    """The hashes of the passwords a user chose (never the temporary ones), newest first: the last five are
    not chosen again (`passwords.PasswordHistoryValidator`)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="password_history")
    password = models.CharField(max_length=128)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.user_id} {self.created_at:%Y-%m-%d %H:%M}"


class ThrottleCounter(models.Model):
    """A login back-off or rate-limit counter, where the cache is not atomic (see `accounts.throttle`)."""

    key = models.CharField(max_length=200, unique=True)
    value = models.BigIntegerField(default=0)
    expires_at = models.FloatField(db_index=True)  # a Unix time

    def __str__(self) -> str:
        return f"{self.key}={self.value}"
