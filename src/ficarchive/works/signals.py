"""Signals about works that other apps send, for the apps that keep copies derived from them
(the search index and what is kept under each work's change stamp)."""

from __future__ import annotations

from django.dispatch import Signal

# Sent (sender=Work, work_id=...) inside the transaction that changed a work's reader counts
# (kudos, comments, bookmarks): those are written with QuerySet.update(), which sends no post_save.
work_counts_changed = Signal()

# Sent (sender=Work, work_ids=[...]) inside the transaction that stored new works in bulk
# (works.services.work_bulk), whose rows are inserted without a post_save for each.
works_stored = Signal()
