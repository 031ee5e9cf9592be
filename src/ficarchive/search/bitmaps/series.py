"""Series in the work index: which works each series holds, and, for each flag set whose counts
the index keeps (staff, members, guests), how many of a series' works are in the set, the latest
update among them, and every series with such a work ordered by that update.

`/series/` and `/opds/series/` read their totals, order and counts from here: a page costs the
series it shows, never a pass over the series parts or the works. Each work added or removed
brings only its own series' figures up to date (a series has few parts).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from pyroaring import BitMap

from ficarchive.search.bitmaps.columns import Column
from ficarchive.search.bitmaps.members import Memberships
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


class SeriesIndex(Memberships):
    """Which works each series holds (`Memberships`: series are the owners), and the kept
    per-set figures of every series."""

    def __init__(self) -> None:
        super().__init__()
        self.sets: dict[str, SeriesInSet] = {}  # made on first use, then kept up to date

    def fill(self, pair_owners: np.ndarray, pair_works: np.ndarray) -> None:
        """Load every (series id, work id) part at once (a first build)."""
        super().fill(pair_owners, pair_works)
        self.sets = {}

    def refresh(self, series: Iterable[int], flag_sets: dict[str, BitMap], updated: Column) -> None:
        """Bring the kept figures of `series` up to date in every kept set (`flag_sets`: each
        set's works; `updated`: each work's last update)."""
        for name, kept in self.sets.items():
            for series_id in series:
                count, latest = self.figures(series_id, flag_sets[name], updated)
                kept.store(series_id, count, latest)

    def figures(self, series_id: int, visible: BitMap, updated: Column) -> tuple[int, int]:
        """(works of the series in `visible`, the latest update among them; 0 when none)."""
        seen = self.works_of(series_id) & visible
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
            owner, works = self.pairs_in(flag_set)
            if len(owner):
                top = int(owner.max())
                kept.count.ensure(top)
                kept.latest.ensure(top)
                kept.count.data[: top + 1] = np.bincount(owner, minlength=top + 1)
                updated.ensure(int(works.max()) if len(works) else 0)
                np.maximum.at(kept.latest.data, owner, updated.data[works])
                kept.present = BitMap(np.flatnonzero(kept.count.data).astype(np.uint32))
            self.sets[name] = kept
        return kept
