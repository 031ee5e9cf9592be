"""Which works each owner holds (a series its parts, a creator their works), and each work's
owners, kept compactly for the work index.

A million works may sit with hundreds of thousands of owners: each owner's works are a sorted
array of ids (no Python int per work), each work's first owner sits in a numpy column, and only
works with two or more owners take a dictionary entry.
"""

from __future__ import annotations

import array
import bisect
import contextlib
from collections.abc import Iterable

import numpy as np
from pyroaring import BitMap

from ficarchive.search.bitmaps.columns import Column


class Memberships:
    """Owner -> works and work -> owners, both ways, kept in step (owner ids are positive)."""

    def __init__(self) -> None:
        self.works: dict[int, array.array[int]] = {}  # owner id -> its work ids, sorted
        self.first = Column(np.int32)  # work id -> its first owner (0: none)
        self.more: dict[int, tuple[int, ...]] = {}  # work id -> every owner, when 2 or more

    def owners_of(self, work_id: int) -> tuple[int, ...]:
        """The owners of the work, smallest id first."""
        found = self.more.get(work_id)
        if found is not None:
            return found
        if work_id < len(self.first.data) and self.first.data[work_id]:
            return (int(self.first.data[work_id]),)
        return ()

    def works_of(self, owner: int) -> BitMap:
        """The works of an owner (empty when it has none); a new bitmap, the caller's own."""
        return BitMap(self.works.get(owner, ()))

    def fill(self, pair_owners: np.ndarray, pair_works: np.ndarray) -> None:
        """Load every (owner id, work id) pair at once (a first build, into an empty index)."""
        if len(pair_owners) == 0:
            return
        by_owner = np.lexsort((pair_works, pair_owners))
        owners, works = pair_owners[by_owner], pair_works[by_owner].astype(np.uint32)
        cuts = np.flatnonzero(np.diff(owners)) + 1
        starts = np.concatenate(([0], cuts)).tolist()
        ends = np.concatenate((cuts, [len(owners)])).tolist()
        for start, end in zip(starts, ends, strict=True):
            self.works[int(owners[start])] = array.array("I", works[start:end].tobytes())
        by_work = np.lexsort((owners, works))
        works, owners = works[by_work].astype(np.int64), owners[by_work]
        firsts = np.ones(len(works), dtype=bool)
        firsts[1:] = works[1:] != works[:-1]
        self.first.ensure(int(works.max()))
        self.first.data[works[firsts]] = owners[firsts]
        shared = np.flatnonzero(~firsts)
        for work_id in np.unique(works[shared]).tolist():
            lo, hi = np.searchsorted(works, [work_id, work_id + 1])
            self.more[work_id] = tuple(owners[lo:hi].tolist())

    def work_forget(self, work_id: int) -> tuple[int, ...]:
        """Take a work from its owners; returns those owners."""
        owners = self.owners_of(work_id)
        if not owners:
            return ()
        self.first.data[work_id] = 0
        self.more.pop(work_id, None)
        for owner in owners:
            works = self.works.get(owner)
            if works is not None:
                with contextlib.suppress(ValueError):
                    works.remove(work_id)
                if not works:
                    del self.works[owner]
        return owners

    def work_join(self, work_id: int, owners: Iterable[int]) -> tuple[int, ...]:
        """Give a work these owners (after `work_forget`); returns them, smallest id first."""
        joined = tuple(sorted(set(owners)))
        if not joined:
            return ()
        self.first.set(work_id, joined[0])
        if len(joined) > 1:
            self.more[work_id] = joined
        for owner in joined:
            works = self.works.setdefault(owner, array.array("I"))
            place = bisect.bisect_left(works, work_id)
            if place == len(works) or works[place] != work_id:
                works.insert(place, work_id)
        return joined
