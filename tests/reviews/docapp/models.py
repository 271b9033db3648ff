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
