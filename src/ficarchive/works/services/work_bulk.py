"""New works from legacy stories, stored in bulk: one statement per table for a whole batch.

`works_create_bulk` stores several new works as `work_create_from_parsed` stores each of them
one after another (the same rows, by the same rules: `new_work_prepare` builds each through the
one write path's own pieces), but instead of a dozen statements per work it reads the batch's
creators and tags in one query each, inserts the new ones together, and then writes the works,
authorships, tag links, chapters and series parts with one statement per table. It runs in the
caller's transaction and is all or nothing for the batch: a caller that must keep the other
works when one fails (importing/batches.py) runs it in a savepoint and, when it raises, stores
the works again one by one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils import timezone

from ficarchive.legacy.model import ParsedWork
from ficarchive.site.database_insert import link_rows_insert, rows_insert
from ficarchive.works.models import Authorship, Chapter, Tag, Work
from ficarchive.works.services.permission import work_permission_apply
from ficarchive.works.services.series import SeriesPlacement, series_place_new_works
from ficarchive.works.services.tags_batch import works_tags_resolve
from ficarchive.works.services.work_from_parsed import (
    chapter_inputs_from_parsed,
    input_with_provenance,
    parsed_text_clean,
    work_input_from_parsed,
)
from ficarchive.works.services.work_write import (
    WorkInput,
    chapter_store,
    chapters_fingerprint,
    work_fixed_tags,
    work_new_from_input,
    works_creators,
)
from ficarchive.works.signals import works_stored


@dataclass
class NewWork:
    """A new work ready to be stored: its row and chapters built and validated, not saved."""

    data: WorkInput
    work: Work
    chapters: list[Chapter]
    fixed_tags: list[Tag]


def parsed_bulk_ready(parsed: ParsedWork) -> bool:
    """Whether `works_create_bulk` can store this story: not one whose chapters name writers
    of their own (round robins), which `work_create_from_parsed` stores."""
    return not any(chapter.authors for chapter in parsed.chapters)


def new_work_prepare(
    *,
    parsed: ParsedWork,
    content_hash: str,
    source_name: str,
    permission_granted: str = "",
    text_cleaned: bool = False,
) -> NewWork:
    """Everything `work_create_from_parsed` decides about a new work before it writes: text
    cleaned (`parsed` is changed in place; `text_cleaned`: the legacy reader's own output,
    which `parse_bytes` cleaned already), fields, provenance, dates, chapters (sanitized HTML,
    word counts), fingerprint and fixed tags, all validated. Writes nothing; raises ValueError
    or ValidationError for a story that cannot be stored (then nothing of it is written)."""
    if not text_cleaned:
        parsed_text_clean(parsed)
    given = chapter_inputs_from_parsed(parsed)
    data = input_with_provenance(
        work_input_from_parsed(parsed), content_hash=content_hash, source_name=source_name
    )
    data.permission_granted = permission_granted
    now = timezone.now()
    work = work_new_from_input(data=data, draft=False, now=now)
    work.word_count = sum(c.word_count for c in given if not c.draft)
    work.text_fingerprint = chapters_fingerprint(given)
    fixed = work_fixed_tags(data)
    # A work has no unique column (nothing to look up); its constraints are the database's.
    work.full_clean(validate_unique=False)
    chapters = []
    for position, chapter_given in enumerate(given, start=1):
        published = None if chapter_given.draft else work.published_at or now
        chapter = Chapter(work=work, position=position, published_at=published)
        chapters.append(chapter_store(chapter, chapter_given, save=False))
    return NewWork(data=data, work=work, chapters=chapters, fixed_tags=fixed)


def _chapters_insert(items: Sequence[NewWork]) -> None:
    """The chapters of every work, sent together (their works are stored already)."""
    rows_insert([chapter for item in items for chapter in item.chapters], keys=False)


def works_create_bulk(*, items: Sequence[NewWork]) -> list[Work]:
    """Store these new works (prepared by `new_work_prepare`), in the caller's transaction,
    with one statement per table for all of them; returns their works, saved, in order.

    The same rows as `work_create_from_parsed` for each, in this order: creators, tags
    (synonyms, parent tags), archiving permission, the works, their authorships, tag links,
    chapters and series parts; the works wait in the search outbox of the same transaction
    (`works_stored`). Raises on any failure, having written part of the batch: run it in a
    savepoint."""
    if not items:
        return []
    creators = works_creators([item.data for item in items])
    tags = works_tags_resolve([i.data for i in items], [i.fixed_tags for i in items])
    for item, own in zip(items, creators, strict=True):
        work_permission_apply(
            work=item.work,
            granted_note=item.data.permission_granted,
            recorded_by=item.data.permission_recorded_by,
            creators=own,
        )
    works = [item.work for item in items]
    rows_insert(works)
    link_rows_insert(
        Authorship,
        ("work", "creator", "position"),
        [
            (work.pk, c.pk, i)
            for work, own in zip(works, creators, strict=True)
            for i, c in enumerate(own)
        ],
    )
    link_rows_insert(
        Work.tags.through,
        ("work", "tag"),
        [(work.pk, t.pk) for work, own in zip(works, tags, strict=True) for t in own],
    )
    _chapters_insert(items)
    series_place_new_works(
        [
            SeriesPlacement(
                work=item.work,
                title=item.data.series_title,
                part=item.data.series_part,
                creators=own,
            )
            for item, own in zip(items, creators, strict=True)
            if item.data.series_title and item.data.series_title.strip()
        ]
    )
    works_stored.send(sender=Work, work_ids=[work.pk for work in works])
    return works
