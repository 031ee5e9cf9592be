"""Works from what the legacy reader found: every field of a `ParsedWork` lands on the Work."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time
from pathlib import PurePath

from django.db import transaction
from django.utils import timezone

from ficarchive.legacy.model import ParsedChapter, ParsedWork
from ficarchive.sanitize.text import text_clean_all
from ficarchive.works.models import (
    Authorship,
    Chapter,
    Creator,
    Permission,
    SeriesPart,
    Tag,
    TagType,
    Work,
)
from ficarchive.works.selectors import tags_by_name
from ficarchive.works.services.body_html import (
    blocks_have_words,
    blocks_to_html,
    blocks_word_count,
    imported_html_sanitize,
)
from ficarchive.works.services.creators import creator_find_or_create
from ficarchive.works.services.fingerprint import text_fingerprint
from ficarchive.works.services.permission import work_permission_settle
from ficarchive.works.services.series import series_find_or_create, series_part_place
from ficarchive.works.services.tags import (
    tag_fixed_get,
    tag_name_clean,
    tag_synonym_attach,
    tags_find_or_create,
)

DEFAULT_RATING = "Not Rated"
DEFAULT_WARNING = "Creator Chose Not To Use Archive Warnings"
ANONYMOUS = "Anonymous"
TITLE_MAX = Work._meta.get_field("title").max_length
CHAPTER_TITLE_MAX = Chapter._meta.get_field("title").max_length
LANGUAGE_MAX = Work._meta.get_field("language").max_length
# Header labels (ParsedWork.extra) that may carry a date, and the spellings we read.
DATE_LABELS = {
    "published": ("published", "date", "posted", "written"),
    "updated": ("updated", "last updated"),
}
DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%B %d, %Y", "%B %d %Y", "%d %b %Y", "%b %d, %Y")


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
    return len(parsed_chapters(parsed))


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


def _synonym_pairs(originals: Sequence[str], canonicals: Sequence[Tag]) -> list[tuple[str, Tag]]:
    """Originals as written, each with the canonical tag it was read as.

    The reader lists both in the same order; when the counts differ and there is one canonical
    tag, every original is taken to name it.
    """
    if not originals or not canonicals:
        return []
    if len(originals) == len(canonicals):
        return list(zip(originals, canonicals, strict=True))
    if len(canonicals) == 1:
        return [(o, canonicals[0]) for o in originals]
    return []


def _parents_attach(tags: Sequence[Tag], fandoms: Sequence[Tag]) -> None:
    """AO3's parent tags: a character or relationship with no fandom yet belongs to `fandoms`."""
    if not tags or not fandoms:
        return
    links = Tag.fandoms.through
    ids = {t.pk for t in tags}
    parented = set(links.objects.filter(from_tag_id__in=ids).values_list("from_tag_id", flat=True))
    links.objects.bulk_create(
        [
            links(from_tag_id=tag_id, to_tag_id=fandom.pk)
            for tag_id in sorted(ids - parented)
            for fandom in fandoms
        ],
        ignore_conflicts=True,
    )


def work_tags_from_parsed(parsed: ParsedWork) -> list[Tag]:
    """Every tag of the work: one rating, warnings (default: creator chose not to warn),
    categories, fandoms, relationships, characters and additional tags; originals as written
    become synonyms. Warnings and categories outside the fixed vocabulary become additional tags.

    Existing tags are read in one query; only missing ones cost a write each.
    """
    tags = [tag_fixed_get(name=parsed.rating, type=TagType.RATING, default=DEFAULT_RATING)]
    freeform = list(parsed.freeform)
    warnings = []
    for name in parsed.warnings:
        tag = tag_fixed_get(name=name, type=TagType.WARNING)
        if tag is None:
            freeform.append(name)
        else:
            warnings.append(tag)
    tags += warnings or [tag_fixed_get(name=DEFAULT_WARNING, type=TagType.WARNING)]
    for name in parsed.categories:
        tag = tag_fixed_get(name=name, type=TagType.CATEGORY)
        if tag is None:
            freeform.append(name)
        else:
            tags.append(tag)
    wanted = {
        TagType.FANDOM: (list(parsed.fandoms), True),
        TagType.RELATIONSHIP: (list(parsed.relationships), True),
        TagType.CHARACTER: (list(parsed.characters), True),
        TagType.FREEFORM: (freeform, False),
    }
    originals = list(parsed.relationships_original)
    names = [n for names, _ in wanted.values() for n in names if n and n.strip()]
    found = tags_by_name(
        [
            *(tag_name_clean(n) for n in [*names, *originals] if n and n.strip()),
            *(
                tag_name_clean(f"{n} ({TagType(t).label})")
                for t, (ns, _) in wanted.items()
                for n in ns
                if n and n.strip()
            ),
        ]
    )
    resolved = {
        tag_type: tags_find_or_create([(n, tag_type, canonical) for n in ns], found=found)
        for tag_type, (ns, canonical) in wanted.items()
    }
    fandoms = resolved[TagType.FANDOM]
    relationships = resolved[TagType.RELATIONSHIP]
    characters = resolved[TagType.CHARACTER]
    for original, canonical in _synonym_pairs(parsed.relationships_original, relationships):
        tag_synonym_attach(name=original, canonical=canonical, found=found)
    _parents_attach(relationships + characters, fandoms)
    tags += fandoms + relationships + characters + resolved[TagType.FREEFORM]
    unique: dict[int, Tag] = {}
    for tag in tags:
        if tag is not None:
            unique.setdefault(tag.pk, tag)
    return list(unique.values())


def _creators_resolve(parsed: ParsedWork, creators: Iterable[Creator] | None) -> list[Creator]:
    if creators is None:
        names = [a for a in parsed.authors if a and a.strip()] or [ANONYMOUS]
        creators = [creator_find_or_create(name=n) for n in names]
    unique: dict[int, Creator] = {}
    for creator in creators:
        unique.setdefault(creator.pk if creator.pk is not None else id(creator), creator)
    return list(unique.values())


def _authorships_set(work: Work, creators: Sequence[Creator], *, new: bool) -> None:
    if not new:
        Authorship.objects.filter(work=work).delete()
    Authorship.objects.bulk_create(
        [
            Authorship(work=work, creator=creator, position=position)
            for position, creator in enumerate(creators)
        ]
    )


def chapter_store(
    chapter: Chapter, parsed: ParsedChapter, *, words: int | None = None, save: bool = True
) -> Chapter:
    """Write `parsed`'s title and body (as sanitized HTML, with its word count, `words` when
    counted already) into `chapter`, validate it and save it (unless not `save`: the caller
    inserts new chapters together). A chapter from an old archive also brings its HTML (kept
    with its links and images) and its notes and end notes; its writers are set by
    `chapter_writers_set` once it is saved."""
    chapter.title = (parsed.title or "")[:CHAPTER_TITLE_MAX]
    if parsed.html:
        chapter.body_html = imported_html_sanitize(parsed.html)
    else:
        chapter.body_html = blocks_to_html(parsed.blocks)
    chapter.word_count = blocks_word_count(parsed.blocks) if words is None else words
    if parsed.notes is not None:
        chapter.notes = parsed.notes.strip()
    if parsed.end_notes is not None:
        chapter.end_notes = parsed.end_notes.strip()
    # The work is saved already: checking its foreign key would cost a query per chapter.
    chapter.full_clean(exclude=["work"], validate_constraints=False)
    if save:
        chapter.save()
    return chapter


def chapter_writers_set(chapter: Chapter, names: Sequence[str]) -> None:
    """The chapter's own writers, by creator name (round robins: not all the work's creators)."""
    chapter.creators.set([creator_find_or_create(name=n) for n in names])


def _chapters_set(
    work: Work,
    chapters: Sequence[ParsedChapter],
    words: Sequence[int],
    published: datetime,
    keep_extra: bool = False,
    *,
    new: bool = False,
) -> int:
    """Write chapters 1..n in place (keeping rows, so feedback on them stays); returns words.

    Chapters past n are deleted, unless `keep_extra` (they came from other files). A new work's
    chapters are inserted in one statement.
    """
    existing = {} if new else {c.position: c for c in work.chapters.all()}
    total = 0
    inserts: list[Chapter] = []
    for position, (parsed, count) in enumerate(zip(chapters, words, strict=True), start=1):
        chapter = existing.pop(position, None) or Chapter(
            work=work, position=position, published_at=published
        )
        chapter_store(chapter, parsed, words=count, save=chapter.pk is not None)
        if chapter.pk is None:
            inserts.append(chapter)
        total += chapter.word_count
    Chapter.objects.bulk_create(inserts)
    if any(parsed.authors for parsed in chapters):
        stored = {c.position: c for c in work.chapters.all()}
        for position, parsed in enumerate(chapters, start=1):
            if parsed.authors:
                chapter_writers_set(stored[position], parsed.authors)
    if keep_extra:
        return total + sum(c.word_count for c in existing.values())
    if existing:
        Chapter.objects.filter(pk__in=[c.pk for c in existing.values()]).delete()
    return total


def _series_set(work: Work, parsed: ParsedWork, creators: Sequence[Creator]) -> None:
    kept = []
    if parsed.series is not None and parsed.series.title and parsed.series.title.strip():
        series = series_find_or_create(title=parsed.series.title, creators=creators)
        kept.append(series_part_place(series=series, work=work, part=parsed.series.part).pk)
    SeriesPart.objects.filter(work=work).exclude(pk__in=kept).delete()


def _work_write(
    work: Work,
    parsed: ParsedWork,
    creators: Iterable[Creator] | None,
    now: datetime,
    keep_extra_chapters: bool = False,
    permission_granted: str = "",
    permission_recorded_by=None,
) -> Work:
    chapters = parsed_chapters(parsed)
    creators = _creators_resolve(parsed, creators)
    new = work.pk is None
    words = [blocks_word_count(c.blocks) for c in chapters]
    if new:
        work.word_count = sum(words)
    work.full_clean()
    work.save()
    _authorships_set(work, creators, new=new)
    tags = work_tags_from_parsed(parsed)
    if new:
        work.tags.add(*tags)
    else:
        work.tags.set(tags)
    total = _chapters_set(
        work, chapters, words, work.published_at or now, keep_extra=keep_extra_chapters, new=new
    )
    work.text_fingerprint = text_fingerprint(
        work.chapters.order_by("position").values_list("body_html", flat=True)
    )
    if total != work.word_count:
        work.word_count = total
    work.save(update_fields=["word_count", "text_fingerprint"])
    _series_set(work, parsed, creators)
    return work_permission_settle(
        work=work, granted_note=permission_granted, recorded_by=permission_recorded_by
    )


@transaction.atomic
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
    unknown → import time. The archiving-permission rule (`services.permission`) then decides
    whether the work is held from the public; `permission_granted` records how the author's
    permission was obtained. Text is cleaned of control characters first (`parsed` is changed
    in place), whoever built `parsed` (the reader, the preview form, a rescued archive's
    database). Raises ValueError when the story has no text.
    """
    text_clean_all(parsed)
    now = timezone.now()
    if published is None and updated is None:
        published, updated = parsed_dates(parsed)
    work = Work(
        **work_fields_from_parsed(parsed),
        draft=draft,
        source_name=(source_name or parsed.source or "")[:500],
        content_hash=content_hash,
        imported_at=now,
        published_at=published or now,
        updated_at=updated or published or now,
    )
    return _work_write(
        work,
        parsed,
        creators,
        now,
        permission_granted=permission_granted,
        permission_recorded_by=permission_recorded_by,
    )


@transaction.atomic
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
    Text is cleaned of control characters first, as in `work_create_from_parsed`.
    """
    text_clean_all(parsed)
    now = timezone.now()
    if published is None and updated is None:
        published, updated = parsed_dates(parsed)
    for name, value in work_fields_from_parsed(parsed).items():
        setattr(work, name, value)
    work.source_name = (source_name or parsed.source or work.source_name)[:500]
    work.content_hash = content_hash
    work.imported_at = now
    if published is not None:
        work.published_at = published
    work.updated_at = updated or now
    return _work_write(
        work,
        parsed,
        creators,
        now,
        keep_extra_chapters,
        permission_granted=permission_granted,
        permission_recorded_by=permission_recorded_by,
    )
