from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone


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
    failed_logins = models.PositiveSmallIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)
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

    def is_locked(self, now=None) -> bool:
        return bool(self.locked_until and self.locked_until > (now or timezone.now()))


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
    photo = models.ImageField("一寸照", upload_to="photos/%Y/", blank=True)
    emergency_phone = models.CharField("紧急联系电话", max_length=20, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.user.name
