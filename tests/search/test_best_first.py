"""The Tantivy backend's ranking order, sorted a batch at a time, against one full sort."""

from __future__ import annotations

import numpy as np
import pytest

from ficarchive.search.backends.tantivy_engine import BATCH_GROWTH, FIRST_BATCH, best_first


@pytest.mark.parametrize(
    "size", [0, 1, 5, FIRST_BATCH, FIRST_BATCH * BATCH_GROWTH + 1, 3 * FIRST_BATCH**2, 20_000]
)
def test_batches_give_the_order_of_one_full_sort(size):
    """Best score first, newer id first among equal scores, every id once, at any size."""
    rng = np.random.default_rng(size)
    ids = rng.permutation(size * 3)[:size].astype(np.int64)
    scores = rng.integers(0, 40, size).astype(np.float64) / 4  # many ties
    expected = ids[np.lexsort((-ids, -scores))].tolist()
    assert list(best_first(ids, scores)) == expected


def test_a_reader_that_stops_early_gets_the_best_ones():
    """Taking the first few of thousands gives the few best, ties broken by newer id."""
    ids = np.arange(10_000, dtype=np.int64)
    scores = np.zeros(10_000)
    scores[[17, 4000, 9000]] = 2.0
    scores[[5, 6]] = 1.5
    stream = best_first(ids, scores)
    assert [next(stream) for _ in range(6)] == [9000, 4000, 17, 6, 5, 9999]
