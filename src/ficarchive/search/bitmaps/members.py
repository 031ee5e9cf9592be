"""Which works each owner holds (a series its parts, a creator their works), and each work's
owners, kept compactly for the work index.

A million works may sit with hundreds of thousands of owners, so no owner costs a Python object:
what the first build read is one numpy array of work ids grouped by owner, with each owner's start
and length in columns; each work's first owner sits in a column, and only works with two or more
owners take a dictionary entry. Changes since the build go beside it: the works whose built
owners no longer stand (`left`), and each owner's works joined since (`added`, a few).
Reading touches numpy buffers only, so a worker forked from the process that built the index
copies none of its pages by reading.
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
        self._clear()

    def _clear(self) -> None:
        self.built = np.zeros(0, dtype=np.uint32)  # work ids grouped by owner, sorted in each
        self.built_start = Column(np.int64)  # owner -> where its works start in `built`
        self.built_count = Column(np.int32)  # owner -> how many works it had at the build
        self.left = BitMap()  # works changed since the build: their built owners no longer hold
        self.added: dict[int, array.array[int]] = {}  # owner -> works joined since, sorted
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
        """The works of an owner (empty when it has none); a new bitmap, the caller's own.
        Costs the owner's works, read from buffers (no Python int per work)."""
        found = BitMap()
        if 0 < owner < len(self.built_count.data) and self.built_count.data[owner]:
            start = int(self.built_start.data[owner])
            end = start + int(self.built_count.data[owner])
            found = BitMap(array.array("I", self.built[start:end].tobytes()))
            if self.left:
                found -= self.left
        joined = self.added.get(owner)
        if joined:
            found |= BitMap(joined)
        return found

    def pairs_in(self, flag_set: BitMap) -> tuple[np.ndarray, np.ndarray]:
        """Every (owner id, work id) membership of the works in `flag_set`, as two arrays (to
        count over all owners at once: a pass over the works, made once per kept set)."""
        works = np.flatnonzero(self.first.data)
        owners = self.first.data[works].astype(np.int64)
        extra = [(owner, w) for w, every in self.more.items() for owner in every[1:]]
        if extra:
            more = np.array(extra, dtype=np.int64)
            owners = np.concatenate((owners, more[:, 0]))
            works = np.concatenate((works, more[:, 1]))
        members = np.frombuffer(flag_set.to_array(), dtype=np.uint32)
        inside = np.zeros(int(works.max()) + 1 if len(works) else 0, dtype=bool)
        inside[members[members < len(inside)]] = True
        keep = inside[works]
        return owners[keep], works[keep].astype(np.int64)

    def fill(self, pair_owners: np.ndarray, pair_works: np.ndarray) -> None:
        """Load every (owner id, work id) pair at once (a first build, into an empty index)."""
        self._clear()
        if len(pair_owners) == 0:
            return
        by_owner = np.lexsort((pair_works, pair_owners))
        owners, works = pair_owners[by_owner], pair_works[by_owner]
        keep = np.ones(len(owners), dtype=bool)  # a pair given twice counts once
        keep[1:] = (owners[1:] != owners[:-1]) | (works[1:] != works[:-1])
        owners, works = owners[keep], works[keep]
        self.built = works.astype(np.uint32)
        counts = np.bincount(owners)
        self.built_count.ensure(len(counts) - 1)
        self.built_start.ensure(len(counts) - 1)
        self.built_count.data[: len(counts)] = counts
        self.built_start.data[: len(counts)] = np.cumsum(counts) - counts
        by_work = np.lexsort((owners, works))
        works, owners = works[by_work], owners[by_work]
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
        self.left.add(work_id)
        for owner in owners:
            joined = self.added.get(owner)
            if joined is not None:
                with contextlib.suppress(ValueError):
                    joined.remove(work_id)
                if not joined:
                    del self.added[owner]
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
            works = self.added.setdefault(owner, array.array("I"))
            place = bisect.bisect_left(works, work_id)
            if place == len(works) or works[place] != work_id:
                works.insert(place, work_id)
        return joined
