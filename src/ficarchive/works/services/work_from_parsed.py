"""Works from what the legacy reader found: every field of a `ParsedWork` lands on the Work."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time
from pathlib import PurePath

from django.utils import timezone

from ficarchive.legacy.model import ParsedChapter, ParsedWork
from ficarchive.sanitize.text import text_clean, text_clean_all
from ficarchive.works.models import Creator, Permission, TagType, Work
from ficarchive.works.services.body_html import (
    blocks_have_words,
    blocks_to_body,
    blocks_word_count,
    imported_html_sanitize,
)
from ficarchive.works.services.tags import tag_fixed_get
from ficarchive.works.services.work_write import (
    CHAPTER_TITLE_MAX,
    DEFAULT_RATING,
    TITLE_MAX,
    ChapterInput,
    WorkInput,
    work_create_from_input,
    work_update_from_input,
)

LANGUAGE_MAX = Work._meta.get_field("language").max_length
# Header labels (ParsedWork.extra) that may carry a date, and the spellings we read.
DATE_LABELS = {
    "published": ("published", "date", "posted", "written"),
    "updated": ("updated", "last updated"),
}
DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%B %d, %Y", "%B %d %Y", "%d %b %Y", "%b %d, %Y")


def parsed_text_clean(parsed: ParsedWork) -> None:
    """`text_clean_all(parsed)` in place, quicker: the story text (most of a work, in thousands
    of blocks) is checked in one pass and walked block by block only when it holds something
    to drop; everything else is walked as usual."""
    holders: list[ParsedWork | ParsedChapter] = [parsed, *parsed.chapters]
    kept = [holder.blocks for holder in holders]
    body = "\n".join([block.text for blocks in kept for block in blocks])
    if text_clean(body) is not body:
        text_clean_all(parsed)
        return
    try:
        for holder in holders:
            holder.blocks = []
        text_clean_all(parsed)
    finally:
        for holder, blocks in zip(holders, kept, strict=True):
            holder.blocks = blocks


def parsed_chapters(parsed: ParsedWork) -> list[ParsedChapter]:
    """The chapters to store: the reader's, or its body blocks as one chapter.

    A leading heading that only repeats the chapter title is dropped (the page shows the title).
    Raises ValueError when there is no story text at all.
    """
    chapters = [c for c in parsed.chapters if c.blocks]
    if not chapters and parsed.blocks:
        chapters = [ParsedChapter(title=None, blocks=list(parsed.blocks))]
    result = []
    for chapter in chapters:
        blocks = list(chapter.blocks)
        title = (chapter.title or "").strip()
        if (
            blocks
            and blocks[0].kind == "heading"
            and (
                not title
                or " ".join(blocks[0].text.split()).lower() == " ".join(title.split()).lower()
            )
        ):
            title = title or blocks[0].text.strip()
            blocks = blocks[1:]
        if blocks_have_words(blocks):
            result.append(dataclasses.replace(chapter, title=title or None, blocks=blocks))
    if not result:
        raise ValueError("the story has no text")
    return result


def _as_datetime(value) -> datetime | None:
    """A timezone-aware datetime from a datetime, a date or a date string; None if unreadable."""
    if isinstance(value, datetime):
        return value if timezone.is_aware(value) else timezone.make_aware(value)
    if isinstance(value, date):
        return timezone.make_aware(datetime.combine(value, time(12)))
    if isinstance(value, str) and value.strip():
        text = value.strip()
        try:
            return _as_datetime(datetime.fromisoformat(text))
        except ValueError:
            pass
        for fmt in DATE_FORMATS:
            try:
                return _as_datetime(datetime.strptime(text, fmt).date())
            except ValueError:
                continue
    return None


def parsed_dates(parsed: ParsedWork) -> tuple[datetime | None, datetime | None]:
    """(published, updated) as the file states them, each None when unknown."""
    found = {}
    extra = {k.lower(): v for k, v in parsed.extra.items()}
    for key, labels in DATE_LABELS.items():
        value = _as_datetime(getattr(parsed, key, None))
        for label in labels:
            if value is None:
                value = _as_datetime(extra.get(label))
        found[key] = value
    return found["published"], found["updated"]


def expected_chapters_from_parsed(parsed: ParsedWork) -> int | None:
    """Chapters the author planned: "n/total" when stated (header or extra "Chapters: 2/5"),
    None for a work in progress with no total, else the chapters the file holds (complete)."""
    if parsed.chapter is not None and parsed.chapter.total:
        return parsed.chapter.total
    extra = {k.lower(): str(v) for k, v in parsed.extra.items()}
    stated = re.fullmatch(r"\s*\d+\s*(?:/|of)\s*(\d+|\?)\s*", extra.get("chapters", ""))
    if stated:
        return int(stated.group(1)) if stated.group(1).isdigit() else None
    in_progress = re.search(
        r"\b(wip|in progress|incomplete|unfinished|ongoing)\b", extra.get("status", ""), re.I
    )
    if in_progress or (parsed.chapter is not None and parsed.chapter.number):
        return None
    try:
        return len(parsed_chapters(parsed))
    except ValueError:  # a header with no story (pasted into the work form): nothing to count
        return None


def _text(value: str | None) -> str:
    return (value or "").strip()


def _extra_fields(parsed: ParsedWork) -> dict:
    """Header fields with no column of their own, by label; the rating as written is kept
    under "rating" when it differs from the archive rating it was read as."""
    extra = dict(parsed.extra)
    original = (parsed.rating_original or "").strip()
    if original and original.lower() != (parsed.rating or "").lower():
        extra.setdefault("rating", original)
    return extra


def work_fields_from_parsed(parsed: ParsedWork) -> dict:
    """The Work's own columns (no relations) from `parsed`."""
    title = " ".join((parsed.title or "").split()) or PurePath(parsed.source or "").stem
    permission: str = parsed.distribution.permission
    if permission not in Permission.values:
        permission = Permission.UNKNOWN
    return {
        "title": (title or "Untitled")[:TITLE_MAX],
        "summary": _text(parsed.summary),
        "notes": _text(parsed.notes),
        "end_notes": _text(parsed.end_notes),
        "language": (parsed.language or "en").strip()[:LANGUAGE_MAX] or "en",
        "expected_chapters": expected_chapters_from_parsed(parsed),
        "disclaimer": _text(parsed.disclaimer),
        "spoilers": _text(parsed.spoilers),
        "distribution_text": _text(parsed.distribution.text),
        "distribution_archives": [a for a in parsed.distribution.archives if a],
        "distribution_permission": permission,
        "feedback_text": _text(parsed.feedback.text),
        "feedback_wanted": parsed.feedback.wanted,
        "songs": [dataclasses.asdict(s) for s in parsed.songs],
        "extra_fields": _extra_fields(parsed),
    }


def _synonym_pairs(originals: Sequence[str], canonicals: Sequence[str]) -> list[tuple[str, str]]:
    """Originals as written, paired with the canonical names they were read as.

    The reader lists both in the same order; when the counts differ and there is one canonical
    name, every original that differs is taken to name it.
    """
    if not originals or not canonicals:
        return []
    pairs: Iterable[tuple[str, str]]
    if len(originals) == len(canonicals):
        pairs = zip(originals, canonicals, strict=True)
    elif len(canonicals) == 1:
        pairs = ((o, canonicals[0]) for o in originals)
    else:
        return []
    return [(o, c) for o, c in pairs if o and o.strip() and o.strip().lower() != c.strip().lower()]


def _fixed_names(names: Iterable[str], tag_type: str) -> tuple[list[str], list[str]]:
    """(names of the fixed vocabulary, as stored; the others as written)."""
    known: list[str] = []
    other: list[str] = []
    for name in names:
        tag = tag_fixed_get(name=name, type=tag_type)
        (known if tag is not None else other).append(tag.name if tag is not None else name)
    return known, other


def work_input_from_parsed(parsed: ParsedWork) -> WorkInput:
    """Everything `parsed` says about the work, as the one write path takes it.

    The one mapping from a legacy story to a work: the importer stores it as it is, the upload
    preview shows it in the work form first. Ratings outside the vocabulary become Not Rated;
    warnings and categories outside it become additional tags; the authors named become
    creators without an account; originals as written become synonyms.
    """
    rating = tag_fixed_get(name=parsed.rating, type=TagType.RATING, default=DEFAULT_RATING)
    warnings, other_warnings = _fixed_names(parsed.warnings, TagType.WARNING)
    categories, other_categories = _fixed_names(parsed.categories, TagType.CATEGORY)
    published, updated = parsed_dates(parsed)
    fields = work_fields_from_parsed(parsed)
    series = parsed.series
    return WorkInput(
        **fields,
        author_names=[a.strip() for a in parsed.authors if a and a.strip()],
        rating=rating.name if rating is not None else DEFAULT_RATING,
        warnings=warnings,
        categories=categories,
        fandoms=list(parsed.fandoms),
        relationships=list(parsed.relationships),
        characters=list(parsed.characters),
        freeform=[*parsed.freeform, *other_warnings, *other_categories],
        synonyms=_synonym_pairs(parsed.relationships_original, parsed.relationships),
        canonical_tags=True,
        series_title=series.title.strip() if series is not None and series.title else "",
        series_part=series.part if series is not None else None,
        published_at=published,
        updated_at=updated or published,
        source_name=parsed.source or "",
        imported=True,
    )


def chapter_inputs_from_parsed(parsed: ParsedWork) -> list[ChapterInput]:
    """The story's chapters as the one write path takes them (sanitized HTML, word counts; from
    an old archive also their notes and their own writers).

    Raises ValueError when there is no story text at all.
    """
    inputs = []
    for chapter in parsed_chapters(parsed):
        text = None
        if chapter.html:
            # An old archive's chapter may bring its HTML (links, images, emphasis kept).
            html = imported_html_sanitize(chapter.html)
            words = blocks_word_count(chapter.blocks)
        else:
            made = blocks_to_body(chapter.blocks)
            html, words, text = made.html, made.word_count, made.text
        inputs.append(
            ChapterInput(
                title=(chapter.title or "")[:CHAPTER_TITLE_MAX],
                body_html=html,
                word_count=words,
                notes=(chapter.notes or "").strip(),
                end_notes=(chapter.end_notes or "").strip(),
                writers=list(chapter.authors),
                text=text,
            )
        )
    return inputs


def input_with_provenance(data: WorkInput, *, content_hash: str, source_name: str) -> WorkInput:
    """`data` with the file it came from: its content hash and source name (cut to the column)."""
    data.content_hash = content_hash
    data.source_name = (source_name or data.source_name)[:500]
    return data


def work_create_from_parsed(
    *,
    parsed: ParsedWork,
    content_hash: str = "",
    source_name: str = "",
    creators: Iterable[Creator] | None = None,
    draft: bool = False,
    published: datetime | None = None,
    updated: datetime | None = None,
    permission_granted: str = "",
    permission_recorded_by=None,
) -> Work:
    """Create a Work with everything `parsed` holds, in one transaction (all or nothing).

    Authors become creators without an account unless `creators` is given; tags, synonyms,
    series and part, chapters (sanitized HTML, word counts, their notes and writers), legacy
    fields and provenance (`source_name`, `content_hash`, import time) all land. `published`
    and `updated`, when given, are the dates an old archive kept; otherwise the file's own;
    unknown → import time.
    The archiving-permission rule (`services.permission`) then decides whether the work is held
    from the public; `permission_granted` records how the author's permission was obtained.
    Text is cleaned of control characters first (`parsed` is changed in place), whoever built
    `parsed` (the reader, the preview form, a rescued archive's database).
    Raises ValueError when the story has no text.
    """
    parsed_text_clean(parsed)
    chapters = chapter_inputs_from_parsed(parsed)
    data = input_with_provenance(
        work_input_from_parsed(parsed), content_hash=content_hash, source_name=source_name
    )
    data.permission_granted, data.permission_recorded_by = (
        permission_granted,
        permission_recorded_by,
    )
    if published is not None or updated is not None:
        data.published_at, data.updated_at = published, updated or published
    if creators is not None:
        data.pseuds, data.author_names = list(creators), []
    return work_create_from_input(data=data, chapters=chapters, draft=draft)


def work_update_from_parsed(
    *,
    work: Work,
    parsed: ParsedWork,
    content_hash: str = "",
    source_name: str = "",
    creators: Iterable[Creator] | None = None,
    keep_extra_chapters: bool = False,
    published: datetime | None = None,
    updated: datetime | None = None,
    permission_granted: str = "",
    permission_recorded_by=None,
) -> Work:
    """Replace what `work` holds with `parsed` (a changed source file), in one transaction.

    Keeps the work's id, publication date, visibility, recorded permission and counters;
    chapters are rewritten in place, so feedback on chapters that still exist stays attached.
    With `keep_extra_chapters`, chapters past those `parsed` holds stay (they were imported
    from other files). `published` and `updated` as for `work_create_from_parsed`. The
    archiving-permission rule is applied again (a new header may ask first, or no longer).
    Text is cleaned of control characters first, as in
    `work_create_from_parsed`.
    """
    parsed_text_clean(parsed)
    chapters = chapter_inputs_from_parsed(parsed)
    data = input_with_provenance(
        work_input_from_parsed(parsed),
        content_hash=content_hash,
        source_name=source_name or work.source_name,
    )
    data.permission_granted, data.permission_recorded_by = (
        permission_granted,
        permission_recorded_by,
    )
    if published is not None or updated is not None:
        data.published_at, data.updated_at = published, updated or published
    if creators is not None:
        data.pseuds, data.author_names = list(creators), []
    return work_update_from_input(
        work=work, data=data, chapters=chapters, keep_extra_chapters=keep_extra_chapters
    )
