"""Writes behind the posting forms: works and their chapters, by the people who own them."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from ficarchive.feedback.actions.notify import notify_new_chapter, notify_new_work
from ficarchive.sanitize.html import body_html_clean, html_to_text
from ficarchive.works.models import Chapter, Work
from ficarchive.works.services import (
    ChapterInput,
    WorkInput,
    chapter_store,
    work_create_from_input,
    work_update_from_input,
    work_word_count_refresh,
)

__all__ = ["WorkInput", "work_create", "work_update"]


def chapter_input_from_text(
    *,
    body: str,
    title: str = "",
    summary: str = "",
    notes: str = "",
    end_notes: str = "",
    draft: bool = False,
) -> ChapterInput:
    """A chapter from what a person typed: plain text or simple HTML, sanitized.

    Raises ValidationError (on `body`) when no text is left.
    """
    body_html = body_html_clean(body)
    if not html_to_text(body_html):
        raise ValidationError({"body": "A chapter needs some text."})
    return ChapterInput(
        title=title.strip()[:255],
        body_html=body_html,
        word_count=len(html_to_text(body_html).split()),
        summary=summary,
        notes=notes,
        end_notes=end_notes,
        draft=draft,
    )


def work_create(
    *,
    data: WorkInput,
    chapter_title: str = "",
    body: str = "",
    chapter_notes: str = "",
    chapter_end_notes: str = "",
    chapters: list[ChapterInput] | None = None,
    draft: bool = False,
) -> Work:
    """A new work, from the work form (Post a work, the upload preview) or a test.

    The chapters are `chapters`, or one chapter from the text in `body`. A draft is seen by its
    creators only; posting (not a draft) tells subscribers of the creators and the series.
    """
    with transaction.atomic():
        if chapters is None:
            chapters = [
                chapter_input_from_text(
                    body=body, title=chapter_title, notes=chapter_notes, end_notes=chapter_end_notes
                )
            ]
        work = work_create_from_input(data=data, chapters=chapters, draft=draft)
        if not draft:
            notify_new_work(work)
    return work


def work_update(*, work: Work, data: WorkInput) -> Work:
    """Change a work's fields, tags, creators and series (its chapters are edited one by one)."""
    return work_update_from_input(work=work, data=data)


@transaction.atomic
def work_post(*, work: Work) -> Work:
    """Publish a draft: readers see it from now on and subscribers hear of it."""
    if not work.draft:
        return work
    now = timezone.now()
    work.draft = False
    work.published_at = work.published_at or now
    work.updated_at = now
    work.save(update_fields=["draft", "published_at", "updated_at", "modified_at"])
    work.chapters.filter(published_at__isnull=True, draft=False).update(published_at=now)
    notify_new_work(work)
    return work


@transaction.atomic
def work_delete(*, work: Work) -> None:
    """Delete a work with its chapters, comments, kudos and bookmarks."""
    work.delete()


@transaction.atomic
def chapter_append(
    *,
    work: Work,
    title: str = "",
    body: str,
    summary: str = "",
    notes: str = "",
    end_notes: str = "",
    draft: bool = False,
) -> Chapter:
    """Add a chapter at the end. A chapter draft is seen by the work's creators only; a posted
    chapter of a posted work reaches its subscribers' inboxes."""
    given = chapter_input_from_text(
        body=body, title=title, summary=summary, notes=notes, end_notes=end_notes, draft=draft
    )
    last = work.chapters.aggregate(m=Max("position"))["m"] or 0
    chapter = Chapter(work=work, position=last + 1)
    _chapter_write(chapter, given)
    if not draft:
        _chapter_announce(chapter)
    return chapter


def _chapter_write(chapter: Chapter, given: ChapterInput) -> None:
    chapter_store(chapter, given)
    work_word_count_refresh(work=chapter.work)


def _chapter_announce(chapter: Chapter) -> None:
    """A chapter just posted: dated, the work updated, subscribers told (posted works only)."""
    work = chapter.work
    if work.draft:
        return
    now = timezone.now()
    Chapter.objects.filter(pk=chapter.pk).update(published_at=now)
    Work.objects.filter(pk=work.pk).update(updated_at=now)
    notify_new_chapter(chapter)


@transaction.atomic
def chapter_update(
    *,
    chapter: Chapter,
    title: str = "",
    body: str,
    summary: str = "",
    notes: str = "",
    end_notes: str = "",
    draft: bool | None = None,
) -> Chapter:
    """Replace a chapter's title, text and notes; `draft=False` posts a chapter draft."""
    was_draft = chapter.draft
    given = chapter_input_from_text(
        body=body,
        title=title,
        summary=summary,
        notes=notes,
        end_notes=end_notes,
        draft=was_draft if draft is None else draft,
    )
    _chapter_write(chapter, given)
    if was_draft and not chapter.draft:
        _chapter_announce(chapter)
    return chapter


@transaction.atomic
def chapter_post(*, chapter: Chapter) -> Chapter:
    """Post a chapter draft: readers see it from now on and subscribers hear of it."""
    if not chapter.draft:
        return chapter
    chapter.draft = False
    chapter.save(update_fields=["draft", "updated_at"])
    work_word_count_refresh(work=chapter.work)
    _chapter_announce(chapter)
    chapter.refresh_from_db()
    return chapter


@transaction.atomic
def chapter_reorder(*, work: Work, chapter_ids: list[int]) -> None:
    """Put the work's chapters in the order of `chapter_ids` (which must name each exactly once)."""
    current = list(work.chapters.order_by("position").values_list("pk", flat=True))
    if sorted(current) != sorted(chapter_ids):
        raise ValidationError("Name every chapter of the work exactly once.")
    # Move everything out of the way first: positions are unique within a work.
    offset = len(current) + 1000
    for pk in current:
        Chapter.objects.filter(pk=pk).update(position=offset + current.index(pk))
    for position, pk in enumerate(chapter_ids, start=1):
        Chapter.objects.filter(pk=pk, work=work).update(position=position)
    # Saved, not updated: the work's change is logged, so pages kept under its stamp renew.
    work.save(update_fields=["modified_at"])


@transaction.atomic
def chapter_delete(*, chapter: Chapter) -> None:
    """Delete a chapter (not a work's only one) and close the gap in the numbering."""
    work = chapter.work
    if work.chapters.count() <= 1:
        raise ValidationError("A work keeps at least one chapter; delete the work instead.")
    position = chapter.position
    chapter.delete()
    for later in work.chapters.filter(position__gt=position).order_by("position"):
        Chapter.objects.filter(pk=later.pk).update(position=later.position - 1)
    work_word_count_refresh(work=work)
