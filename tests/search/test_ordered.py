"""Pages from a presorted order equal a sort of the whole result set, also after changes."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from pyroaring import BitMap

from ficarchive.search.bitmaps.columns import top_by_number
from ficarchive.search.bitmaps.ordered import SortedOrder


@settings(max_examples=60, deadline=None)
@given(
    size=st.integers(1, 3000),
    seed=st.integers(0, 10_000),
    changes=st.integers(0, 200),
    offset=st.integers(0, 2500),
    limit=st.integers(1, 60),
)
def test_presorted_pages_match_a_full_sort(size, seed, changes, offset, limit):
    """Whatever the members, ties and changed values, the page is the one a full sort gives."""
    rng = np.random.default_rng(seed)
    ids = np.arange(1, size + 1, dtype=np.int64)
    column = np.zeros(size + 1, dtype=np.int64)
    column[ids] = rng.integers(0, 50, size)  # many ties
    order = SortedOrder(ids, column[ids])
    for work_id in rng.integers(1, size + 1, changes).tolist():
        column[work_id] = int(rng.integers(0, 50))
        order.dirty.add(work_id)
    members = BitMap(ids[rng.random(size) < 0.7].tolist())
    chosen = np.array(sorted(members), dtype=np.int64)
    expected = top_by_number(
        chosen, column[chosen], offset=offset, limit=limit, descending=True
    ).tolist()
    assert order.top(members, column, offset, limit) == expected
