"""Import records: what came in, from where, and what became of it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from ficarchive.works.models import Work


class ImportStatus(models.TextChoices):
    PENDING = "pending", "Pending (uploaded, not posted yet)"
    CREATED = "created", "Created"
    UPDATED = "updated", "Updated"
    FAILED = "failed", "Failed"


SUCCESSFUL = (ImportStatus.CREATED, ImportStatus.UPDATED)


class ImportRecord(models.Model):
    """One source's import. A successful record follows its work: re-importing the same source
    with new content updates both; the same content anywhere is recognised by its hash."""

    source = models.CharField(max_length=500, db_index=True)
    content_hash = models.CharField(max_length=64, blank=True, db_index=True)
    status = models.CharField(max_length=10, choices=ImportStatus.choices, db_index=True)
    work = models.ForeignKey(
        Work, null=True, blank=True, on_delete=models.SET_NULL, related_name="import_records"
    )
    error = models.TextField(blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="import_records",
        help_text="Who uploaded it (empty for command-line imports).",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_hash"],
                condition=Q(
                    status__in=[ImportStatus.CREATED, ImportStatus.UPDATED], work__isnull=False
                ),
                name="importrecord_unique_successful_hash",
            ),
            # Two imports failing on one file at once keep one record of it, not two.
            models.UniqueConstraint(
                fields=["source"],
                condition=Q(status="failed"),
                name="importrecord_one_failure_per_source",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} ({self.status})"


class UploadBlob(models.Model):
    """The bytes of an uploaded story waiting for its preview to be posted, kept once per
    content: the same file uploaded again, by anyone, shares them. Deleted when no pending
    upload needs them (posted or expired)."""

    content_hash = models.CharField(max_length=64, unique=True)
    data = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.content_hash[:12]} ({len(self.data)} bytes)"
