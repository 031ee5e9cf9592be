"""The first pages of a large result set from a presorted order, not a sort of the whole set.

The front page, a tag with half the archive, or any listing of most works asks for the top 20 by
date among hundreds of thousands: a partial sort of them all costs time in proportion to the
archive. Instead each sort column keeps the ids ordered once (`SortedOrder`); a page walks that
order from the top, in growing chunks, keeping the ids in the result set. Works changed since the
order was made are skipped in it and merged in from a small list sorted on the spot, so the order
stays right between rebuilds.
"""

from __future__ import annotations

import numpy as np
from pyroaring import BitMap

from ficarchive.search.bitmaps.columns import bitmap_of

# A changed work costs a place in `dirty`; past this many the order is made again.
DIRTY_LIMIT = 20_000
FIRST_CHUNK = 2048


def _descending(ids: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Positions that put `ids` by value, then id, both descending (ties newest first). Two sort
    keys, not one packed integer: a value past 2**31 (a date after 2038) would overflow it."""
    return np.lexsort((-ids.astype(np.int64), -values.astype(np.int64)))


class SortedOrder:
    """Ids of every work, by one column descending (ties by id descending), made once."""

    def __init__(self, ids: np.ndarray, values: np.ndarray) -> None:
        self.order = ids[_descending(ids, values)].astype(np.uint32)
        self.dirty = BitMap()

    def top(self, members: BitMap, column: np.ndarray, offset: int, limit: int) -> list[int]:
        """The members at [offset, offset+limit) in this order; `column` holds current values."""
        wanted = offset + limit
        found: list[np.ndarray] = []
        count = 0
        position, chunk = 0, FIRST_CHUNK
        clean = members - self.dirty if self.dirty else members
        while count < wanted and position < len(self.order):
            part = self.order[position : position + chunk]
            position += chunk
            chunk *= 2
            # The chunk's members, found by one bitmap intersection (never a pass over the
            # whole archive), kept in the chunk's order.
            present = clean & bitmap_of(part)
            if not present:
                continue
            inside = np.frombuffer(present.to_array(), dtype=np.uint32)
            keep = part[np.isin(part, inside, assume_unique=True)]
            if len(keep):
                found.append(keep)
                count += len(keep)
        base = np.concatenate(found)[:wanted].astype(np.int64) if found else np.zeros(0, np.int64)
        changed = members & self.dirty
        if changed:
            extra = np.frombuffer(changed.to_array(), dtype=np.uint32).astype(np.int64)
            base = np.concatenate([base, extra])
        if len(base) == 0:
            return []
        ordered = base[_descending(base, column[base])]
        page: list[int] = ordered[offset:wanted].tolist()
        return page
