from django.conf import settings
from django.db import models


class Counter(models.Model):
    """The last number handed out for one numbering scheme (a prefix, maybe per day or year)."""

    key = models.CharField(max_length=64, unique=True)
    value = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.key}={self.value}"


class Draft(models.Model):
    """A document filled in sections before it exists (a wizard): each section's input, saved as it is left.

    One per owner and kind (`hours.wizard`); `data` maps a section key to its raw input (`{field: [values]}`),
    validated again whenever it is read. Read and written only through `common.sections.Document`.
    """

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="drafts")
    kind = models.CharField(max_length=50)
    data = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["owner", "kind"], name="common_one_draft_per_owner_and_kind")]

    def __str__(self) -> str:
        return f"{self.kind} ({self.owner_id})"
