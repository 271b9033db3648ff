from django.conf import settings
from django.db import models


class Notice(models.Model):
    """A 通知公告, 政策法规 or 操作指南 shown on the public portal of one region (null = 自治区 level)."""

    class Kind(models.TextChoices):
        NOTICE = "notice", "通知公告"
        POLICY = "policy", "政策法规"
        GUIDE = "guide", "操作指南"

    class Category(models.TextChoices):
        TITLES = "titles", "职称"
        TRAINING = "training", "继续教育"
        TALENT = "talent", "专项人才"
        EXPERT = "expert", "专家系统"
        GENERAL = "general", "通用"

    kind = models.CharField("类型", max_length=10, choices=Kind.choices, default=Kind.NOTICE)
    category = models.CharField("栏目", max_length=10, choices=Category.choices, default=Category.GENERAL)
    region = models.ForeignKey(
        "orgs.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="notices",
        verbose_name="发布区域", help_text="不选择即为自治区本级",
    )
    title = models.CharField("标题", max_length=100)
    # Stored already sanitised by the services (nh3), so templates may render it as HTML.
    body = models.TextField("正文", blank=True)
    is_published = models.BooleanField("已发布", default=False)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                               verbose_name="发布人")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "通知公告"
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(fields=["is_published", "kind", "region", "-published_at"]),
            models.Index(fields=["is_published", "category", "-published_at"]),
        ]

    def __str__(self) -> str:
        return self.title
