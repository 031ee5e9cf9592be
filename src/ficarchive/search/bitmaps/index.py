"""The in-process work index: roaring bitmaps for tags and flags, numpy columns for sorts and ranges.

Tag filters are bitmap intersections; facet counts are a bincount over the result set's tags (or, for
very large result sets, intersection counts over tags in order of popularity, stopping early); sorts
are a partial sort of one column. Nothing here touches the database: `loading` fills it.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import numpy as np
from pyroaring import AbstractBitMap, BitMap

from ficarchive.search.bitmaps.columns import (
    Column,
    TextColumn,
    bitmap_of,
    text_sort_key,
    text_sort_string,
)
from ficarchive.search.bitmaps.creators import CreatorWorks
from ficarchive.search.bitmaps.ordered import DIRTY_LIMIT, SortedOrder
from ficarchive.search.bitmaps.series import SeriesIndex, SeriesInSet

NUMBER_COLUMNS = ("kudos", "hits", "comments", "bookmarks", "words", "posted", "updated")
FACET_TYPES = ("rating", "warning", "category", "fandom", "relationship", "character", "freeform")
# From this share of the archive (and this many works) up, facets are counted by bitmap
# intersections in order of tag popularity, stopping early: the counts of a large result set
# follow the tags' sizes, so few tags are looked at. Smaller sets are counted tag by tag.
LARGE_SHARE = 0.1
LARGE_RESULT = 5000
# The flag sets whose per-group work counts the index keeps (staff, members and guests see them).
COUNTED_SETS = ("all", "posted", "public")


@dataclass(frozen=True, slots=True)
class TagRecord:
    """A tag as the index knows it: `group` is the canonical tag's id (its own id if canonical)."""

    id: int
    name: str
    type: str
    group: int


@dataclass(frozen=True)
class WorkRecord:
    """What the index keeps of one work."""

    id: int
    title: str
    creator: str
    tag_ids: tuple[int, ...]
    language: str
    words: int
    posted: int
    updated: int
    kudos: int
    hits: int
    comments: int
    bookmarks: int
    chapters: int
    expected_chapters: int | None
    draft: bool
    hidden: bool
    restricted: bool
    series_ids: tuple[int, ...] = ()
    creator_ids: tuple[int, ...] = ()


@dataclass(slots=True)
class FacetCount:
    """How many works of a result carry a canonical tag (or its synonyms). Made fresh for each
    answer (a search makes dozens), so not frozen: a frozen dataclass is made twice as slowly."""

    tag_id: int
    name: str
    type: str
    count: int


class WorkIndex:
    """Bitmaps and columns over every work in the archive (visibility is applied per query)."""

    def __init__(self) -> None:
        self.all = BitMap()
        self.public = BitMap()  # readable by anyone
        self.posted = BitMap()  # readable by any logged-in reader
        self.complete = BitMap()
        self.single_chapter = BitMap()
        self.crossover = BitMap()
        self.duplicate_groups = BitMap()  # works carrying two tags of one synonym group
        self.languages: dict[str, BitMap] = {}
        self.numbers = {name: Column(np.int64) for name in NUMBER_COLUMNS}
        self.title_keys = Column(np.uint64)
        self.creator_keys = Column(np.uint64)
        # Sort strings of titles and first creators, as one buffer each (no str per work).
        self.titles = TextColumn()
        self.creators = TextColumn()
        # Per-work tags as dense tag numbers: start and length into one growable array.
        self.tag_start = Column(np.int64)
        self.tag_length = Column(np.int32)
        self.tag_data = np.zeros(1024, dtype=np.int32)
        self.tag_used = 0
        # Tags: dense numbers, records, bitmaps; groups are dense too (for bincount).
        self.tags: dict[int, TagRecord] = {}
        self.tag_dense: dict[int, int] = {}
        self.dense_tag_ids: list[int] = []
        self.by_name: dict[str, int] = {}
        self.tag_works: dict[int, BitMap] = {}
        self._group_cache: dict[int, BitMap] = {}  # group -> its works (a union if synonyms)
        self._group_order: dict[str, list[int]] | None = None
        # What selectors work out from the tag table alone (a type's tags A–Z), made on first
        # use and dropped with every tag load.
        self.tag_derived: dict[object, object] = {}
        self.group_ids: list[int] = []
        self.group_dense: dict[int, int] = {}
        self.group_members: dict[int, list[int]] = {}
        self.dense_to_group = np.zeros(0, dtype=np.int32)
        # Each dense tag's bin when counting by group: its dense group, or one bin past the last
        # group for a tag in none (the platform's index type, which np.bincount counts as is).
        self.dense_to_bin = np.zeros(0, dtype=np.intp)
        # The dense tags in a group, and their groups (for counting tag by tag, then by group).
        self.grouped_tags = np.zeros(0, dtype=bool)
        self.grouped_groups = np.zeros(0, dtype=np.int32)
        self.group_types: dict[str, np.ndarray] = {}
        self.group_type_codes = np.zeros(0, dtype=np.int8)
        # The dense groups of facet types, type by type (FACET_TYPES' order); type i's are
        # facet_groups[facet_bounds[i]:facet_bounds[i + 1]].
        self.facet_groups = np.zeros(0, dtype=np.int64)
        self.facet_bounds = [0] * (len(FACET_TYPES) + 1)
        self.group_name_rank = np.zeros(0, dtype=np.int32)
        # Change stamps: which logged change last touched each work, the tags, or the whole index
        # (caches of rendered works key on them; see `work_stamp`).
        self.stamps = Column(np.int64)
        self.tags_stamp = 0
        self.built_stamp = 0
        self._orders: dict[str, SortedOrder] = {}
        # For each of COUNTED_SETS, once asked for: the works of that set carrying each dense
        # group, kept up to date by work_add and work_remove (see `group_counts_of`).
        self._set_counts: dict[str, np.ndarray] = {}
        # Each series' works, and per COUNTED_SETS its kept figures (see `series_of`).
        self.series = SeriesIndex()
        # Each creator's works, and per COUNTED_SETS how many each creator has (see
        # `creator_counts`).
        self.creator_works = CreatorWorks()

    # ---- tags -----------------------------------------------------------------------------------

    def tags_load(self, records: list[TagRecord]) -> None:
        """Replace tag names, types and synonym groups (work membership is kept)."""
        old_groups = {t: self.group_of(t) for t in self.tag_works if t in self.tags}
        old_group_ids = self.group_ids
        self.tags = {r.id: r for r in records}
        for r in records:
            if r.id not in self.tag_dense:
                self.tag_dense[r.id] = len(self.dense_tag_ids)
                self.dense_tag_ids.append(r.id)
        self.by_name = {r.name.casefold(): r.id for r in records}
        self.group_members = {}
        for r in records:
            group = r.group if r.group in self.tags else r.id
            self.group_members.setdefault(group, []).append(r.id)
        self.group_ids = sorted(self.group_members)
        self.group_dense = {g: i for i, g in enumerate(self.group_ids)}
        mapping = np.full(len(self.dense_tag_ids), -1, dtype=np.int32)
        for group, members in self.group_members.items():
            for tag_id in members:
                mapping[self.tag_dense[tag_id]] = self.group_dense[group]
        self.dense_to_group = mapping
        self.dense_to_bin = np.where(mapping >= 0, mapping, len(self.group_ids)).astype(np.intp)
        self.grouped_tags = mapping >= 0
        self.grouped_groups = mapping[self.grouped_tags]
        by_type: dict[str, list[int]] = {}
        for dense, group in enumerate(self.group_ids):
            by_type.setdefault(self.tags[group].type, []).append(dense)
        self.group_types = {t: np.array(v, dtype=np.int64) for t, v in by_type.items()}
        # Each dense group's place in FACET_TYPES (-1: not a facet), to sort counted groups.
        codes = np.full(len(self.group_ids), -1, dtype=np.int8)
        for code, facet_type in enumerate(FACET_TYPES):
            codes[self.group_types.get(facet_type, np.zeros(0, np.int64))] = code
        self.group_type_codes = codes
        by_code = np.argsort(codes, kind="stable")
        by_code = by_code[codes[by_code] >= 0]
        self.facet_groups = by_code.astype(np.int64)
        self.facet_bounds = np.searchsorted(
            codes[by_code], np.arange(len(FACET_TYPES) + 1)
        ).tolist()
        # Each dense group's place in name order (ties by id), so that tied counts are ordered
        # without reading every tied tag's record: in a forked worker, reading an object writes
        # its reference count and copies its page.
        by_name = sorted(
            range(len(self.group_ids)),
            key=lambda dense: self.tags[self.group_ids[dense]].name.casefold(),
        )
        self.group_name_rank = np.empty(len(by_name), dtype=np.int32)
        self.group_name_rank[by_name] = np.arange(len(by_name), dtype=np.int32)
        self._group_cache.clear()
        self._group_order = None
        self.tag_derived = {}
        if any(t not in self.tags or self.group_of(t) != g for t, g in old_groups.items()):
            # A tag with works changed groups: works may now carry two tags of one group, and
            # the kept counts are made afresh when next asked for.
            self._duplicates_mark()
            self._set_counts = {}
        else:
            self._set_counts_regroup(old_group_ids)

    def _duplicates_mark(self) -> None:
        """Add to `duplicate_groups` every work carrying two tags of one synonym group."""
        for members in self.group_members.values():
            if len(members) > 1:
                seen = BitMap()
                for tag_id in members:
                    works = self.tag_works.get(tag_id)
                    if works:
                        self.duplicate_groups |= seen & works
                        seen |= works

    def _set_counts_regroup(self, old_group_ids: list[int]) -> None:
        """Carry the kept counts over when every tag with works stayed in its group (new tags,
        renames): each group's count is unchanged, only its dense number moves."""
        if not self._set_counts:
            return
        kept = [
            (i, self.group_dense[g]) for i, g in enumerate(old_group_ids) if g in self.group_dense
        ]
        old_places = np.array([i for i, _ in kept], dtype=np.int64)
        new_places = np.array([j for _, j in kept], dtype=np.int64)
        for name, counts in self._set_counts.items():
            moved = np.zeros(len(self.group_ids), dtype=np.int64)
            moved[new_places] = counts[old_places]
            self._set_counts[name] = moved

    def group_of(self, tag_id: int) -> int:
        record = self.tags[tag_id]
        return record.group if record.group in self.tags else record.id

    def tag_lookup(self, name: str) -> TagRecord | None:
        """The tag called `name` (any case), or None."""
        tag_id = self.by_name.get(name.strip().casefold())
        return self.tags.get(tag_id) if tag_id is not None else None

    def group_works(self, group: int) -> BitMap:
        """Works tagged with the canonical tag `group` or any of its synonyms (not to be changed:
        for a tag without synonyms it is the tag's own bitmap)."""
        # Once prepared, one lookup: the group's member list and ids are not touched (in a
        # forked worker, touching an object writes its reference count and copies its page).
        cached = self._group_cache.get(group)
        if cached is None:
            members = self.group_members.get(group, [])
            if len(members) == 1:
                cached = self.tag_works.get(members[0])
                if cached is None:
                    return BitMap()
            else:
                present = [self.tag_works[t] for t in members if t in self.tag_works]
                cached = BitMap.union(*present) if present else BitMap()
            self._group_cache[group] = cached
        return cached

    def prepare(self) -> None:
        """Make now what queries would otherwise make on first use (each group's bitmap, the
        groups by popularity, the presorted order of every number column, the kept counts per
        group), so that processes forked from this one share them instead of each making its
        own copy."""
        for group in self.group_members:
            self.group_works(group)
        for facet_type in FACET_TYPES:
            self.group_order(facet_type)
        for column in NUMBER_COLUMNS:
            self.order(column)
        for name in COUNTED_SETS:  # the browse pages' counts
            self.group_counts_of(name)
            self.series_of(name).order()
            self.creator_counts(name, ())

    # ---- works ----------------------------------------------------------------------------------

    def _flag_bitmaps(self) -> tuple[BitMap, ...]:
        """The per-work flag sets: every work id is in `all` and in any of the others it has."""
        return (
            self.all,
            self.public,
            self.posted,
            self.complete,
            self.single_chapter,
            self.crossover,
            self.duplicate_groups,
        )

    def _orders_touch(self, work_id: int) -> None:
        for name, order in list(self._orders.items()):
            order.dirty.add(work_id)
            if len(order.dirty) > DIRTY_LIMIT:
                del self._orders[name]

    def order(self, column: str) -> SortedOrder:
        """Every work ordered by the number column `column`, descending (made on first use)."""
        found = self._orders.get(column)
        if found is None:
            ids = self.ids_array(self.all)
            found = self._orders[column] = SortedOrder(ids, self.numbers[column].take(ids))
        return found

    def work_remove(self, work_id: int) -> None:
        """Forget a work entirely (deleted, or about to be re-added)."""
        self._orders_touch(work_id)
        if work_id not in self.all:
            return
        self._set_counts_add(work_id, -1)
        self.creator_works.count_change(work_id, self._counted_sets(), -1)
        self.creator_works.work_forget(work_id)
        for bitmap in self._flag_bitmaps():
            bitmap.discard(work_id)
        for bitmap in self.languages.values():
            bitmap.discard(work_id)
        start = int(self.tag_start.data[work_id])
        length = int(self.tag_length.data[work_id])
        for dense in self.tag_data[start : start + length].tolist():
            tag_id = self.dense_tag_ids[dense]
            self.tag_works[tag_id].discard(work_id)
            if tag_id in self.tags:
                self._group_cache.pop(self.group_of(tag_id), None)
        self.tag_length.data[work_id] = 0
        self._group_order = None
        self._series_refresh(self.series.work_forget(work_id))

    def work_add(self, work: WorkRecord) -> None:
        """Add or replace one work (tags must already be loaded)."""
        wid = work.id
        self._orders_touch(wid)
        self.work_remove(wid)
        self.all.add(wid)
        if not work.draft and not work.hidden:
            self.posted.add(wid)
            if not work.restricted:
                self.public.add(wid)
        if work.expected_chapters is not None and work.chapters >= work.expected_chapters:
            self.complete.add(wid)
        if work.chapters <= 1 and work.expected_chapters in (None, 1):
            self.single_chapter.add(wid)
        self.languages.setdefault(work.language, BitMap()).add(wid)
        for name in NUMBER_COLUMNS:
            self.numbers[name].set(wid, getattr(work, name))
        self.titles.set(wid, text_sort_string(work.title))
        self.creators.set(wid, text_sort_string(work.creator))
        self.title_keys.set(wid, text_sort_key(work.title))
        self.creator_keys.set(wid, text_sort_key(work.creator))
        known = [t for t in work.tag_ids if t in self.tag_dense]
        self._tags_store(wid, [self.tag_dense[t] for t in known])
        groups = set()
        fandoms = set()
        for tag_id in known:
            self.tag_works.setdefault(tag_id, BitMap()).add(wid)
            group = self.group_of(tag_id)
            self._group_cache.pop(group, None)
            if group in groups:
                self.duplicate_groups.add(wid)
            groups.add(group)
            if self.tags[tag_id].type == "fandom":
                fandoms.add(group)
        if len(fandoms) > 1:
            self.crossover.add(wid)
        self._group_order = None
        self._set_counts_add(wid, 1)
        self.creator_works.work_join(wid, work.creator_ids)
        self.creator_works.count_change(wid, self._counted_sets(), 1)
        self._series_refresh(self.series.work_join(wid, work.series_ids))

    def _counted_sets(self) -> dict[str, BitMap]:
        return {name: getattr(self, name) for name in COUNTED_SETS}

    def creator_counts(self, name: str, creator_ids: Iterable[int]) -> list[int]:
        """For each of `creator_ids`: how many of the creator's works are in the flag set `name`
        (one of COUNTED_SETS). Counted once over the set when first asked for, then kept up to
        date with every work added or removed: reading costs the creators asked about, however
        large the archive or their lists of works."""
        self.creator_works.counts_of(name, getattr(self, name))
        return self.creator_works.counted(name, creator_ids)

    def _series_refresh(self, series: tuple[int, ...]) -> None:
        if series and self.series.sets:
            flag_sets = {name: getattr(self, name) for name in self.series.sets}
            self.series.refresh(series, flag_sets, self.numbers["updated"])

    def series_of(self, name: str) -> SeriesInSet:
        """The kept figures of every series for the flag set `name` (one of COUNTED_SETS): how
        many of its works are in the set, their latest update, and the series in update order.
        Counted once when first asked for, then kept up to date with every work added or removed.
        Read only: it is the index's own."""
        return self.series.set_of(name, getattr(self, name), self.numbers["updated"])

    def _set_counts_add(self, work_id: int, change: int) -> None:
        """Count the work in (`change` 1) or out of (-1) the kept counts of the sets it is in."""
        if not self._set_counts:
            return
        start = int(self.tag_start.data[work_id])
        groups = self.dense_to_group[
            self.tag_data[start : start + int(self.tag_length.data[work_id])]
        ]
        groups = np.unique(groups[groups >= 0])
        for name, counts in self._set_counts.items():
            if work_id in getattr(self, name):
                counts[groups] += change

    def group_counts_of(self, name: str) -> np.ndarray:
        """For each dense group: how many works of the flag set `name` (one of COUNTED_SETS)
        carry the group's canonical tag or a synonym. Counted once over the set when first asked
        for, then kept up to date with every work added or removed: reading it costs nothing
        however large the archive. Read only: the array is the index's own."""
        counts = self._set_counts.get(name)
        if counts is None:
            counts = self.group_counts_among(self.ids_array(getattr(self, name)))
            self._set_counts[name] = counts
        return counts

    def top_of_counts(self, counts: np.ndarray, *, top: int) -> dict[str, list[FacetCount]]:
        """The `top` canonical tags of each facet type by `counts` (one per dense group), ties
        broken by name; groups counted 0 are left out."""
        counted = counts[self.facet_groups]
        present = np.flatnonzero(counted)
        cuts = np.searchsorted(present, self.facet_bounds).tolist()  # each type's counted groups
        result: dict[str, list[FacetCount]] = {}
        for code, facet_type in enumerate(FACET_TYPES):
            where = present[cuts[code] : cuts[code + 1]]
            members, sub = self.facet_groups[where], counted[where]
            if len(sub) > top:
                # Everything tied with the top-th count is kept, so names break ties as elsewhere.
                threshold = np.partition(sub, len(sub) - top)[len(sub) - top]
                best = np.flatnonzero(sub >= threshold)
                members, sub = members[best], sub[best]
            ranked = np.lexsort((self.group_name_rank[members], -sub))[:top]
            result[facet_type] = [
                self._facet(self.group_ids[group], count)
                for group, count in zip(members[ranked].tolist(), sub[ranked].tolist(), strict=True)
            ]
        return result

    def work_stamp(self, work_id: int) -> tuple[int, int, int]:
        """What changes whenever anything shown of the work may have changed: the last change to
        the work, to any tag, or a rebuild."""
        data = self.stamps.data
        own = int(data[work_id]) if work_id < len(data) else 0
        return (own, self.tags_stamp, self.built_stamp)

    def _tags_store(self, work_id: int, dense: list[int]) -> None:
        needed = self.tag_used + len(dense)
        if needed > len(self.tag_data):
            grown = np.zeros(max(needed, len(self.tag_data) * 2), dtype=np.int32)
            grown[: self.tag_used] = self.tag_data[: self.tag_used]
            self.tag_data = grown
        self.tag_data[self.tag_used : needed] = dense
        self.tag_start.set(work_id, self.tag_used)
        self.tag_length.set(work_id, len(dense))
        self.tag_used = needed

    def bulk_load(self, works: list[WorkRecord]) -> None:
        """Add many works at once (a first build)."""
        for work in works:
            self.work_add(work)

    # ---- reading --------------------------------------------------------------------------------

    def ids_array(self, bitmap: BitMap) -> np.ndarray:
        return np.frombuffer(bitmap.to_array(), dtype=np.uint32).astype(np.int64)

    def group_order(self, facet_type: str) -> list[int]:
        """Canonical groups of one type, most used first (for early-stopping facet counts)."""
        if self._group_order is None:
            order: dict[str, list[tuple[int, int]]] = {t: [] for t in FACET_TYPES}
            for group in self.group_ids:
                record = self.tags[group]
                if record.type in order:
                    order[record.type].append((len(self.group_works(group)), group))
            self._group_order = {
                t: [g for _, g in sorted(pairs, reverse=True)] for t, pairs in order.items()
            }
        return self._group_order.get(facet_type, [])

    def facets(
        self, ids: np.ndarray, bitmap: BitMap | None, *, top: int = 10
    ) -> dict[str, list[FacetCount]]:
        """The `top` canonical tags of each type among the works `ids` (the same set as `bitmap`)."""
        if len(ids) >= max(LARGE_RESULT, len(self.all) * LARGE_SHARE):
            if bitmap is None:
                bitmap = bitmap_of(ids)
            return {t: self._facets_by_bitmaps(bitmap, t, top) for t in FACET_TYPES}
        # Only the groups some work here carries: few for a small result, whatever the archive.
        return self.top_of_counts(self.group_counts_among(ids), top=top)

    def group_counts_among(self, ids: np.ndarray) -> np.ndarray:
        """For each dense group: how many of the works `ids` carry it (a synonym and its
        canonical tag on one work count once); costs time in proportion to `ids`."""
        n_groups = len(self.group_ids)
        if len(ids) == 0 or n_groups == 0:
            return np.zeros(n_groups, dtype=np.int64)
        starts = self.tag_start.take(ids)
        lengths = self.tag_length.take(ids).astype(np.int64, copy=False)
        ends = np.cumsum(lengths)
        total = int(ends[-1])
        if total == 0:
            return np.zeros(n_groups, dtype=np.int64)
        positions = np.arange(total, dtype=np.int64)
        positions += np.repeat(starts - (ends - lengths), lengths)
        # np.take gathers faster than indexing.
        tags = np.take(self.tag_data, positions)
        if total < len(self.dense_to_group):
            # A tag in no group falls in the last bin, cut off.
            counts = np.bincount(np.take(self.dense_to_bin, tags), minlength=n_groups + 1)
            counts = counts[:n_groups]
        else:
            # Many tags: count each dense tag, then add each group's tags together.
            per_tag = np.bincount(tags, minlength=len(self.dense_to_group))
            grouped = self.grouped_tags
            counts = np.bincount(
                self.grouped_groups, weights=per_tag[: len(grouped)][grouped], minlength=n_groups
            ).astype(np.int64)
        if len(self.duplicate_groups):
            # A work tagged with a tag and its synonym counts once for the group.
            present = BitMap(ids[np.isin(ids, self.ids_array(self.duplicate_groups))].tolist())
            for wid in present:
                start = int(self.tag_start.data[wid])
                seen = self.dense_to_group[
                    self.tag_data[start : start + int(self.tag_length.data[wid])]
                ]
                unique, times = np.unique(seen, return_counts=True)
                for group, n in zip(unique.tolist(), times.tolist(), strict=True):
                    if group >= 0 and n > 1:
                        counts[group] -= n - 1
        return counts

    def _facets_by_bitmaps(self, bitmap: BitMap, facet_type: str, top: int) -> list[FacetCount]:
        best: list[tuple[int, int]] = []
        for group in self.group_order(facet_type):
            works = self.group_works(group)
            if len(best) >= top and len(works) < best[-1][0]:
                break
            count = bitmap.intersection_cardinality(works)
            if count:
                best.append((count, group))
                best.sort(key=lambda r: (-r[0], self.tags[r[1]].name.casefold()))
                del best[top:]
        return [self._facet(g, c) for c, g in best]

    def _facet(self, group: int, count: int) -> FacetCount:
        record = self.tags[group]
        return FacetCount(tag_id=group, name=record.name, type=record.type, count=count)

    def memory_bytes(self) -> int:
        """What the index holds in memory, counted by walking it: numpy buffers, roaring bitmaps
        (containers and their bookkeeping, as the allocator hands them out), and every Python
        object it keeps (dicts, lists, records, strings, numbers), each once. A process that
        drops the index gets about this much back (tests/search/test_index_memory.py)."""
        return deep_size(self.__dict__)


# What a roaring bitmap costs beyond its values, by how CRoaring allocates: the Python wrapper
# and the bitmap's header, one array of (key, container pointer, type) per container, and per
# container a small header block and a block for its values; glibc rounds each block up.
def _block(size: int) -> int:
    """The bytes glibc's malloc takes for a request of `size` (8 of header, 16-byte steps)."""
    return max(32, (size + 8 + 15) // 16 * 16)


def bitmap_bytes(bitmap: AbstractBitMap) -> int:
    """Bytes a roaring bitmap takes in memory (its serialized size undercounts small bitmaps,
    whose per-container bookkeeping outweighs their values, several times over)."""
    stats = bitmap.get_statistics()
    containers = stats["n_containers"]
    total = type(bitmap).__basicsize__ + _block(40)
    if containers:
        total += _block(11 * containers) + containers * _block(16)
    arrays, runs = stats["n_array_containers"], stats["n_run_containers"]
    if arrays:
        total += arrays * _block(stats["n_bytes_array_containers"] // arrays)
    if runs:
        total += runs * _block(stats["n_bytes_run_containers"] // runs)
    total += stats["n_bitset_containers"] * _block(8192 + 32)  # aligned to 32 bytes
    return total


def deep_size(root: object) -> int:
    """Bytes held by `root` and everything reachable from it through containers, records, numpy
    arrays and roaring bitmaps (shared objects counted once; modules and classes not followed).
    Small objects are counted as the allocator rounds them (16-byte steps)."""
    total = 0
    for item in reachable_objects(root):
        if isinstance(item, AbstractBitMap):
            total += bitmap_bytes(item)
        else:
            # An array's size includes its buffer when it owns one; a view's buffer is its base's.
            total += (sys.getsizeof(item) + 15) // 16 * 16
    return total


def reachable_objects(root: object) -> Iterator[object]:
    """`root` and every object reachable from it, each once: a bitmap is not looked into, an
    array leads to the array whose buffer it views, anything else to what it holds."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        item = stack.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        yield item
        if isinstance(item, AbstractBitMap):
            continue
        if isinstance(item, np.ndarray):
            if item.base is not None:
                stack.append(item.base)
        else:
            stack.extend(held_objects(item))


def held_objects(item: object) -> list[object]:
    """What a container or record holds, as the index's walks follow it: a dict's keys and
    values, a list's or set's items, a record's slots or attributes (classes not followed)."""
    if isinstance(item, dict):
        return [*item.keys(), *item.values()]
    if isinstance(item, list | tuple | set | frozenset):
        return list(item)
    if hasattr(item, "__slots__") and not isinstance(item, type):
        return [getattr(item, name) for name in item.__slots__ if hasattr(item, name)]
    if hasattr(item, "__dict__") and not isinstance(item, type):
        return [item.__dict__]
    return []
