"""What a work page shows the same to every reader, read once and kept until the work changes.

A work's creators, tags and chapter list change only through writes that log a change to the
search index, so they are kept in the `cards` cache under the work's change stamp
(`search.rendered.work_stamp_key`); a page then reads from the database only what is live: the
work's row (visibility, counts), its series, the shown chapter's text and the reader's own state.
Chapter texts are not kept (a long work's text would crowd out thousands of cards).
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, replace

from django.core.cache import caches

from ficarchive.search.rendered import CACHE
from ficarchive.works.cards import SeriesPlace, WorkCard, with_card_data, work_card
from ficarchive.works.models import Chapter, Work

_NAMES_ITS_CHAPTER = re.compile(r"(chapter|prologue|epilogue)\b", re.IGNORECASE)


@dataclass(frozen=True)
class WorkParts:
    """A work's creators and tags (a card without the live work row and series) and its
    chapters without their text, numbered as readers count them and as its creators do
    (creators also see chapter drafts, in their places). Shared between requests: read only."""

    card: WorkCard
    readers_chapters: list[Chapter]
    creators_chapters: list[Chapter]

    def card_for(self, work: Work, series: list[SeriesPlace]) -> WorkCard:
        """This card over a freshly read `work` row (its counts are live) and its series."""
        return replace(self.card, work=work, series=series)

    def chapters(self, *, creator: bool) -> list[Chapter]:
        return self.creators_chapters if creator else self.readers_chapters

    def is_creator(self, user_id: int | None) -> bool:
        return user_id is not None and any(c.user_id == user_id for c in self.card.creators)


def chapter_heading(number: int, title: str) -> str:
    """ "Chapter 2: The Return", or the title alone when it already says which chapter it is."""
    title = title.strip()
    if not title:
        return f"Chapter {number}"
    if _NAMES_ITS_CHAPTER.match(title):
        return title
    return f"Chapter {number}: {title}"


def _numbered(chapters: list[Chapter]) -> list[Chapter]:
    """Copies of `chapters` with their place as counted in this list, for the template."""
    numbered = []
    for number, chapter in enumerate(chapters, start=1):
        numbered_copy = copy.copy(chapter)
        numbered_copy.number = number  # type: ignore[attr-defined]
        numbered_copy.heading = chapter_heading(number, chapter.title)  # type: ignore[attr-defined]
        numbered.append(numbered_copy)
    return numbered


def _parts_load(work_id: int) -> WorkParts | None:
    work = with_card_data(Work.objects.filter(pk=work_id)).first()
    if work is None:
        return None
    chapters = list(Chapter.objects.filter(work_id=work_id).defer("body_html").order_by("position"))
    return WorkParts(
        card=work_card(work),
        readers_chapters=_numbered([c for c in chapters if not c.draft]),
        creators_chapters=_numbered(chapters),
    )


def work_parts(work_id: int, *, stamp: str) -> WorkParts | None:
    """The parts of work `work_id` kept under `stamp` (`search.rendered.work_stamp_key`, read
    before the work's row), loaded when not kept; None when the work does not exist.

    Visibility is the caller's business: call it only for a work the reader may see."""
    cache = caches[CACHE]
    key = f"work-parts:{stamp}"
    parts = cache.get(key)
    if parts is None:
        parts = _parts_load(work_id)
        if parts is not None:
            cache.set(key, parts)
    return parts
