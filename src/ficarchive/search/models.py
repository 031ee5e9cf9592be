"""Search-owned tables. The full-text tables themselves are per database (see migrations)."""

from __future__ import annotations

from django.db import models


class IndexChange(models.Model):
    """One change to the searchable archive, in order: how worker processes keep their bitmaps in step.

    Each process remembers the last change it applied (id and token) and applies the newer ones on
    its next query. A random token per row tells a process when ids were reused (a rolled-back
    transaction, a restored database) so that it rebuilds instead of trusting stale state.
    """

    class Kind(models.TextChoices):
        WORK = "work", "Work changed or deleted"
        TAGS = "tags", "Tag names or synonyms changed"
        TEXT = "text", "Only the searchable text changed (or no work: a marker)"
        ALL = "all", "Everything reindexed"

    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.WORK)
    work_id = models.BigIntegerField(null=True, blank=True)
    token = models.CharField(max_length=16)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.kind} {self.work_id or ''}".strip()


class IndexPending(models.Model):
    """A work whose search text waits to be (re)stored: the durable outbox of indexing.

    Written in the same transaction as the change to the work, deleted in the transaction that
    indexes it; so after any crash the rows left say exactly which works a drain must index.
    After an import on a backend that indexes story text later, a row first has its work's
    metadata indexed (`text_only` set), and leaves when its story text is stored too.
    """

    work_id = models.BigIntegerField(db_index=True)
    # Its metadata is indexed and the bitmap indexes told: only its story text waits (a backend
    # that stores the story text after an import, `SearchBackend.stores_text_later`).
    text_only = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        waits = "its story text" if self.text_only else "indexing"
        return f"work {self.work_id} waits for {waits}"
