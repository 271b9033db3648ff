from django.db import models


class Counter(models.Model):
    """The last number handed out for one numbering scheme (a prefix, maybe per day or year)."""

    key = models.CharField(max_length=64, unique=True)
    value = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.key}={self.value}"
