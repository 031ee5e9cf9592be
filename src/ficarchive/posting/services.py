"""Writes behind the posting forms: works and their chapters, by the people who own them."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from ficarchive.feedback.actions.notify import notify_new_chapter, notify_new_work
from ficarchive.sanitize.html import body_html_clean, html_to_text
from ficarchive.works.models import Chapter, Creator, SeriesPart, Tag, TagType, Work
from ficarchive.works.services import (
    series_find_or_create,
    series_part_place,
    tag_find_or_create,
)

DEFAULT_WARNING = "Creator Chose Not To Use Archive Warnings"


@dataclass
class WorkInput:
    """Everything the work form says about a work (not its chapters)."""

    title: str
    pseuds: list[Creator]
    rating: str = "Not Rated"
    warnings: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    fandoms: list[str] = field(default_factory=list)
    relationships: list[str] = field(default_factory=list)
    characters: list[str] = field(default_factory=list)
    freeform: list[str] = field(default_factory=list)
    summary: str = ""
    notes: str = ""
    end_notes: str = ""
    disclaimer: str = ""
    spoilers: str = ""
    distribution_text: str = ""
    distribution_permission: str = "unknown"
    feedback_text: str = ""
    feedback_wanted: bool | None = None
    series_title: str = ""
    series_part: int | None = None
    language: str = "en"
    restricted: bool = False
    expected_chapters: int | None = None


def _fixed_tag(name: str, tag_type: str) -> Tag:
    tag = Tag.objects.filter(name__iexact=name.strip(), type=tag_type).first()
    if tag is None:
        raise ValidationError({tag_type: f"Unknown {TagType(tag_type).label.lower()}: {name}"})
    return tag


def _work_tags(data: WorkInput) -> list[Tag]:
    tags = [_fixed_tag(data.rating or "Not Rated", TagType.RATING)]
    tags += [_fixed_tag(w, TagType.WARNING) for w in (data.warnings or [DEFAULT_WARNING])]
    tags += [_fixed_tag(c, TagType.CATEGORY) for c in data.categories]
    for names, tag_type in (
        (data.fandoms, TagType.FANDOM),
        (data.relationships, TagType.RELATIONSHIP),
        (data.characters, TagType.CHARACTER),
        (data.freeform, TagType.FREEFORM),
    ):
        tags += [tag_find_or_create(name=n, type=tag_type) for n in names if n.strip()]
    return list({t.pk: t for t in tags}.values())


def _work_fields_set(work: Work, data: WorkInput) -> None:
    if not data.title.strip():
        raise ValidationError({"title": "A work needs a title."})
    if not data.fandoms:
        raise ValidationError({"fandoms": "A work needs at least one fandom."})
    if not data.pseuds:
        raise ValidationError({"pseuds": "Post under at least one of your pseuds."})
    work.title = data.title.strip()
    for name in (
        "summary",
        "notes",
        "end_notes",
        "disclaimer",
        "spoilers",
        "distribution_text",
        "distribution_permission",
        "feedback_text",
        "feedback_wanted",
        "language",
        "restricted",
        "expected_chapters",
    ):
        setattr(work, name, getattr(data, name))
    work.language = (data.language or "en").strip()[:16]


def _work_relations_set(work: Work, data: WorkInput) -> None:
    work.tags.set(_work_tags(data))
    work.creators.clear()
    for position, pseud in enumerate(data.pseuds):
        work.creators.add(pseud, through_defaults={"position": position})
    if data.series_title.strip():
        series = series_find_or_create(title=data.series_title, creators=data.pseuds)
        SeriesPart.objects.filter(work=work).exclude(series=series).delete()
        series_part_place(series=series, work=work, part=data.series_part)
    else:
        SeriesPart.objects.filter(work=work).delete()


def _chapter_fill(chapter: Chapter, *, title: str, body: str, notes: str, end_notes: str) -> None:
    body_html = body_html_clean(body)
    if not body_html:
        raise ValidationError({"body": "A chapter needs some text."})
    chapter.title = title.strip()[:255]
    chapter.body_html = body_html
    chapter.notes = notes
    chapter.end_notes = end_notes
    chapter.word_count = len(html_to_text(body_html).split())


def work_word_count_refresh(*, work: Work) -> None:
    """The work's word count as the sum of its chapters'."""
    total = sum(work.chapters.values_list("word_count", flat=True))
    Work.objects.filter(pk=work.pk).update(word_count=total, modified_at=timezone.now())
    work.word_count = total


@transaction.atomic
def work_create(
    *,
    data: WorkInput,
    chapter_title: str,
    body: str,
    chapter_notes: str = "",
    chapter_end_notes: str = "",
    draft: bool = False,
) -> Work:
    """A new work with its first chapter; a draft is seen by its creators only.

    Posting (not a draft) tells subscribers of the creators and the series.
    """
    now = timezone.now()
    work = Work(draft=draft)
    _work_fields_set(work, data)
    if not draft:
        work.published_at = work.updated_at = now
    work.full_clean()
    work.save()
    _work_relations_set(work, data)
    chapter = Chapter(work=work, position=1, published_at=None if draft else now)
    _chapter_fill(
        chapter, title=chapter_title, body=body, notes=chapter_notes, end_notes=chapter_end_notes
    )
    chapter.full_clean()
    chapter.save()
    work_word_count_refresh(work=work)
    if not draft:
        notify_new_work(work)
    return work


@transaction.atomic
def work_update(*, work: Work, data: WorkInput) -> Work:
    """Change a work's fields, tags, creators and series (its chapters are edited one by one)."""
    _work_fields_set(work, data)
    work.full_clean()
    work.save()
    _work_relations_set(work, data)
    return work


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
    work.chapters.filter(published_at__isnull=True).update(published_at=now)
    notify_new_work(work)
    return work


@transaction.atomic
def work_delete(*, work: Work) -> None:
    """Delete a work with its chapters, comments, kudos and bookmarks."""
    work.delete()


@transaction.atomic
def chapter_append(
    *, work: Work, title: str, body: str, notes: str = "", end_notes: str = ""
) -> Chapter:
    """Add a chapter at the end; on a posted work, subscribers find it in their inbox."""
    now = timezone.now()
    last = work.chapters.aggregate(m=Max("position"))["m"] or 0
    chapter = Chapter(work=work, position=last + 1, published_at=None if work.draft else now)
    _chapter_fill(chapter, title=title, body=body, notes=notes, end_notes=end_notes)
    chapter.full_clean()
    chapter.save()
    work_word_count_refresh(work=work)
    if not work.draft:
        Work.objects.filter(pk=work.pk).update(updated_at=now)
        notify_new_chapter(chapter)
    return chapter


@transaction.atomic
def chapter_update(
    *, chapter: Chapter, title: str, body: str, notes: str = "", end_notes: str = ""
) -> Chapter:
    """Replace a chapter's title, text and notes."""
    _chapter_fill(chapter, title=title, body=body, notes=notes, end_notes=end_notes)
    chapter.full_clean()
    chapter.save()
    work_word_count_refresh(work=chapter.work)
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
