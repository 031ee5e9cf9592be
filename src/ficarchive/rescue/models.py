"""Rescued archives: what each old item became, so that runs are idempotent and old links work.

Every item of an old archive (a story, a chapter, a series, a member, a review, an old page)
is keyed by (archive, kind, old id) and remembers the hash of what was written for it: a
second run writes nothing for an unchanged item, and a run killed midway resumes after the
last item whose transaction committed.
"""

from __future__ import annotations

from django.db import models
from django.urls import reverse

from ficarchive.feedback.models import Comment
from ficarchive.works.models import Creator, Series, Work


class RescuedArchive(models.Model):
    """An old archive taken in by `ficarchive rescue`; its old links answer under its slug."""

    slug = models.SlugField(max_length=100, unique=True)
    name = models.CharField(max_length=255)
    software = models.CharField(max_length=50)
    version = models.CharField(max_length=20, blank=True)
    old_url = models.CharField(max_length=500, blank=True, help_text="The old site's address.")
    # The old site's host ("www.example.net", lower case) and path ("/fiction/"): requests
    # for that host are answered at the old paths themselves.
    old_host = models.CharField(max_length=255, blank=True, db_index=True)
    old_path = models.CharField(max_length=500, blank=True)
    report = models.JSONField(default=dict, blank=True, help_text="The last run's report.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("rescue:old_archive", args=[self.slug])


class ItemKind(models.TextChoices):
    WORK = "work", "Story"
    CHAPTER = "chapter", "Chapter"
    SERIES = "series", "Series"
    CREATOR = "creator", "Member"
    COMMENT = "comment", "Review"
    PAGE = "page", "Old page"


class ItemStatus(models.TextChoices):
    IMPORTED = "imported", "Imported"
    LINKED = "linked", "Linked to a work that already existed"
    SKIPPED = "skipped", "Skipped"
    GONE = "gone", "Not imported at the author's wish"


class RescueItem(models.Model):
    """One item of an old archive and what became of it."""

    archive = models.ForeignKey(RescuedArchive, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(max_length=10, choices=ItemKind.choices)
    old_id = models.CharField(max_length=500)
    status = models.CharField(max_length=10, choices=ItemStatus.choices)
    reason = models.CharField(max_length=40, blank=True)
    content_hash = models.CharField(max_length=64, blank=True)
    work = models.ForeignKey(
        Work, null=True, blank=True, on_delete=models.SET_NULL, related_name="rescue_items"
    )
    # For chapters and old pages: the chapter of `work` they became.
    position = models.PositiveIntegerField(null=True, blank=True)
    # For chapters: the story they belong to and the number old links gave them.
    parent_old_id = models.CharField(max_length=500, blank=True)
    old_number = models.IntegerField(null=True, blank=True)
    series = models.ForeignKey(
        Series, null=True, blank=True, on_delete=models.SET_NULL, related_name="rescue_items"
    )
    creator = models.ForeignKey(
        Creator, null=True, blank=True, on_delete=models.SET_NULL, related_name="rescue_items"
    )
    comment = models.ForeignKey(
        Comment, null=True, blank=True, on_delete=models.SET_NULL, related_name="rescue_items"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["archive", "kind", "old_id"], name="rescueitem_unique_old_id"
            )
        ]
        indexes = [models.Index(fields=["archive", "kind", "parent_old_id"])]

    def __str__(self) -> str:
        return f"{self.archive.slug} {self.kind} {self.old_id} ({self.status})"


class RescueFile(models.Model):
    """A file the old site served that its stories show (an image): kept and served as it was."""

    archive = models.ForeignKey(RescuedArchive, on_delete=models.CASCADE, related_name="files")
    path = models.CharField(max_length=500)
    content_type = models.CharField(max_length=100)
    data = models.BinaryField()
    sha256 = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["archive", "path"], name="rescuefile_unique_path")
        ]

    def __str__(self) -> str:
        return f"{self.archive.slug}/{self.path}"
