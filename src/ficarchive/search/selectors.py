"""Reading the search index: the works listing, the JSON API, the command, and the browse pages'
counts all come through here (so none of them counts by scanning the works table)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np
from pyroaring import BitMap

from ficarchive.search.backends import search_backend
from ficarchive.search.bitmaps.index import FacetCount, WorkIndex
from ficarchive.search.bitmaps.sync import work_index_current
from ficarchive.search.query import SearchQuery
from ficarchive.search.results import SearchResults, works_visible, works_visible_group_counts
from ficarchive.works.letters import letter_of

if TYPE_CHECKING:
    from ficarchive.works.readers import Reader


def work_search(
    *, query: SearchQuery, user: Reader | None = None, within: Iterable[int] | None = None
) -> SearchResults:
    """Lazy results of `query` limited to the works `user` may see (anonymous when None), and to
    the work ids in `within` when given. Totals, order and pages come from the search index, so
    a listing costs the same whatever the size of the archive."""
    limit = None if within is None else BitMap(within)
    return search_backend().search(query, user=user, within=limit)


def _visible(index: WorkIndex, user: Reader | None) -> BitMap:
    return works_visible(index, user)


def query_with_tag_from_text(query: SearchQuery) -> tuple[SearchQuery, str | None]:
    """When the whole search text is a tag's name, or a synonym's ("W/S"), search that tag's
    works instead of the words; returns the query to run and the canonical tag's name (or None).
    """
    text = " ".join(query.text.strip().strip('"').split())
    if not text or len(text) > 150:
        return query, None
    index = work_index_current()
    record = index.tag_lookup(text)
    if record is None:
        return query, None
    canonical = index.tags[index.group_of(record.id)].name
    tags = (
        query.tags
        if canonical.casefold() in {t.casefold() for t in query.tags}
        else (
            *query.tags,
            canonical,
        )
    )
    return replace(query, text="", tags=tags), canonical


def tag_counts(*, user: Reader | None, tag_ids: list[int]) -> dict[int, int]:
    """For each tag id: the works `user` may see that carry it or any tag of its synonym group
    (read from the counts the index keeps: no work is looked at)."""
    index = work_index_current()
    kept = works_visible_group_counts(index, user)
    counts = {}
    for tag_id in tag_ids:
        if tag_id in index.tags:
            counts[tag_id] = int(kept[index.group_dense[index.group_of(tag_id)]])
        else:
            counts[tag_id] = 0
    return counts


def creator_counts(*, user: Reader | None, creator_ids: list[int]) -> dict[int, int]:
    """For each creator id: how many of the creator's works `user` may see. Read from the counts
    the index keeps per creator for staff, members and guests; a member's own works that are not
    posted (a handful) are counted on top. No authorship and no work is read."""
    index = work_index_current()
    name = _visible_set_name(user)
    counts = dict(zip(creator_ids, index.creator_counts(name, creator_ids), strict=True))
    if name == "posted":
        for work_id in _visible(index, user) - index.posted:
            for creator_id in index.creator_works.owners_of(work_id):
                if creator_id in counts:
                    counts[creator_id] += 1
    return counts


def creator_works_search(
    *, user: Reader | None, creator_id: int, query: SearchQuery
) -> SearchResults:
    """Lazy results of `query` among the creator's works that `user` may see: the creator's works
    come from the index (no authorship is read), so a page costs the same whatever the size of
    the archive or of the creator's list of works."""
    within = work_index_current().creator_works.works_of(creator_id)
    return search_backend().search(query, user=user, within=within)


def tag_top(*, user: Reader | None, top: int = 10) -> dict[str, list[FacetCount]]:
    """The `top` most used canonical tags of each type among the works `user` may see (from the
    counts the index keeps: one pass over the tag groups, none over the works)."""
    index = work_index_current()
    return index.top_of_counts(works_visible_group_counts(index, user), top=top)


def work_ids_count(*, user: Reader | None, work_ids: list[int]) -> int:
    """How many of `work_ids` the user may see."""
    index = work_index_current()
    return _visible(index, user).intersection_cardinality(BitMap(work_ids))


def works_visible_among(*, user: Reader | None, work_ids: list[int]) -> set[int]:
    """The ids among `work_ids` that `user` may see."""
    index = work_index_current()
    return set(_visible(index, user) & BitMap(work_ids))


def languages_present(*, user: Reader | None) -> list[str]:
    """Language codes of the works `user` may see, most used first."""
    index = work_index_current()
    visible = _visible(index, user)
    used = [(visible.intersection_cardinality(b), code) for code, b in index.languages.items()]
    return [code for count, code in sorted(used, reverse=True) if count]


def works_newest_ids(*, user: Reader | None, limit: int, offset: int = 0) -> list[int]:
    """The ids of the most recently updated works `user` may see."""
    results = work_search(query=SearchQuery(sort="updated"), user=user)
    return results.ids(offset, limit)


def works_visible_count(*, user: Reader | None) -> int:
    """How many works `user` may see."""
    return len(_visible(work_index_current(), user))


def tags_with_works(*, user: Reader | None, tag_type: str) -> list[int]:
    """The canonical tags of `tag_type` that some work `user` may see carries (itself or through
    a synonym), by name: one pass over that type's counts in the index, none over the works."""
    rows = tag_type_counts(user=user, tag_type=tag_type)
    return [row.tag_id for row in sorted(rows, key=lambda row: (row.name, row.tag_id))]


def tag_type_counts(*, user: Reader | None, tag_type: str) -> list[FacetCount]:
    """Every canonical tag of `tag_type` that some work `user` may see carries, with how many
    such works (from the counts the index keeps: none of the works is looked at)."""
    index = work_index_current()
    counts = works_visible_group_counts(index, user)
    dense = index.group_types.get(tag_type, np.zeros(0, dtype=np.int64))
    dense = dense[counts[dense] > 0]
    rows = []
    for d, count in zip(dense.tolist(), counts[dense].tolist(), strict=True):
        record = index.tags[index.group_ids[d]]
        rows.append(FacetCount(tag_id=record.id, name=record.name, type=tag_type, count=count))
    return rows


@dataclass(frozen=True)
class SeriesSeen:
    """A series as one reader sees it: how many of its works they may see, and the latest
    update among those (seconds since the epoch)."""

    series_id: int
    works: int
    updated: int


def _visible_set_name(user: Reader | None) -> str:
    """Which of the index's kept flag sets `user` sees (members also see their own works)."""
    if user is not None and user.is_authenticated and user.is_staff:
        return "all"
    if user is None or not user.is_authenticated:
        return "public"
    return "posted"


class SeriesListing:
    """Every series with a work one reader may see, most recently updated first (ties: newer
    series first), as a lazy sequence: its length and any slice come from the figures the index
    keeps per series, so a page costs the series it shows, never a pass over the parts or works.

    A member's own works that are not posted (a handful) are counted on top: their series'
    figures are worked out for this reader alone and merged into the kept order.
    """

    def __init__(self, *, user: Reader | None) -> None:
        index = work_index_current()
        name = _visible_set_name(user)
        self._kept = index.series_of(name)
        self._own: dict[int, SeriesSeen] = {}
        if name == "posted":
            extra = _visible(index, user) - index.posted
            visible = index.posted | extra
            updated = index.numbers["updated"]
            mine = {s for w in extra for s in index.series.owners_of(w)}
            for series_id in mine:
                works, latest = index.series.figures(series_id, visible, updated)
                self._own[series_id] = SeriesSeen(series_id, works, latest)
        self._kept_members = self._kept.present - BitMap(self._own)
        self._length = len(self._kept_members) + sum(1 for r in self._own.values() if r.works)

    def __len__(self) -> int:
        return self._length

    def count(self) -> int:
        """How many series are listed (for Django's Paginator)."""
        return self._length

    def __getitem__(self, item: slice) -> list[SeriesSeen]:
        start, stop, _ = item.indices(self._length)
        if stop <= start:
            return []
        kept = self._kept
        ids = kept.top(
            self._kept_members, 0 if self._own else start, stop - (0 if self._own else start)
        )
        rows = [SeriesSeen(i, int(kept.count.data[i]), int(kept.latest.data[i])) for i in ids]
        if self._own:
            rows += [row for row in self._own.values() if row.works]
            rows.sort(key=lambda row: (-row.updated, -row.series_id))
            rows = rows[start:stop]
        return rows


def series_with_works(*, user: Reader | None) -> SeriesListing:
    """Every series with a work `user` may see, most recently updated first (ties: newer series
    first), with how many of its works they may see: a lazy sequence whose length and slices
    come from the figures the index keeps (no series part and no work is read)."""
    return SeriesListing(user=user)


def _type_groups_by_name(index: WorkIndex, tag_type: str, letter: str) -> np.ndarray:
    """The dense groups (canonical tags) of `tag_type` filed under `letter` (every letter when
    empty), A–Z by name: made from the tag table once per tag load, kept with the index."""
    key = ("type-letter", tag_type, letter)
    found = index.tag_derived.get(key)
    if found is None:
        dense = index.group_types.get(tag_type, np.zeros(0, dtype=np.int64))
        names = [index.tags[index.group_ids[d]].name for d in dense.tolist()]
        keep = [
            (name.casefold(), name, d)
            for name, d in zip(names, dense.tolist(), strict=True)
            if not letter or letter_of(name) == letter
        ]
        keep.sort()
        found = np.array([d for _, _, d in keep], dtype=np.int64)
        index.tag_derived[key] = found
    assert isinstance(found, np.ndarray)
    return found


class TagsListed:
    """The canonical tags of one type (of one index letter, if chosen) that some work a reader
    may see carries, A–Z, with how many such works: a lazy sequence whose length and slices
    come from the index (the tag table and the kept counts), never from the database."""

    def __init__(self, *, user: Reader | None, tag_type: str, letter: str = "") -> None:
        index = work_index_current()
        self._index = index
        self._counts = works_visible_group_counts(index, user)
        dense = _type_groups_by_name(index, tag_type, letter)
        self._dense = dense[self._counts[dense] > 0] if len(dense) else dense
        self._type = tag_type

    def __len__(self) -> int:
        return len(self._dense)

    def count(self) -> int:
        """How many tags are listed (for Django's Paginator)."""
        return len(self._dense)

    def __getitem__(self, item: slice) -> list[FacetCount]:
        index = self._index
        rows = []
        for d in self._dense[item].tolist():
            record = index.tags[index.group_ids[d]]
            count = int(self._counts[d])
            rows.append(
                FacetCount(tag_id=record.id, name=record.name, type=self._type, count=count)
            )
        return rows


def tags_of_type_listed(*, user: Reader | None, tag_type: str, letter: str = "") -> TagsListed:
    """The canonical tags of `tag_type` with works `user` may see, A–Z (only those filed under
    `letter`, an A–Z letter or '#', when given), with counts; see `TagsListed`."""
    return TagsListed(user=user, tag_type=tag_type, letter=letter)


def series_work_ids_visible(*, user: Reader | None, series_id: int) -> list[int]:
    """The ids of the series' works that `user` may see, from the works the index keeps for each
    series (no part and no work row is read: a series page costs its own parts)."""
    index = work_index_current()
    works = index.series.works_of(series_id)
    if not works:
        return []
    return list(works & _visible(index, user))


def series_visible_among(*, user: Reader | None, series_ids: Iterable[int]) -> set[int]:
    """The ids among `series_ids` of the series with a work `user` may see (from the index)."""
    index = work_index_current()
    visible = _visible(index, user)
    series = index.series
    return {s for s in set(series_ids) if series.works_of(s).intersection_cardinality(visible)}
