"""Bookmarks with notes and the bookmarker's own tags; subscriptions."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from ficarchive.feedback.actions import FeedbackInvalid
from ficarchive.feedback.models import Bookmark, Subscription
from ficarchive.sanitize.html import comment_html_clean
from ficarchive.works.models import Creator, Series, Work
from ficarchive.works.readers import Member
from ficarchive.works.signals import work_counts_changed

MAX_NOTES_CHARS = 5_000


def bookmark_tags_parse(text: str) -> list[str]:
    """Comma-separated tags → a list of distinct, trimmed tags (at most 50 of 100 characters)."""
    seen: dict[str, str] = {}
    for raw in (text or "").split(","):
        tag = " ".join(raw.split())[:100]
        if tag and tag.lower() not in seen:
            seen[tag.lower()] = tag
    return list(seen.values())[:50]


def work_bookmarks_count_refresh(*, work_id: int) -> None:
    """Recount the public bookmarks of a work (under the work's row lock, inside a transaction)."""
    list(Work.objects.select_for_update().filter(pk=work_id).values_list("pk", flat=True))
    count = Bookmark.objects.filter(work_id=work_id, private=False).count()
    Work.objects.filter(pk=work_id).update(bookmarks_count=count)
    work_counts_changed.send(sender=Work, work_id=work_id)


def do_bookmark_save(
    *, user: Member, work: Work, notes: str, tags: str, private: bool, for_later: bool
) -> Bookmark:
    """Create or update the user's bookmark of a work they may read."""
    if len(notes or "") > MAX_NOTES_CHARS:
        raise FeedbackInvalid(f"Notes are limited to {MAX_NOTES_CHARS} characters.")
    notes_html = comment_html_clean(notes) if (notes or "").strip() else ""
    with transaction.atomic():
        bookmark, _ = Bookmark.objects.update_or_create(
            user=user,
            work=work,
            defaults={
                "notes_html": notes_html,
                "tags": bookmark_tags_parse(tags),
                "private": bool(private),
                "for_later": bool(for_later),
            },
        )
        work_bookmarks_count_refresh(work_id=work.pk)
    return bookmark


def do_bookmark_delete(*, bookmark: Bookmark) -> None:
    """Remove a bookmark (only its owner calls this)."""
    with transaction.atomic():
        work_id = bookmark.work_id
        bookmark.delete()
        work_bookmarks_count_refresh(work_id=work_id)


def do_subscribe(
    *,
    user: Member,
    work: Work | None = None,
    series: Series | None = None,
    creator: Creator | None = None,
) -> Subscription:
    """Follow exactly one work, series or creator; subscribing twice is harmless."""
    if sum(x is not None for x in (work, series, creator)) != 1:
        raise FeedbackInvalid("Subscribe to one thing at a time.")
    try:
        with transaction.atomic():
            sub, _ = Subscription.objects.get_or_create(
                user=user, work=work, series=series, creator=creator
            )
    except IntegrityError:
        sub = Subscription.objects.get(user=user, work=work, series=series, creator=creator)
    return sub


def do_unsubscribe(*, subscription: Subscription) -> None:
    """Stop following (only the subscriber calls this)."""
    with transaction.atomic():
        subscription.delete()
