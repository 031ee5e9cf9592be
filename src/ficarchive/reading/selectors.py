"""Reads for the reading pages. Every list and page goes through `works.selectors` visibility."""

from __future__ import annotations

import copy
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.http import Http404

from ficarchive.reading.work_parts import work_parts
from ficarchive.search.query import SearchQuery
from ficarchive.search.rendered import Blurb, blurbs_for, work_stamp_key
from ficarchive.search.results import SearchResults
from ficarchive.search.selectors import (
    creator_works_search,
    series_visible_among,
    series_work_ids_visible,
    work_search,
    works_visible_among,
)
from ficarchive.site.plain_reads import row_exists, rows_values
from ficarchive.works.cards import SeriesPlace, WorkCard, with_card_data, work_card, work_cards
from ficarchive.works.models import Chapter, Creator, Series, SeriesPart, Tag, Work
from ficarchive.works.readers import Reader
from ficarchive.works.selectors import (
    creator_get_by_name,
    tag_get_by_name,
    work_visible_one,
)

WORKS_PER_PAGE = 20


@dataclass
class WorkPage:
    """Everything the work page or a chapter page shows."""

    card: WorkCard
    chapters: list[Chapter]
    shown: list[Chapter]
    full_view: bool
    # The work's change stamp (`search.rendered.work_stamp_key`, which names the work): the key
    # of the page's fragments that are the same for every reader (`{% cache %}` in templates).
    stamp: str
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


def _newest(*, user: Reader, tags: tuple[str, ...] = ()) -> SearchResults:
    return work_search(query=SearchQuery(sort="updated", tags=tags), user=user)


def _series_neighbours(place: SeriesPlace, *, user: Reader, work: Work) -> None:
    visible = list(
        SeriesPart.objects.filter(
            series=place.series,
            work_id__in=series_work_ids_visible(user=user, series_id=place.series.pk),
        )
        .select_related("work")
        .order_by("position", "id")
    )
    index = next((i for i, p in enumerate(visible) if p.work_id == work.pk), None)
    if index is None:
        return
    place.previous = visible[index - 1].work if index > 0 else None
    place.next = visible[index + 1].work if index + 1 < len(visible) else None


def _series_places(*, user: Reader, work: Work) -> list[SeriesPlace]:
    """The series the work is in, each with the work's visible neighbours (read live: series
    are edited without touching their works)."""
    if not row_exists(SeriesPart, work_id=work.pk):
        return []
    places = [
        SeriesPlace(series=p.series, position=p.position)
        for p in SeriesPart.objects.filter(work=work)
        .select_related("series")
        .order_by("series__title")
    ]
    for place in places:
        _series_neighbours(place, user=user, work=work)
    return places


def _shown_with_text(chapters: list[Chapter]) -> list[Chapter]:
    """Copies of the (shared, textless) `chapters` with their text read now."""
    texts = dict(rows_values(Chapter, ("id", "body_html"), id=[c.pk for c in chapters]))
    shown = []
    for chapter in chapters:
        with_text = copy.copy(chapter)
        with_text.body_html = texts.get(chapter.pk, "")
        shown.append(with_text)
    return shown


def work_get_page_data(
    *, user: Reader, work_id: int, position: int | None = None, full_view: bool = False
) -> WorkPage:
    """The work page for `user`: the first chapter, chapter `position`, or every chapter.

    The work's creators, tags and chapter list come from `work_parts` (kept until the work
    changes); its row (visibility, counts), series and the shown text are read each time.
    Raises Http404 when the work is not visible to `user`, or the chapter does not exist.
    """
    stamp = work_stamp_key(work_id)  # before the rows: see work_stamp_key
    works = Work.objects.select_related("archived_by")
    work = work_visible_one(works, user=user, work_id=work_id)
    parts = work_parts(work_id, stamp=stamp) if work is not None else None
    if work is None or parts is None:
        raise Http404("No such work.")
    card = parts.card_for(work, _series_places(user=user, work=work))
    is_creator = user.is_authenticated and parts.is_creator(user.pk)
    chapters = parts.chapters(creator=is_creator)
    data = WorkPage(
        card=card,
        chapters=chapters,
        shown=[],
        full_view=full_view,
        viewer_is_creator=is_creator,
        stamp=stamp,
    )
    if full_view or not chapters:
        data.shown = _shown_with_text(chapters)
        data.full_view = len(chapters) > 1
        return data
    index = 0
    if position is not None:
        found = next((i for i, c in enumerate(chapters) if c.position == position), None)
        if found is None:
            raise Http404("No such chapter.")
        index = found
    data.shown = _shown_with_text([chapters[index]])
    data.previous_chapter = chapters[index - 1] if index > 0 else None
    data.next_chapter = chapters[index + 1] if index + 1 < len(chapters) else None
    return data


def series_get_for_reader(*, user: Reader, series_id: int) -> SeriesPage:
    """The series with the parts `user` may see, in order; Http404 when none is visible."""
    series = Series.objects.filter(pk=series_id).prefetch_related("creators").first()
    if series is None:
        raise Http404("No such series.")
    parts = list(
        SeriesPart.objects.filter(
            series=series, work_id__in=series_work_ids_visible(user=user, series_id=series.pk)
        ).order_by("position", "id")
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
    theirs = creator_works_search(
        user=user, creator_id=creator.pk, query=SearchQuery(sort="updated")
    )
    page, cards = _blurbs_page(theirs, page_number=page_number)
    return CreatorPage(creator=creator, page=page, cards=cards)


def works_readable_among(*, user: Reader, work_ids: list[int]) -> set[int]:
    """The ids among `work_ids` that `user` may read (from the search index)."""
    return works_visible_among(user=user, work_ids=work_ids)


def series_readable_among(*, user: Reader, series_ids: list[int]) -> set[int]:
    """The ids among `series_ids` of series with a part `user` may read (from the index)."""
    return series_visible_among(user=user, series_ids=series_ids)
