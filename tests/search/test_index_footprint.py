"""Where the index lies in memory (for `bench pages`): every part of it found, sizes that agree."""

import itertools

import numpy as np
from pyroaring import BitMap
from tests.search.test_bitmap_index import _archive, _bulk

from ficarchive.search.bitmaps.footprint import _bitmap_ranges, index_address_ranges, page_ranges


def test_bitmaps_of_every_container_kind_are_walked():
    """Array, bitset and run containers are all found, each with room for its values."""
    runs = BitMap(range(10, 90_000))
    runs.run_optimize()
    bitmaps = {
        "empty": BitMap(),
        "array": BitMap([1, 70_000, 140_000]),
        "bitset": BitMap(np.arange(0, 200_000, 3, dtype=np.uint32)),
        "run": runs,
    }
    for name, bitmap in bitmaps.items():
        ranges = _bitmap_ranges(bitmap)
        assert ranges is not None, name
        walked = sum(high - low for low, high in ranges)
        assert walked >= len(bitmap.serialize()) - 16, name  # the values are all inside


def test_the_whole_index_is_found_and_agrees_with_memory_bytes():
    """Walking the index's addresses finds every bitmap and about the bytes memory_bytes counts."""
    tags, records = _archive(works=3000)
    index = _bulk(tags, records)
    index.prepare()
    ranges, unwalked = index_address_ranges(vars(index))
    assert unwalked == 0
    walked = sum(high - low for low, high in ranges)
    assert abs(walked - index.memory_bytes()) <= 0.1 * index.memory_bytes()
    spans = page_ranges(ranges)
    assert all(low % 4096 == 0 and high % 4096 == 0 and low < high for low, high in spans)
    assert all(a[1] < b[0] for a, b in itertools.pairwise(spans))  # merged, in order
    covered = sum(high - low for low, high in spans)
    assert walked <= covered
