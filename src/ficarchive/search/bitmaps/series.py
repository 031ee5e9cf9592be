"""Series in the work index: which works each series holds, and, for each flag set whose counts
the index keeps (staff, members, guests), how many of a series' works are in the set, the latest
update among them, and every series with such a work ordered by that update.

`/series/` and `/opds/series/` read their totals, order and counts from here: a page costs the
series it shows, never a pass over the series parts or the works. Each work added or removed
brings only its own series' figures up to date (a series has few parts).
"""

from __future__ import annotations

import array
import bisect
import contextlib
from collections.abc import Iterable

import numpy as np
from pyroaring import BitMap

from ficarchive.search.bitmaps.columns import Column
from ficarchive.search.bitmaps.ordered import DIRTY_LIMIT, SortedOrder


class SeriesInSet:
    """One flag set's view of every series: works in the set, their latest update, and the
    series with at least one such work (`present`), most recently updated first (`top`)."""

    def __init__(self) -> None:
        self.count = Column(np.int32)
        self.latest = Column(np.int64)
        self.present = BitMap()
        self._order: SortedOrder | None = None

    def store(self, series_id: int, count: int, latest: int) -> None:
        """Set one series' figures (the order follows on its next read)."""
        self.count.set(series_id, count)
        self.latest.set(series_id, latest)
        if count:
            self.present.add(series_id)
        else:
            self.present.discard(series_id)
        if self._order is not None:
            self._order.dirty.add(series_id)
            if len(self._order.dirty) > DIRTY_LIMIT:
                self._order = None

    def order(self) -> SortedOrder:
        """Every present series by latest update, newest first (ties: higher id first)."""
        if self._order is None:
            ids = np.frombuffer(self.present.to_array(), dtype=np.uint32).astype(np.int64)
            self.latest.ensure(int(ids.max()) if len(ids) else 0)
            self._order = SortedOrder(ids, self.latest.data[ids])
        return self._order

    def top(self, members: BitMap, offset: int, limit: int) -> list[int]:
        """The ids of `members` (present series) at [offset, offset+limit) in update order."""
        if not members:
            return []
        order = self.order()
        self.latest.ensure(max(members.max(), 0))
        return order.top(members, self.latest.data, offset, limit)


class SeriesIndex:
    """Which works each series holds, and the kept per-set figures of every series.

    Held compactly (a million works may sit in hundreds of thousands of series): each series'
    works as a sorted array of ids, each work's first series in a column, and only works in two
    or more series in a dictionary.
    """

    def __init__(self) -> None:
        self.works: dict[int, array.array[int]] = {}  # series id -> its work ids, sorted
        self.first = Column(np.int32)  # work id -> its first series (0: none)
        self.more: dict[int, tuple[int, ...]] = {}  # work id -> every series, when 2 or more
        self.sets: dict[str, SeriesInSet] = {}  # made on first use, then kept up to date

    def series_of_work(self, work_id: int) -> tuple[int, ...]:
        """The series the work is in."""
        found = self.more.get(work_id)
        if found is not None:
            return found
        if work_id < len(self.first.data) and self.first.data[work_id]:
            return (int(self.first.data[work_id]),)
        return ()

    def works_of(self, series_id: int) -> BitMap:
        """The works of a series (empty when it has none)."""
        return BitMap(self.works.get(series_id, ()))

    def fill(self, pair_series: np.ndarray, pair_works: np.ndarray) -> None:
        """Load every (series id, work id) part at once (a first build)."""
        if len(pair_series) == 0:
            return
        by_series = np.lexsort((pair_works, pair_series))
        series, works = pair_series[by_series], pair_works[by_series].astype(np.uint32)
        cuts = np.flatnonzero(np.diff(series)) + 1
        starts = np.concatenate(([0], cuts)).tolist()
        ends = np.concatenate((cuts, [len(series)])).tolist()
        for start, end in zip(starts, ends, strict=True):
            self.works[int(series[start])] = array.array("I", works[start:end].tobytes())
        by_work = np.lexsort((series, works))
        works, series = works[by_work].astype(np.int64), series[by_work]
        firsts = np.ones(len(works), dtype=bool)
        firsts[1:] = works[1:] != works[:-1]
        self.first.ensure(int(works.max()))
        self.first.data[works[firsts]] = series[firsts]
        shared = np.flatnonzero(~firsts)
        for work_id in np.unique(works[shared]).tolist():
            lo, hi = np.searchsorted(works, [work_id, work_id + 1])
            self.more[work_id] = tuple(series[lo:hi].tolist())
        self.sets = {}

    def work_forget(self, work_id: int) -> tuple[int, ...]:
        """Take a work out of its series; returns those series (their figures need a refresh)."""
        series = self.series_of_work(work_id)
        if not series:
            return ()
        self.first.data[work_id] = 0
        self.more.pop(work_id, None)
        for series_id in series:
            works = self.works.get(series_id)
            if works is not None:
                with contextlib.suppress(ValueError):
                    works.remove(work_id)
                if not works:
                    del self.works[series_id]
        return series

    def work_join(self, work_id: int, series: Iterable[int]) -> tuple[int, ...]:
        """Put a work in these series (after `work_forget`); returns them."""
        joined = tuple(sorted(set(series)))
        if not joined:
            return ()
        self.first.set(work_id, joined[0])
        if len(joined) > 1:
            self.more[work_id] = joined
        for series_id in joined:
            works = self.works.setdefault(series_id, array.array("I"))
            place = bisect.bisect_left(works, work_id)
            if place == len(works) or works[place] != work_id:
                works.insert(place, work_id)
        return joined

    def refresh(self, series: Iterable[int], flag_sets: dict[str, BitMap], updated: Column) -> None:
        """Bring the kept figures of `series` up to date in every kept set (`flag_sets`: each
        set's works; `updated`: each work's last update)."""
        for name, kept in self.sets.items():
            for series_id in series:
                count, latest = self.figures(series_id, flag_sets[name], updated)
                kept.store(series_id, count, latest)

    def figures(self, series_id: int, visible: BitMap, updated: Column) -> tuple[int, int]:
        """(works of the series in `visible`, the latest update among them; 0 when none)."""
        works = self.works.get(series_id)
        if not works:
            return 0, 0
        seen = BitMap(works) & visible
        if not seen:
            return 0, 0
        ids = np.frombuffer(seen.to_array(), dtype=np.uint32).astype(np.int64)
        return len(seen), int(updated.take(ids).max())

    def set_of(self, name: str, flag_set: BitMap, updated: Column) -> SeriesInSet:
        """The kept figures for the flag set `name` (whose works are `flag_set`): counted over
        every series part once, when first asked for, then kept up to date."""
        kept = self.sets.get(name)
        if kept is None:
            kept = SeriesInSet()
            if self.works:
                series = np.fromiter(self.works, dtype=np.int64, count=len(self.works))
                sizes = np.array([len(b) for b in self.works.values()], dtype=np.int64)
                works = np.frombuffer(
                    b"".join(ids.tobytes() for ids in self.works.values()), dtype=np.uint32
                ).astype(np.int64)
                owner = np.repeat(series, sizes)
                inside = np.isin(works, np.frombuffer(flag_set.to_array(), dtype=np.uint32))
                owner, works = owner[inside], works[inside]
                top = int(series.max())
                kept.count.ensure(top)
                kept.latest.ensure(top)
                kept.count.data[: top + 1] = np.bincount(owner, minlength=top + 1)
                updated.ensure(int(works.max()) if len(works) else 0)
                np.maximum.at(kept.latest.data, owner, updated.data[works])
                kept.present = BitMap(np.flatnonzero(kept.count.data).astype(np.uint32))
            self.sets[name] = kept
        return kept
