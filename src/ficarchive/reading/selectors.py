"""Reads for the reading pages. Every list and page goes through `works.selectors` visibility."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import Http404

from ficarchive.search.query import SearchQuery
from ficarchive.search.rendered import Blurb, blurbs_for
from ficarchive.search.results import SearchResults
from ficarchive.search.selectors import work_search
from ficarchive.works.cards import SeriesPlace, WorkCard, with_card_data, work_card, work_cards
from ficarchive.works.models import Authorship, Chapter, Creator, Series, SeriesPart, Tag, Work
from ficarchive.works.readers import Reader
from ficarchive.works.selectors import (
    creator_get_by_name,
    tag_get_by_name,
    work_list_visible,
    work_visibility_q,
)

WORKS_PER_PAGE = 20
_NAMES_ITS_CHAPTER = re.compile(r"(chapter|prologue|epilogue)\b", re.IGNORECASE)


@dataclass
class WorkPage:
    """Everything the work page or a chapter page shows."""

    card: WorkCard
    chapters: list[Chapter]
    shown: list[Chapter]
    full_view: bool
    previous_chapter: Chapter | None = None
    next_chapter: Chapter | None = None
    viewer_is_creator: bool = False

    @property
    def work(self) -> Work:
        return self.card.work

    @property
    def language_name(self) -> str:
        return self.card.language_name

    @property
    def multi_chapter(self) -> bool:
        return len(self.chapters) > 1

    @property
    def shows_first_chapter(self) -> bool:
        return bool(self.shown) and bool(self.chapters) and self.shown[0] == self.chapters[0]

    @property
    def shows_last_chapter(self) -> bool:
        return bool(self.shown) and self.shown[-1] == self.chapters[-1]


@dataclass
class TagPage:
    """A tag, the canonical tag it stands for, and one page of the works it finds (as blurbs)."""

    tag: Tag
    canonical: Tag
    synonyms: list[Tag]
    page: Page
    cards: list[Blurb]


@dataclass
class CreatorPage:
    creator: Creator
    page: Page
    cards: list[Blurb]


@dataclass
class SeriesPage:
    series: Series
    creators: list[Creator]
    parts: list[tuple[int, WorkCard]]
    word_count: int


def _visible_ids(*, user: Reader) -> QuerySet:
    return work_list_visible(user=user).values("pk")


class _IndexedIds:
    """Work ids in a search index order, for Django's Paginator: its length is the index's total,
    and a slice sorts out just those ids (no COUNT, no scan of the works table)."""

    def __init__(self, results: SearchResults) -> None:
        self.results = results

    def __len__(self) -> int:
        return self.results.total

    def __getitem__(self, item: slice) -> list[int]:
        start = item.start or 0
        return self.results.ids(start, max((item.stop or start) - start, 0))


def _blurbs_page(results: SearchResults, *, page_number) -> tuple[Page, list[Blurb]]:
    page: Page = Paginator(_IndexedIds(results), WORKS_PER_PAGE).get_page(  # type: ignore[arg-type]
        page_number
    )
    return page, blurbs_for(list(page.object_list), cards_load=work_cards)


def _newest(
    *, user: Reader, within: Iterable[int] | None = None, tags: tuple[str, ...] = ()
) -> SearchResults:
    return work_search(query=SearchQuery(sort="updated", tags=tags), user=user, within=within)


def _series_neighbours(place: SeriesPlace, *, user: Reader, work: Work) -> None:
    visible = list(
        SeriesPart.objects.filter(series=place.series, work__in=_visible_ids(user=user))
        .select_related("work")
        .order_by("position", "id")
    )
    index = next((i for i, p in enumerate(visible) if p.work_id == work.pk), None)
    if index is None:
        return
    place.previous = visible[index - 1].work if index > 0 else None
    place.next = visible[index + 1].work if index + 1 < len(visible) else None


def _chapter_heading(number: int, title: str) -> str:
    """ "Chapter 2: The Return", or the title alone when it already says which chapter it is."""
    title = title.strip()
    if not title:
        return f"Chapter {number}"
    if _NAMES_ITS_CHAPTER.match(title):
        return title
    return f"Chapter {number}: {title}"


def work_get_page_data(
    *, user: Reader, work_id: int, position: int | None = None, full_view: bool = False
) -> WorkPage:
    """The work page for `user`: the first chapter, chapter `position`, or every chapter.

    Raises Http404 when the work is not visible to `user`, or the chapter does not exist.
    """
    # One query reads the work for its card and checks the reader may see it (as a subquery:
    # a member's rule joins the creators, which would multiply the card's chapter count).
    seen = Work.objects.filter(work_visibility_q(user), pk=work_id).values("pk")
    work = with_card_data(Work.objects.filter(pk=work_id, pk__in=seen)).first()
    if work is None:
        raise Http404("No such work.")
    card = work_card(work)
    for place in card.series:
        _series_neighbours(place, user=user, work=work)
    is_creator = user.is_authenticated and any(c.user_id == user.pk for c in card.creators)
    # A work's creators also see its chapter drafts, in their places.
    chapters = list(
        work.chapters.order_by("position")
        if is_creator
        else work.chapters.filter(draft=False).order_by("position")
    )
    for number, chapter in enumerate(chapters, start=1):
        # Its place among the chapters, as readers count them, for the template.
        chapter.number = number  # type: ignore[attr-defined]
        chapter.heading = _chapter_heading(number, chapter.title)  # type: ignore[attr-defined]
    data = WorkPage(
        card=card, chapters=chapters, shown=[], full_view=full_view, viewer_is_creator=is_creator
    )
    if full_view or not chapters:
        data.shown = chapters
        data.full_view = len(chapters) > 1
        return data
    index = 0
    if position is not None:
        found = next((i for i, c in enumerate(chapters) if c.position == position), None)
        if found is None:
            raise Http404("No such chapter.")
        index = found
    data.shown = [chapters[index]]
    data.previous_chapter = chapters[index - 1] if index > 0 else None
    data.next_chapter = chapters[index + 1] if index + 1 < len(chapters) else None
    return data


def series_get_for_reader(*, user: Reader, series_id: int) -> SeriesPage:
    """The series with the parts `user` may see, in order; Http404 when none is visible."""
    series = Series.objects.filter(pk=series_id).prefetch_related("creators").first()
    if series is None:
        raise Http404("No such series.")
    parts = list(
        SeriesPart.objects.filter(series=series, work__in=_visible_ids(user=user)).order_by(
            "position", "id"
        )
    )
    if not parts:
        raise Http404("No such series.")
    works = {
        w.pk: w for w in with_card_data(Work.objects.filter(pk__in=[p.work_id for p in parts]))
    }
    cards = [(p.position, work_card(works[p.work_id])) for p in parts]
    creators = list(series.creators.all())
    if not creators:
        for _, card in cards:
            creators.extend(c for c in card.creators if c not in creators)
    return SeriesPage(
        series=series,
        creators=creators,
        parts=cards,
        word_count=sum(card.work.word_count for _, card in cards),
    )


def tag_get(*, name: str) -> Tag:
    """The tag named `name` (any case); Http404 when there is none."""
    tag = tag_get_by_name(name)
    if tag is None:
        raise Http404("No such tag.")
    return tag


def tag_works(*, user: Reader, name: str, page_number=1) -> TagPage:
    """Works `user` may see that carry the tag, its canonical tag, or any synonym of the canonical.

    A synonym's page lists the canonical tag's works, as on AO3.
    """
    tag = tag_get(name=name)
    canonical = tag.synonym_of or tag
    synonyms = list(canonical.synonyms.order_by("name"))
    results = _newest(user=user, tags=(canonical.name,))
    page, cards = _blurbs_page(results, page_number=page_number)
    return TagPage(tag=tag, canonical=canonical, synonyms=synonyms, page=page, cards=cards)


def creator_works(*, user: Reader, name: str, page_number=1) -> CreatorPage:
    """The creator named `name` and a page of their works `user` may see; Http404 if unknown."""
    creator = creator_get_by_name(name)
    if creator is None:
        raise Http404("No such creator.")
    theirs = Authorship.objects.filter(creator=creator).values_list("work_id", flat=True)
    page, cards = _blurbs_page(_newest(user=user, within=theirs), page_number=page_number)
    return CreatorPage(creator=creator, page=page, cards=cards)
