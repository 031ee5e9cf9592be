"""What an export holds, read once from the database: a `Book` per work, a `Collection` per file.

The EPUB, HTML and text writers only format these objects; they never query the database.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import PurePosixPath

from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language_info

from ficarchive.exports.xhtml import fragment_to_xhtml, rich_text_to_xhtml
from ficarchive.sanitize.redact import emails_redact
from ficarchive.works.models import Permission, Series, TagType, Work

# Labels of the title page, in AO3's order.
TAG_ROWS = (
    (TagType.RATING, "Rating"),
    (TagType.WARNING, "Archive Warnings"),
    (TagType.CATEGORY, "Categories"),
    (TagType.FANDOM, "Fandoms"),
    (TagType.RELATIONSHIP, "Relationships"),
    (TagType.CHARACTER, "Characters"),
    (TagType.FREEFORM, "Additional Tags"),
)
LANGUAGE_NAMES = {
    "english": "en", "russian": "ru", "japanese": "ja", "arabic": "ar", "german": "de",
    "french": "fr", "spanish": "es", "italian": "it", "portuguese": "pt", "chinese": "zh",
    "korean": "ko", "hebrew": "he", "polish": "pl", "dutch": "nl", "swedish": "sv",
}  # fmt: skip
LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")
RTL_LANGUAGES = {"ar", "he", "fa", "ur", "yi", "ps", "sd", "ug", "dv"}
# Identifiers are derived, not stored: the same work always gets the same urn:uuid.
IDENTIFIER_NAMESPACE = uuid.UUID("6f1c7a52-3e1b-4c55-9b8e-5f0f6a1d2c11")


@dataclass
class ChapterText:
    """One chapter, its body already XHTML."""

    number: int
    title: str
    summary_xhtml: str
    notes_xhtml: str
    body_xhtml: str
    end_notes_xhtml: str

    @property
    def heading(self) -> str:
        """What a table of contents calls the chapter."""
        return f"{self.number}. {self.title}" if self.title else f"Chapter {self.number}"


@dataclass
class Book:
    """One work as the writers need it."""

    work_id: int
    identifier: str
    title: str
    authors: list[str]
    language: str
    modified: datetime
    published: datetime | None
    updated: datetime | None
    tags: dict[str, list[str]]
    meta_rows: list[tuple[str, str]]
    summary_xhtml: str
    notes_xhtml: str
    end_notes_xhtml: str
    extra_sections: list[tuple[str, str]]
    chapters: list[ChapterText]
    series: list[tuple[str, int]] = field(default_factory=list)
    # Where the work lives on the archive (absolute when the site's address is known).
    url: str = ""

    @property
    def subjects(self) -> list[str]:
        """Every tag name, for dc:subject (rating and warnings included, as e-reader shelves)."""
        seen: dict[str, None] = {}
        for names in self.tags.values():
            for name in names:
                seen.setdefault(name, None)
        return list(seen)

    @property
    def has_end_notes(self) -> bool:
        return bool(self.end_notes_xhtml)

    @property
    def comments_url(self) -> str:
        return f"{self.url}#comments"

    @property
    def url_is_absolute(self) -> bool:
        """True when the site's address was known (a link works from inside a file)."""
        return "://" in self.url

    @property
    def byline(self) -> str:
        return ", ".join(self.authors)

    @property
    def slug(self) -> str:
        return export_slug(title=self.title, fallback=f"work-{self.work_id}")


@dataclass
class Collection:
    """What one file holds: a single work, or a series of works with its own front page."""

    identifier: str
    title: str
    authors: list[str]
    language: str
    modified: datetime
    books: list[Book]
    summary_xhtml: str = ""
    series_title: str | None = None
    subjects: list[str] = field(default_factory=list)

    @property
    def is_series(self) -> bool:
        return self.series_title is not None

    @property
    def direction(self) -> str:
        """'rtl' for right-to-left languages, else 'ltr'."""
        return "rtl" if self.language.split("-")[0].lower() in RTL_LANGUAGES else "ltr"


def export_slug(*, title: str, fallback: str) -> str:
    """An ASCII file name stem for `title` (at most 60 characters), or `fallback`."""
    return slugify(title)[:60].strip("-") or fallback


def language_code(value: str) -> str:
    """A BCP 47 tag for what the work's language field says ('und' when it cannot tell)."""
    value = (value or "").strip()
    if LANGUAGE_TAG.match(value):
        return value
    return LANGUAGE_NAMES.get(value.lower(), "und")


def work_identifier(work: Work) -> str:
    """The work's stable EPUB identifier (urn:uuid), the same on every build."""
    created = work.created_at.isoformat() if work.created_at else ""
    return f"urn:uuid:{uuid.uuid5(IDENTIFIER_NAMESPACE, f'work:{work.pk}:{created}')}"


def series_identifier(series: Series) -> str:
    """The series EPUB's stable identifier (urn:uuid)."""
    created = series.created_at.isoformat() if series.created_at else ""
    return f"urn:uuid:{uuid.uuid5(IDENTIFIER_NAMESPACE, f'series:{series.pk}:{created}')}"


def _redacted(text: str | None) -> str:
    """Header text as it may travel: its e-mail addresses hidden."""
    return rich_text_to_xhtml(emails_redact(text))


def work_url(work: Work, site_url: str = "") -> str:
    """The work's address: absolute under `site_url` (the site's root), else its path."""
    path = work.get_absolute_url()
    return site_url.rstrip("/") + path if site_url else path


def book_from_work(work: Work, *, site_url: str = "") -> Book:
    """Read `work` with its creators, tags, series places and posted chapters into a Book.

    Text from the legacy header travels without its e-mail addresses; the book knows its
    address on the archive (`site_url` is the site's root) for the link back at its end."""
    authors = [c.name for c in work.creators.order_by("authorship__position", "name")]
    tags: dict[str, list[str]] = {tag_type: [] for tag_type, _ in TAG_ROWS}
    for tag in work.tags.order_by("name"):
        tags.setdefault(tag.type, []).append(tag.name)
    series = [
        (part.series.title, part.position)
        for part in work.series_parts.select_related("series").order_by("series__title")
    ]
    chapters = [
        ChapterText(
            number=index,
            title=chapter.title,
            summary_xhtml=_redacted(chapter.summary),
            notes_xhtml=_redacted(chapter.notes),
            body_xhtml=fragment_to_xhtml(chapter.body_html),
            end_notes_xhtml=_redacted(chapter.end_notes),
        )
        for index, chapter in enumerate(work.chapters.filter(draft=False).order_by("position"), 1)
    ]
    return Book(
        work_id=work.pk,
        identifier=work_identifier(work),
        title=work.title,
        authors=authors or ["Anonymous"],
        language=language_code(work.language),
        modified=work.modified_at or timezone.now(),
        published=work.published_at,
        updated=work.updated_at,
        tags=tags,
        meta_rows=_meta_rows(work, tags, series, len(chapters)),
        summary_xhtml=_redacted(work.summary),
        notes_xhtml=_redacted(work.notes),
        end_notes_xhtml=_redacted(work.end_notes),
        extra_sections=_extra_sections(work),
        chapters=chapters,
        series=series,
        url=work_url(work, site_url),
    )


def collection_for_work(work: Work, *, site_url: str = "") -> Collection:
    """The file for one work (`site_url`: the site's root, for the link back at its end)."""
    book = book_from_work(work, site_url=site_url)
    return Collection(
        identifier=book.identifier,
        title=book.title,
        authors=book.authors,
        language=book.language,
        modified=book.modified,
        books=[book],
        subjects=book.subjects,
    )


def collection_for_series(series: Series, works: list[Work], *, site_url: str = "") -> Collection:
    """The file for a series: `works` (already filtered for the reader) in reading order."""
    books = [book_from_work(work, site_url=site_url) for work in works]
    authors: dict[str, None] = {}
    subjects: dict[str, None] = {}
    for book in books:
        for name in book.authors:
            authors.setdefault(name, None)
        for name in book.subjects:
            subjects.setdefault(name, None)
    languages = {book.language for book in books}
    modified = max([b.modified for b in books] + [series.updated_at or timezone.now()])
    return Collection(
        identifier=series_identifier(series),
        title=series.title,
        authors=list(authors) or ["Anonymous"],
        language=languages.pop() if len(languages) == 1 else "und",
        modified=modified,
        books=books,
        summary_xhtml=_redacted(series.summary) + _redacted(series.notes),
        series_title=series.title,
        subjects=list(subjects),
    )


def _chapter_count(work: Work, posted: int) -> str:
    total = work.expected_chapters
    return f"{posted}/{total if total is not None else '?'}"


def _meta_rows(
    work: Work, tags: dict[str, list[str]], series: list[tuple[str, int]], chapters: int
) -> list[tuple[str, str]]:
    """The title page's facts as (label, text) pairs, empty ones left out."""
    rows = [(label, ", ".join(tags.get(tag_type, []))) for tag_type, label in TAG_ROWS]
    rows.append(("Language", _language_name(work.language)))
    rows += [("Series", f"Part {part} of {title}") for title, part in series]
    if work.published_at:
        rows.append(("Published", work.published_at.date().isoformat()))
    if work.updated_at and work.published_at and work.updated_at.date() > work.published_at.date():
        rows.append(("Updated", work.updated_at.date().isoformat()))
    rows.append(("Words", f"{work.word_count:,}"))
    rows.append(("Chapters", _chapter_count(work, chapters)))
    if work.source_name:
        rows.append(("Source", _source_label(work.source_name)))
    return [(label, value) for label, value in rows if value]


def _language_name(value: str) -> str:
    """'ru' → 'Russian'; anything Django does not know is shown as written."""
    try:
        return get_language_info(value)["name"]
    except KeyError:
        return value


def _source_label(source: str) -> str:
    """A URL as is; a file path by its file name only (the server's folders are nobody's business)."""
    if re.match(r"^[a-z][a-z0-9+.-]*://", source, re.IGNORECASE):
        return source
    return PurePosixPath(source.replace("\\", "/")).name or source


def _extra_sections(work: Work) -> list[tuple[str, str]]:
    """Legacy header fields AO3 has no place for, as (heading, XHTML) sections."""
    sections = [
        ("Disclaimer", _redacted(work.disclaimer)),
        ("Spoilers", _redacted(work.spoilers)),
    ]
    songs = [_song_line(song) for song in work.songs or [] if isinstance(song, dict)]
    songs = [line for line in songs if line]
    if songs:
        sections.append(("Songs", rich_text_to_xhtml("\n".join(songs))))
    distribution = work.distribution_text
    if not distribution and work.distribution_permission != Permission.UNKNOWN:
        distribution = f"Permission to archive: {work.get_distribution_permission_display()}"
    sections.append(("Distribution", _redacted(distribution)))
    sections.append(("Feedback", _redacted(work.feedback_text)))
    return [(heading, body) for heading, body in sections if body]


def _song_line(song: dict) -> str:
    title, artist, album = song.get("title"), song.get("artist"), song.get("album")
    line = f"“{title}”" if title else ""
    if artist:
        line = f"{line} by {artist}" if line else str(artist)
    if album:
        line = f"{line} ({album})" if line else str(album)
    return line
