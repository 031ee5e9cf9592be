"""Creators in the work index: which works each creator holds, and, for each flag set whose counts
the index keeps (staff, members, guests), how many of each creator's works are in the set.

`/users/` reads its counts from here and a creator's page filters with the creator's works: a page
costs the creators it shows, never a pass over the authorships or the works, however many works
the archive or the creator has. Each work added or removed moves only its own creators' counts.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from pyroaring import BitMap

from ficarchive.search.bitmaps.columns import Column
from ficarchive.search.bitmaps.members import Memberships


class CreatorWorks(Memberships):
    """Each creator's works (`Memberships`: creators are the owners, by creator id), and per
    kept flag set how many of them are in the set (made on first use, then kept up to date)."""

    def __init__(self) -> None:
        super().__init__()
        self.counts: dict[str, Column] = {}

    def fill(self, pair_owners: np.ndarray, pair_works: np.ndarray) -> None:
        """Load every (creator id, work id) authorship at once (a first build)."""
        super().fill(pair_owners, pair_works)
        self.counts = {}

    def counts_of(self, name: str, flag_set: BitMap) -> Column:
        """How many works of the flag set `name` (whose works are `flag_set`) each creator has,
        by creator id: counted once over the set when first asked for, then kept up to date by
        `count_change`. Read only: the column is the index's own."""
        kept = self.counts.get(name)
        if kept is None:
            kept = Column(np.int32)
            owners, _ = self.pairs_in(flag_set)
            if len(owners):
                kept.ensure(int(owners.max()))
                kept.data += np.bincount(owners, minlength=len(kept.data)).astype(np.int32)
            self.counts[name] = kept
        return kept

    def count_change(self, work_id: int, flag_sets: dict[str, BitMap], change: int) -> None:
        """Count the work in (`change` 1, after it joined its creators) or out of (-1, before it
        leaves them) the kept counts of every kept set it is in (`flag_sets`: each set's works)."""
        if not self.counts:
            return
        owners = self.owners_of(work_id)
        for name, kept in self.counts.items():
            if owners and work_id in flag_sets[name]:
                kept.ensure(max(owners))
                kept.data[list(owners)] += change

    def counted(self, name: str, creator_ids: Iterable[int]) -> list[int]:
        """The kept count of set `name` (made already, see `counts_of`) for each creator id."""
        data = self.counts[name].data
        return [int(data[c]) if 0 <= c < len(data) else 0 for c in creator_ids]
