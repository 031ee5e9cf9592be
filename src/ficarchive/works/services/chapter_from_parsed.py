"""A story posted in several files ("Title 2/3"): a later file becomes a chapter of its work."""

from __future__ import annotations

from django.db import connection, transaction
from django.db.models import Sum
from django.utils import timezone

from ficarchive.legacy.model import ParsedWork
from ficarchive.works.models import Authorship, Chapter, Creator, Tag, TagType, Work
from ficarchive.works.services.work_from_parsed import (
    chapter_inputs_from_parsed,
    parsed_chapters,
    parsed_text_clean,
    work_input_from_parsed,
)
from ficarchive.works.services.work_write import chapter_store, work_tags_resolve


def work_find_continued_by(parsed: ParsedWork) -> Work | None:
    """The work that `parsed` continues: it says it is chapter n ≥ 2 of a story with the same
    title (any case) by one of the same authors, and holds one chapter. None otherwise."""
    number = parsed.chapter.number if parsed.chapter else None
    title = " ".join((parsed.title or "").split())
    authors = [a.strip() for a in parsed.authors if a and a.strip()]
    if not number or number < 2 or not title or not authors:
        return None
    try:
        if len(parsed_chapters(parsed)) != 1:
            return None
    except ValueError:
        return None
    wanted = {a.lower() for a in authors}
    work_id = next((w for w, name in _titled_works_creators(title) if name.lower() in wanted), None)
    return Work.objects.filter(pk=work_id).first() if work_id is not None else None


def _titled_works_creators(title: str) -> list[tuple[int, str]]:
    """(work id, creator name) of the works called `title` in any case (the LOWER(title)
    index), oldest first, in one statement written out (an import asks it for every file that
    says it is chapter n of a story: compiling the ORM's query cost more than running it)."""
    quote = connection.ops.quote_name
    works, authorship = quote(Work._meta.db_table), quote(Authorship._meta.db_table)
    creators = quote(Creator._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT a.work_id, c.name FROM {authorship} a JOIN {works} w ON w.id = a.work_id"
            f" JOIN {creators} c ON c.id = a.creator_id WHERE LOWER(w.title) = LOWER(%s)"
            " ORDER BY a.work_id, a.position",
            [title],
        )
        return cursor.fetchall()


# Ratings from mildest to strongest; a work shows the strongest of its chapters.
RATING_ORDER = [
    "Not Rated",
    "General Audiences",
    "Teen And Up Audiences",
    "Mature",
    "Explicit",
]
DEFAULT_WARNINGS = {"Creator Chose Not To Use Archive Warnings", "No Archive Warnings Apply"}


def _tags_merge(work: Work, tags: list[Tag]) -> None:
    """Add a chapter's tags to its work, keeping one rating (the strongest) and dropping the
    default warnings once a real warning is present."""
    current = list(work.tags.all())
    ratings = [t for t in current + tags if t.type == TagType.RATING]
    strongest = max(ratings, key=lambda t: RATING_ORDER.index(t.name), default=None)
    merged = {t.pk: t for t in current + tags if t.type != TagType.RATING}
    warnings = [t for t in merged.values() if t.type == TagType.WARNING]
    if any(t.name not in DEFAULT_WARNINGS for t in warnings):
        merged = {pk: t for pk, t in merged.items() if t.name not in DEFAULT_WARNINGS}
    elif len(warnings) > 1:
        # Both defaults: "no warnings apply" says more than "chose not to warn".
        merged = {
            pk: t
            for pk, t in merged.items()
            if t.name != "Creator Chose Not To Use Archive Warnings"
        }
    work.tags.set([*merged.values(), *([strongest] if strongest else [])])


@transaction.atomic
def work_chapter_put_from_parsed(*, work: Work, parsed: ParsedWork) -> Chapter:
    """Write the one chapter `parsed` holds as chapter n of `work` (n from "n/total").

    Chapter n is replaced when the work has it; otherwise the chapter is appended (positions
    stay 1..count, without gaps). New tags are added, the planned total and dates updated.
    Text is cleaned of control characters first (`parsed` is changed in place).
    """
    parsed_text_clean(parsed)
    (given,) = chapter_inputs_from_parsed(parsed)
    count = work.chapters.count()
    wanted = parsed.chapter.number if parsed.chapter and parsed.chapter.number else count + 1
    position = wanted if wanted <= count else count + 1
    now = timezone.now()
    chapter = work.chapters.filter(position=position).first() or Chapter(
        work=work, position=position, published_at=now
    )
    chapter_store(chapter, given)
    _tags_merge(work, work_tags_resolve(work_input_from_parsed(parsed)))
    if parsed.chapter and parsed.chapter.total:
        work.expected_chapters = parsed.chapter.total
    work.word_count = work.chapters.aggregate(n=Sum("word_count"))["n"] or 0
    work.updated_at = now
    work.save(update_fields=["expected_chapters", "word_count", "updated_at", "modified_at"])
    return chapter
