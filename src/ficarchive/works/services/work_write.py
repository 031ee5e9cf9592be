"""The one write path of a work: its fields, creators, tags, series and chapters.

Post a work, the upload-and-preview pages and the command-line importer all describe a work as a
`WorkInput` and its chapters as `ChapterInput`s, and store them here. What differs between them
(where the values come from) is decided before: `work_input_from_parsed` for a legacy story, the
work form for a person.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.signals import post_save, pre_save
from django.utils import timezone

from ficarchive.site.database_insert import rows_insert
from ficarchive.works.models import Authorship, Chapter, Creator, SeriesPart, Tag, TagType, Work
from ficarchive.works.readers import Member
from ficarchive.works.selectors import name_fold
from ficarchive.works.services.chapter_limit import chapter_count_check
from ficarchive.works.services.creators import (
    creator_find_or_create,
    creator_name_clean,
    creators_stored,
)
from ficarchive.works.services.fingerprint import plain_text_fingerprint, text_fingerprint
from ficarchive.works.services.permission import work_permission_settle
from ficarchive.works.services.series import series_find_or_create, series_part_place
from ficarchive.works.services.tags import tag_fixed_get
from ficarchive.works.services.tags_batch import works_tags_resolve

DEFAULT_RATING = "Not Rated"
DEFAULT_WARNING = "Creator Chose Not To Use Archive Warnings"
ANONYMOUS = "Anonymous"
TITLE_MAX = Work._meta.get_field("title").max_length
CHAPTER_TITLE_MAX = Chapter._meta.get_field("title").max_length
LANGUAGE_MAX = Work._meta.get_field("language").max_length
COPIED_FIELDS = (
    "summary",
    "notes",
    "end_notes",
    "disclaimer",
    "spoilers",
    "distribution_text",
    "distribution_archives",
    "distribution_permission",
    "feedback_text",
    "feedback_wanted",
    "songs",
    "extra_fields",
    "restricted",
    "expected_chapters",
)


@dataclass
class ChapterInput:
    """One chapter as it will be stored: its body already sanitized HTML."""

    body_html: str
    word_count: int
    title: str = ""
    summary: str = ""
    notes: str = ""
    end_notes: str = ""
    draft: bool = False
    # The chapter's own writers by name, when not all the work's creators wrote it (round robins).
    writers: list[str] = field(default_factory=list)
    # The words of `body_html` as plain text, when the body was made from it (the fingerprint
    # then reads this instead of the HTML).
    text: str | None = None


def chapters_fingerprint(chapters: Sequence[ChapterInput]) -> str:
    """The text fingerprint of a work with these chapters (`fingerprint.text_fingerprint`),
    from their plain text when every one has it, else from their HTML."""
    if all(c.text is not None for c in chapters):
        return plain_text_fingerprint(c.text or "" for c in chapters)
    return text_fingerprint(c.body_html for c in chapters)


@dataclass
class WorkInput:
    """Everything a work says about itself (not its chapters), whoever describes it.

    `pseuds` are creators that exist already (a member's own); `author_names` are creators to
    find or create by name (imported authors, account-less until they claim their works). With
    neither, the work is by "Anonymous". `synonyms` pairs a tag as written with the canonical
    name it was read as; each becomes a synonym while that canonical name is still on the work.
    `canonical_tags` marks new fandoms, relationships and characters as canonical (names the
    legacy reader took from its knowledge base).
    """

    title: str
    pseuds: list[Creator] = field(default_factory=list)
    author_names: list[str] = field(default_factory=list)
    rating: str = DEFAULT_RATING
    warnings: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    fandoms: list[str] = field(default_factory=list)
    relationships: list[str] = field(default_factory=list)
    characters: list[str] = field(default_factory=list)
    freeform: list[str] = field(default_factory=list)
    synonyms: list[tuple[str, str]] = field(default_factory=list)
    canonical_tags: bool = False
    summary: str = ""
    notes: str = ""
    end_notes: str = ""
    disclaimer: str = ""
    spoilers: str = ""
    distribution_text: str = ""
    distribution_archives: list[str] = field(default_factory=list)
    distribution_permission: str = "unknown"
    feedback_text: str = ""
    feedback_wanted: bool | None = None
    songs: list[dict] = field(default_factory=list)
    extra_fields: dict = field(default_factory=dict)
    series_title: str = ""
    series_part: int | None = None
    language: str = "en"
    restricted: bool = False
    expected_chapters: int | None = None
    # Dates the story states (legacy headers); None → the time it is posted.
    published_at: datetime | None = None
    updated_at: datetime | None = None
    # Provenance: where it came from, and the archivist who brought it in for its author.
    source_name: str = ""
    content_hash: str = ""
    imported: bool = False
    archived_by: Member | None = None
    # How the author's permission to archive was obtained, and who recorded it (permission.py).
    permission_granted: str = ""
    permission_recorded_by: Member | None = None


def work_input_for_edit(work: Work) -> WorkInput:
    """What `work` says about itself, as the work form and the one write path take it."""
    tags = list(work.tags.all())

    def of(tag_type: str) -> list[str]:
        return [t.name for t in tags if t.type == tag_type]

    part = work.series_parts.select_related("series").first()
    return WorkInput(
        title=work.title,
        pseuds=list(work.creators.order_by("authorship__position")),
        rating=(of(TagType.RATING) or ["Not Rated"])[0],
        warnings=of(TagType.WARNING),
        categories=of(TagType.CATEGORY),
        fandoms=of(TagType.FANDOM),
        relationships=of(TagType.RELATIONSHIP),
        characters=of(TagType.CHARACTER),
        freeform=of(TagType.FREEFORM),
        summary=work.summary,
        notes=work.notes,
        end_notes=work.end_notes,
        disclaimer=work.disclaimer,
        spoilers=work.spoilers,
        distribution_text=work.distribution_text,
        distribution_archives=list(work.distribution_archives or []),
        distribution_permission=work.distribution_permission,
        feedback_text=work.feedback_text,
        feedback_wanted=work.feedback_wanted,
        songs=list(work.songs or []),
        extra_fields=dict(work.extra_fields or {}),
        series_title=part.series.title if part else "",
        series_part=part.position if part else None,
        language=work.language,
        restricted=work.restricted,
        expected_chapters=work.expected_chapters,
    )


def _fixed_tag(name: str, tag_type: str) -> Tag:
    tag = tag_fixed_get(name=name, type=tag_type)
    if tag is None:
        fields: dict[str, str] = {TagType.RATING: "rating", TagType.WARNING: "warnings"}
        field_name = fields.get(str(tag_type), "categories")
        raise ValidationError({field_name: f"Unknown {TagType(tag_type).label.lower()}: {name}"})
    return tag


def work_fixed_tags(data: WorkInput) -> list[Tag]:
    """The work's rating, warnings (default: chose not to warn) and categories, from the fixed
    vocabularies; raises ValidationError (by field) for a name outside them."""
    tags = [_fixed_tag(data.rating or DEFAULT_RATING, TagType.RATING)]
    tags += [_fixed_tag(w, TagType.WARNING) for w in (data.warnings or [DEFAULT_WARNING])]
    tags += [_fixed_tag(c, TagType.CATEGORY) for c in data.categories]
    return tags


def work_tags_resolve(data: WorkInput) -> list[Tag]:
    """The work's tags: one rating, warnings (default: chose not to warn), categories, and the
    free tags; originals as written become synonyms; new characters and relationships belong
    to the work's fandoms (AO3's parent tags). Existing tags are read in one query, missing
    ones inserted in one statement (`tags_batch.works_tags_resolve`, for one work)."""
    return works_tags_resolve([data], [work_fixed_tags(data)])[0]


def works_creators(works: Sequence[WorkInput]) -> list[list[Creator]]:
    """Each work's creators, in order and without repeats: its pseuds, then the creators its
    `author_names` name, found or created (without an account); "Anonymous" for a work with
    neither. The names of all the works are looked up together (`creators_stored`: one query,
    one insert for the missing)."""
    names = [[n for n in map(creator_name_clean, data.author_names) if n] for data in works]
    names = [
        each or ([] if data.pseuds else [ANONYMOUS])
        for data, each in zip(works, names, strict=True)
    ]
    found = creators_stored(names=[name for each in names for name in each])
    creators = []
    for data, each in zip(works, names, strict=True):
        mine = [*data.pseuds, *(found[name_fold(name)] for name in each)]
        creators.append(list({c.pk: c for c in mine}.values()))
    return creators


def _fields_set(work: Work, data: WorkInput) -> None:
    title = " ".join((data.title or "").split())
    if not title:
        raise ValidationError({"title": "A work needs a title."})
    work.title = title[:TITLE_MAX]
    for name in COPIED_FIELDS:
        setattr(work, name, getattr(data, name))
    work.language = (data.language or "en").strip()[:LANGUAGE_MAX] or "en"
    if data.archived_by is not None:
        work.archived_by = data.archived_by


def _work_insert(work: Work) -> None:
    """Insert a new, validated work as `save()` would, signals and all (the search outbox
    hears them), without compiling its thirty-column statement each time."""
    using = transaction.get_connection().alias
    pre_save.send(sender=Work, instance=work, raw=False, using=using, update_fields=None)
    rows_insert([work])
    post_save.send(
        sender=Work, instance=work, created=True, raw=False, using=using, update_fields=None
    )


def _authorships_set(work: Work, creators: Sequence[Creator], *, new: bool) -> None:
    if not new:
        Authorship.objects.filter(work=work).delete()
    rows_insert(
        [Authorship(work=work, creator=c, position=i) for i, c in enumerate(creators)], keys=False
    )


def _series_set(work: Work, data: WorkInput, creators: Sequence[Creator]) -> list[int]:
    """Place the work in the series `data` names, if any; returns the series parts it keeps."""
    kept = []
    if data.series_title and data.series_title.strip():
        series = series_find_or_create(title=data.series_title, creators=creators)
        kept.append(series_part_place(series=series, work=work, part=data.series_part).pk)
    return kept


def chapter_store(chapter: Chapter, given: ChapterInput, *, save: bool = True) -> Chapter:
    """Put `given` (title, text, notes, draft or not) into `chapter`, validate it and save it
    (unless not `save`: the caller inserts new chapters together): the one place every chapter
    writer (the work form, the chapter form, the importer) stores a chapter. A position past the
    chapter cap (`chapter_limit.py`) raises ValidationError."""
    chapter_count_check(count=chapter.position)
    chapter.title = (given.title or "").strip()[:CHAPTER_TITLE_MAX]
    chapter.body_html = given.body_html
    chapter.word_count = given.word_count
    chapter.summary, chapter.notes, chapter.end_notes = given.summary, given.notes, given.end_notes
    chapter.draft = given.draft
    # The work is saved already: checking its foreign key would cost a query per chapter.
    chapter.full_clean(exclude=["work"], validate_constraints=False)
    if save:
        chapter.save()
    return chapter


def _chapters_set(
    work: Work, chapters: Sequence[ChapterInput], *, now: datetime, keep_extra: bool, new: bool
) -> None:
    """Write chapters 1..n in place (keeping rows, so feedback on them stays); a new work's
    chapters are inserted in one statement.

    Chapters past n are deleted, unless `keep_extra` (they came from other files)."""
    existing = {} if new else {c.position: c for c in work.chapters.all()}
    inserts: list[Chapter] = []
    for position, given in enumerate(chapters, start=1):
        chapter = existing.pop(position, None) or Chapter(work=work, position=position)
        if chapter.published_at is None and not (work.draft or given.draft):
            chapter.published_at = work.published_at or now
        chapter_store(chapter, given, save=chapter.pk is not None)
        if chapter.pk is None:
            inserts.append(chapter)
    rows_insert(inserts)
    if any(given.writers for given in chapters):
        stored = {c.position: c for c in work.chapters.all()}
        for position, given in enumerate(chapters, start=1):
            if given.writers:
                writers = [creator_find_or_create(name=n) for n in given.writers]
                stored[position].creators.set(writers)
    if existing and not keep_extra:
        Chapter.objects.filter(pk__in=[c.pk for c in existing.values()]).delete()


def work_word_count_refresh(*, work: Work) -> None:
    """The work's word count as the sum of its posted (not draft) chapters'."""
    total = sum(work.chapters.filter(draft=False).values_list("word_count", flat=True))
    Work.objects.filter(pk=work.pk).update(word_count=total, modified_at=timezone.now())
    work.word_count = total


def _write(
    work: Work, data: WorkInput, chapters: Sequence[ChapterInput] | None, keep_extra: bool
) -> Work:
    now = timezone.now()
    if chapters is not None and not chapters:
        raise ValidationError({"body": "A work needs some text."})
    creators = works_creators([data])[0]
    new = work.pk is None
    if new and chapters is not None:
        work.word_count = sum(c.word_count for c in chapters if not c.draft)
        # The story's words, normalized: the same story from another file or archive matches.
        # A new work's chapters are exactly these, in this order: nothing to read back.
        work.text_fingerprint = chapters_fingerprint(chapters)
    work.full_clean()
    if new:
        _work_insert(work)
    else:
        work.save()
    _authorships_set(work, creators, new=new)
    tags = work_tags_resolve(data)
    if new:
        # Saving the work put it in the search outbox (search/indexing.py), tags and all: its
        # links are inserted at once, without reading first the links a new work cannot have.
        links = Work.tags.through
        rows_insert([links(work_id=work.pk, tag_id=t.pk) for t in tags], keys=False)
    else:
        work.tags.set(tags)
    if chapters is not None:
        _chapters_set(work, chapters, now=now, keep_extra=keep_extra, new=new)
        if not new:
            fingerprint = text_fingerprint(
                work.chapters.order_by("position").values_list("body_html", flat=True)
            )
            if fingerprint != work.text_fingerprint:
                work.text_fingerprint = fingerprint
                work.save(update_fields=["text_fingerprint"])
    if not new:
        work_word_count_refresh(work=work)
    kept = _series_set(work, data, creators)
    if not new:  # a new work is in no other series
        SeriesPart.objects.filter(work=work).exclude(pk__in=kept).delete()
    return work_permission_settle(
        work=work,
        granted_note=data.permission_granted,
        recorded_by=data.permission_recorded_by,
        creators=creators,
    )


@transaction.atomic
def work_create_from_input(
    *, data: WorkInput, chapters: Sequence[ChapterInput], draft: bool = False
) -> Work:
    """A new work with its chapters, in one transaction (all or nothing).

    Dates the input states are kept; otherwise a posted work is published now and a draft has
    no dates until it is posted (imports are dated at once, even as drafts). The
    archiving-permission rule (works/services/permission.py) then decides whether the work is
    held from the public. Raises
    ValidationError (by field) for a missing title or text, or an unknown rating, warning or
    category.
    """
    work = work_new_from_input(data=data, draft=draft, now=timezone.now())
    return _write(work, data, chapters, keep_extra=False)


def work_new_from_input(*, data: WorkInput, draft: bool, now: datetime) -> Work:
    """A new Work (not saved) with `data`'s own fields, provenance and dates, as
    `work_create_from_input` stores it. Raises ValidationError for a missing title."""
    work = Work(draft=draft)
    _fields_set(work, data)
    work.source_name = (data.source_name or "")[:500]
    work.content_hash = data.content_hash
    if data.imported:
        work.imported_at = now
    dated = not draft or data.imported
    work.published_at = data.published_at or (now if dated else None)
    work.updated_at = data.updated_at or work.published_at
    return work


@transaction.atomic
def work_update_from_input(
    *,
    work: Work,
    data: WorkInput,
    chapters: Sequence[ChapterInput] | None = None,
    keep_extra_chapters: bool = False,
) -> Work:
    """Replace what `work` says about itself with `data`, in one transaction.

    Keeps the work's id, visibility, recorded permission and counters; the archiving-permission
    rule is applied again. Chapters, when given, are rewritten in place,
    so feedback on chapters that still exist stays attached; with `keep_extra_chapters`, chapters
    past those given stay. A re-import (`data.imported`) takes the file's dates and provenance.
    """
    _fields_set(work, data)
    if data.imported:
        now = timezone.now()
        work.source_name = (data.source_name or work.source_name)[:500]
        work.content_hash = data.content_hash
        work.imported_at = now
        if data.published_at is not None:
            work.published_at = data.published_at
        work.updated_at = data.updated_at or now
    return _write(work, data, chapters, keep_extra=keep_extra_chapters)
