from django.conf import settings
from django.db import models


class MemoDocument(models.Model):
    """A test-only document: just enough to drive a case along a three-node route."""

    case = models.OneToOneField("reviews.Case", on_delete=models.PROTECT, related_name="+")
    title = models.CharField("标题", max_length=100)
    submitter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    # Whether the final office is accepting memos (drives the office node's guard).
    window_open = models.BooleanField(default=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    times_returned = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return self.title


class FilingDocument(models.Model):
    """A test-only organisation-owned filing, shaped like a base's 培训前备案: any member of the owning
    organisation with the submit perm files it; its route depends on its level; the final node has a
    window (act-time guard) and a due time."""

    class Level(models.TextChoices):
        REGION = "region", "自治区级"
        PREFECTURE = "prefecture", "地州级"

    case = models.OneToOneField("reviews.Case", on_delete=models.PROTECT, related_name="+")
    title = models.CharField("标题", max_length=100)
    owner = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    level = models.CharField("级别", max_length=12, choices=Level.choices, default=Level.REGION)
    # The final authority receives only before this time (None: always open).
    window_closes = models.DateTimeField(null=True, blank=True)
    # The final authority must act within this many hours of the filing's arrival (None: no due time).
    due_hours = models.PositiveIntegerField(null=True, blank=True)
    stamped_form = models.BooleanField("已上传盖章申报表", default=False)
    result_date = models.DateField("审核日期", null=True, blank=True)
    reopened = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return self.title
