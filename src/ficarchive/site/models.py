"""The site's own table: the throttles' counters, shared by every worker."""

from __future__ import annotations

from django.db import models


class ThrottleCounter(models.Model):
    """Requests counted per key and fixed time window, shared by every worker through the database."""

    key = models.CharField(max_length=200)
    window = models.BigIntegerField(help_text="Window start, in seconds since the epoch.")
    count = models.PositiveIntegerField(default=0)

    class Meta:
        # The table kept its name when the model moved here from feedback.
        db_table = "feedback_throttlecounter"
        constraints = [
            models.UniqueConstraint(fields=["key", "window"], name="throttle_key_window")
        ]

    def __str__(self) -> str:
        return f"{self.key} at {self.window}: {self.count}"
