"""Lazy search results: filtering runs when the total or facets are read, sorting when a page is."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, overload

if TYPE_CHECKING:
    from ficarchive.search.backends.base import SearchBackend
    from ficarchive.works.readers import Reader

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, time

import numpy as np
from pyroaring import BitMap

from ficarchive.search.bitmaps.columns import bitmap_of, top_by_number, top_by_text
from ficarchive.search.bitmaps.index import FacetCount, TagRecord, WorkIndex
from ficarchive.search.bitmaps.sync import work_index_current
from ficarchive.search.query import SearchQuery
from ficarchive.search.textquery import TextQuery, text_query_parse
from ficarchive.search.time_limit import TIMEOUT_NOTE, SearchTimeout
from ficarchive.works.models import Authorship, Creator, Work
from ficarchive.works.selectors import tag_get_by_name

LISTED_FIELDS = (
    "id",
    "title",
    "summary",
    "language",
    "word_count",
    "expected_chapters",
    "published_at",
    "updated_at",
    "kudos_count",
    "hits",
    "comments_count",
    "bookmarks_count",
    "restricted",
    "created_at",
    "modified_at",
)
TAG_TYPE_ORDER = (
    "rating",
    "warning",
    "category",
    "fandom",
    "relationship",
    "character",
    "freeform",
)
# A text engine may narrow its matches to this many of the rarest required tag sets.
NARROW_SETS = 2
# Result sets larger than this take their number-sorted pages from a presorted order.
PRESORTED_FROM = 20_000
TEXT_SORTS = {"title": ("title_keys", "titles"), "creator": ("creator_keys", "creators")}
NUMBER_SORTS = {
    "updated": "updated",
    "posted": "posted",
    "words": "words",
    "kudos": "kudos",
    "hits": "hits",
    "comments": "comments",
    "bookmarks": "bookmarks",
}


@dataclass
class _Filtered:
    index: WorkIndex
    ids: np.ndarray
    bitmap: BitMap | None


def _epoch(day: date, *, end: bool) -> int:
    moment = datetime.combine(day, time.max if end else time.min, tzinfo=UTC)
    return int(moment.timestamp())


def works_visible(index: WorkIndex, user: Reader | None) -> BitMap:
    """The works `user` may see, as bitmap: everything for staff, public works for guests,
    posted works and their own (or archived) works in any state for members (works.selectors'
    rule, on the index)."""
    if user is not None and user.is_authenticated and user.is_staff:
        return index.all
    if user is None or not user.is_authenticated:
        return index.public
    return index.posted | (works_own(index, int(user.pk)) & index.all)


def works_own(index: WorkIndex, user_id: int) -> BitMap:
    """The works the member `user_id` wrote (under any of their creator names: each creator's
    works are the index's) or archived: two indexed reads, never a pass over the works table."""
    # Unordered: sorting by name leads SQLite to scan every creator when its statistics say
    # most have no account (imported authors), instead of looking up this member's few.
    names = Creator.objects.filter(user_id=user_id).order_by().values_list("id", flat=True)
    archived = Work.objects.filter(archived_by_id=user_id).order_by().values_list("id", flat=True)
    own = BitMap(archived)
    for creator_id in names:
        own |= index.creator_works.works_of(creator_id)
    return own


def works_visible_group_counts(index: WorkIndex, user: Reader | None) -> np.ndarray:
    """For each dense tag group of `index`: how many works `user` may see carry it. Taken from
    the counts the index keeps for staff, guests and members; a member's own works that are not
    posted are counted on top (a handful), so no page counts over the whole archive."""
    if user is not None and user.is_authenticated and user.is_staff:
        return index.group_counts_of("all")
    if user is None or not user.is_authenticated:
        return index.group_counts_of("public")
    counts = index.group_counts_of("posted")
    extra = works_visible(index, user) - index.posted
    if not extra:
        return counts
    own: np.ndarray = counts + index.group_counts_among(index.ids_array(extra))
    return own


class SearchResults:
    """The works matching a query, as one reader may see them.

    `total`, `facets`, `notes` and `unknown_tags` evaluate the filters once; slicing
    (`results[40:60]`) or `page()` sorts and loads just the works asked for. `within`, when
    given, limits the results to those work ids (a creator's works, a series).
    """

    def __init__(
        self,
        *,
        backend: SearchBackend,
        query: SearchQuery,
        user: Reader | None = None,
        within: BitMap | None = None,
    ) -> None:
        self.backend = backend
        self.query = query
        self.user = user
        self.within = within
        self.text: TextQuery = text_query_parse(query.text, in_text=query.in_text)
        self.unknown_tags: list[str] = []
        self.notes: list[str] = [*query.errors, *self.text.notes]
        self._filtered: _Filtered | None = None
        self._facets: dict[str, list[FacetCount]] | None = None
        self._narrow: list[list[int]] = []

    # ---- filtering ------------------------------------------------------------------------------

    def _visible(self, index: WorkIndex) -> BitMap:
        return works_visible(index, self.user)

    def _group(self, index: WorkIndex, name: str) -> BitMap | None:
        record = _tag_record(index, name)
        if record is None:
            if name not in self.unknown_tags:
                self.unknown_tags.append(name)
                self.notes.append(f"No tag is called {name!r}; no work can match it.")
            return None
        return index.group_works(index.group_of(record.id))

    def _filter(self) -> _Filtered:
        if self._filtered is not None:
            return self._filtered
        index = work_index_current()
        query = self.query
        result = BitMap(self._visible(index))
        if self.within is not None:
            result &= self.within
        sets: list[tuple[BitMap, list[int]]] = []  # each required set, with its tags
        for name in query.included_tag_names():
            record = _tag_record(index, name)
            works = self._group(index, name)
            members = index.group_members.get(index.group_of(record.id), []) if record else []
            sets.append((works if works is not None else BitMap(), members))
        if query.ratings:
            ratings = [
                (self._group(index, name), _tag_record(index, name)) for name in query.ratings
            ]
            works = BitMap().union(*(r for r, _ in ratings if r is not None))
            members = [
                t
                for _, rec in ratings
                if rec
                for t in index.group_members.get(index.group_of(rec.id), [])
            ]
            sets.append((works, members))
        sets.sort(key=lambda pair: len(pair[0]))
        for works, _ in sets:
            result &= works
        # The rarest required tags, for a text engine that can narrow its matches to them.
        self._narrow = [members for _, members in sets[:NARROW_SETS]]
        for name in query.exclude_tags:
            record = _tag_record(index, name)
            if record is None:
                self.unknown_tags.append(name)
                self.notes.append(f"No tag is called {name!r}; excluding it changes nothing.")
                continue
            result -= index.group_works(index.group_of(record.id))
        for flag, bitmap in (
            (query.complete, index.complete),
            (query.crossover, index.crossover),
            (query.single_chapter or None, index.single_chapter),
        ):
            if flag is True:
                result &= bitmap
            elif flag is False:
                result -= bitmap
        if query.language:
            result &= index.languages.get(query.language, BitMap())
        try:
            result = self._text_filter(result)
        except SearchTimeout:
            self._timed_out()
            result = BitMap()
        self._filtered = self._ranges(index, result)
        return self._filtered

    def _text_filter(self, result: BitMap) -> BitMap:
        if self.text.is_empty or not result:
            return result
        result = self.backend.text_filter(self.text, result, narrow=self._narrow)
        for note in self.backend.text_notes():
            if note not in self.notes:
                self.notes.append(note)
        return result

    def _timed_out(self) -> None:
        if TIMEOUT_NOTE not in self.notes:
            self.notes.append(TIMEOUT_NOTE)

    def _ranges(self, index: WorkIndex, result: BitMap) -> _Filtered:
        query = self.query
        ids = index.ids_array(result)
        keep = np.ones(len(ids), dtype=bool)
        bounds = (
            ("words", query.words_from, query.words_to),
            (
                "updated",
                _epoch(query.date_from, end=False) if query.date_from else None,
                _epoch(query.date_to, end=True) if query.date_to else None,
            ),
        )
        narrowed = False
        for column, low, high in bounds:
            if low is None and high is None:
                continue
            values = index.numbers[column].take(ids)
            if low is not None:
                keep &= values >= low
            if high is not None:
                keep &= values <= high
            narrowed = True
        if not narrowed:
            return _Filtered(index=index, ids=ids, bitmap=result)
        return _Filtered(index=index, ids=ids[keep], bitmap=None)

    # ---- reading --------------------------------------------------------------------------------

    @property
    def index(self) -> WorkIndex:
        """The search index these results were read from."""
        return self._filter().index

    @property
    def total(self) -> int:
        """How many works match."""
        return len(self._filter().ids)

    def __len__(self) -> int:
        return self.total

    @property
    def facets(self) -> dict[str, list[FacetCount]]:
        """The ten most used canonical tags of each type among the matching works."""
        if self._facets is None:
            filtered = self._filter()
            self._facets = filtered.index.facets(filtered.ids, filtered.bitmap)
        return self._facets

    @property
    def effective_sort(self) -> str:
        """The sort used: best match needs words to match, otherwise newest updates come first."""
        if self.query.sort == "best" and not self.text.has_positive:
            return "updated"
        return self.query.sort

    def ids(self, offset: int, limit: int) -> list[int]:
        """The ids at [offset, offset+limit) in the query's order."""
        filtered = self._filter()
        index = filtered.index
        sort = self.effective_sort
        if sort == "best":
            members = filtered.bitmap
            if members is None:
                members = bitmap_of(filtered.ids)
            try:
                ranked = self.backend.text_ranked(self.text, narrow=self._narrow)
                return _ranked_page(ranked, members, offset, limit)
            except SearchTimeout:
                self._timed_out()
                sort = "updated"  # the matches are known; only their ranking ran out of time
        if sort in TEXT_SORTS:
            keys_name, texts_name = TEXT_SORTS[sort]
            keys = getattr(index, keys_name).take(filtered.ids)
            return top_by_text(
                filtered.ids, keys, getattr(index, texts_name), offset=offset, limit=limit
            )
        column = NUMBER_SORTS[sort]
        if filtered.bitmap is not None and len(filtered.ids) > PRESORTED_FROM:
            # Most of the archive matches: walk the presorted order instead of sorting them all.
            return index.order(column).top(
                filtered.bitmap, index.numbers[column].data, offset, limit
            )
        values = index.numbers[column].take(filtered.ids)
        page: list[int] = top_by_number(
            filtered.ids, values, offset=offset, limit=limit, descending=True
        ).tolist()
        return page

    def works(self, offset: int, limit: int) -> list[Work]:
        """The works at [offset, offset+limit), each with `search_highlights` (safe HTML),
        `search_tags` ((name, type) pairs) and `search_creators` (names) attached."""
        return self.works_load(self.ids(offset, limit), highlights=True)

    def works_load(self, ids: list[int], *, highlights: bool) -> list[Work]:
        """The works `ids` in that order, as `works` gives them (highlights only if asked)."""
        loaded = Work.objects.filter(id__in=ids).only(*LISTED_FIELDS).in_bulk()
        tags: dict[int, list[tuple[str, str]]] = {}
        for work_id, name, tag_type in Work.tags.through.objects.filter(
            work_id__in=ids
        ).values_list("work_id", "tag__name", "tag__type"):
            tags.setdefault(work_id, []).append((name, tag_type))
        creators: dict[int, list[str]] = {}
        for work_id, name in (
            Authorship.objects.filter(work_id__in=ids)
            .order_by("position", "id")
            .values_list("work_id", "creator__name")
        ):
            creators.setdefault(work_id, []).append(name)
        marked = self.highlights(ids) if highlights else {}
        works = []
        for work_id in ids:
            work = loaded.get(work_id)
            if work is not None:
                # Attached for the listing and the API (see the docstring).
                work.search_highlights = marked.get(work_id, [])  # type: ignore[attr-defined]
                work.search_tags = sorted(tags.get(work_id, []), key=_tag_order)  # type: ignore[attr-defined]
                work.search_creators = creators.get(work_id, [])  # type: ignore[attr-defined]
                works.append(work)
        return works

    def highlights(self, ids: list[int]) -> dict[int, list[str]]:
        """Safe HTML snippets of the matched words, for those of `ids` with a match."""
        if not self.text.has_positive:
            return {}
        try:
            return self.backend.text_highlights(self.text, ids, index=self.index)
        except SearchTimeout:
            self._timed_out()
            return {}

    def page(self) -> list[Work]:
        """The works of the query's own page."""
        return self.works(self.query.offset, self.query.per_page)

    @overload
    def __getitem__(self, item: int) -> Work: ...
    @overload
    def __getitem__(self, item: slice) -> list[Work]: ...
    def __getitem__(self, item: int | slice) -> Work | list[Work]:
        if isinstance(item, slice):
            start = item.start or 0
            stop = item.stop if item.stop is not None else self.total
            return self.works(start, max(stop - start, 0))
        if not isinstance(item, int):
            # Templates try `results["total"]` before `results.total`: refuse it cheaply.
            raise TypeError("results are indexed by position or slice")
        works = self.works(item, 1)
        if not works:
            raise IndexError(item)
        return works[0]

    @property
    def page_count(self) -> int:
        per_page = self.query.per_page
        return max(1, (self.total + per_page - 1) // per_page)


def _tag_record(index: WorkIndex, name: str) -> TagRecord | None:
    """The tag called `name` as the index knows it. A name the index has not heard of is looked
    up in the database (one indexed query): a rename written without the change log still finds
    the tag by its id."""
    record = index.tag_lookup(name)
    if record is None:
        tag = tag_get_by_name(name.strip())
        record = index.tags.get(tag.pk) if tag is not None else None
    return record


def _ranked_page(ranked: Iterator[int], members: BitMap, offset: int, limit: int) -> list[int]:
    """The members at [offset, offset+limit) of a relevance-ordered stream (read no further)."""
    page: list[int] = []
    skipped = 0
    for work_id in ranked:
        if work_id in members:
            if skipped < offset:
                skipped += 1
            else:
                page.append(work_id)
                if len(page) >= limit:
                    break
    return page


def _tag_order(pair: tuple[str, str]) -> tuple[int, str]:
    name, tag_type = pair
    position = TAG_TYPE_ORDER.index(tag_type) if tag_type in TAG_TYPE_ORDER else len(TAG_TYPE_ORDER)
    return position, name.casefold()
