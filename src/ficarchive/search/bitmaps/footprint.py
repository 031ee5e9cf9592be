"""Where a `WorkIndex` lies in memory: the address ranges of everything it holds.

For measuring, not for serving: a process forked from the one that built the index shares these
pages until it writes to them (a reference count, a change applied), and then holds its own
copy; `bench pages` counts, page by page, which of them each worker copied. Python objects are
located by their address (`id`) and size, numpy buffers by their data pointer, and roaring
bitmaps by walking CRoaring's structures through the pointer pyroaring keeps: the bitmap, its
array of containers, keys and types, and each container with its values (checked against the
bitmap's own statistics; a bitmap that does not match is counted by its wrapper only).
"""

from __future__ import annotations

import ctypes
import json
import os
import sys
from pathlib import Path

import numpy as np
from pyroaring import AbstractBitMap

from ficarchive.search.bitmaps.index import reachable_objects

# CRoaring's layout (roaring.h, 0.x/1.x/2.x): roaring_bitmap_t starts with roaring_array_t
# {int32 size; int32 allocation_size; container_t **containers; uint16 *keys; uint8 *typecodes}.
BITMAP_POINTER_AT = 24  # in pyroaring's object: header (16), vtable pointer (8), then the bitmap
BITSET, ARRAY, RUN, SHARED = 1, 2, 3, 4


def _pointer(address: int) -> int:
    return ctypes.c_void_p.from_address(address).value or 0


def _int32(address: int) -> int:
    return ctypes.c_int32.from_address(address).value


def _bitmap_ranges(bitmap: AbstractBitMap) -> list[tuple[int, int]] | None:
    """The address ranges of a roaring bitmap's C memory, or None if the layout is not the one
    expected (then nothing is guessed)."""
    stats = bitmap.get_statistics()
    root = _pointer(id(bitmap) + BITMAP_POINTER_AT)
    if not root:
        return None
    size, allocated = _int32(root), _int32(root + 4)
    if size != stats["n_containers"] or allocated < size:
        return None
    containers, keys, types = _pointer(root + 8), _pointer(root + 16), _pointer(root + 24)
    ranges = [(root, root + 40)]
    if size:
        ranges += [(containers, containers + 8 * allocated), (keys, keys + 2 * allocated)]
        ranges.append((types, types + allocated))
    cardinality = 0
    for i in range(size):
        container = _pointer(containers + 8 * i)
        kind = ctypes.c_uint8.from_address(types + i).value
        if kind == SHARED or not container:
            return None
        count, capacity, values = _int32(container), _int32(container + 4), _pointer(container + 8)
        ranges.append((container, container + 16))
        if kind == BITSET:
            values = _pointer(container + 8)
            ranges.append((values, values + 8192))
            cardinality += count
        elif kind == ARRAY:
            ranges.append((values, values + 2 * max(capacity, 1)))
            cardinality += count
        elif kind == RUN:
            ranges.append((values, values + 4 * max(capacity, 1)))
            runs = (ctypes.c_uint16 * (2 * count)).from_address(values)
            cardinality += sum(runs[j + 1] + 1 for j in range(0, 2 * count, 2))
        else:
            return None
    return ranges if cardinality == stats["cardinality"] else None


def index_address_ranges(root: object) -> tuple[list[tuple[int, int]], int]:
    """Every address range that `root` (an index's `__dict__`) holds, by the walk `deep_size`
    makes; and how many bitmaps could not be walked (counted by their wrapper only)."""
    ranges: list[tuple[int, int]] = []
    unwalked = 0
    for item in reachable_objects(root):
        if isinstance(item, AbstractBitMap):
            ranges.append((id(item), id(item) + type(item).__basicsize__))
            found = _bitmap_ranges(item)
            if found is None:
                unwalked += 1
            else:
                ranges += found
        elif isinstance(item, np.ndarray):
            ranges.append((id(item), id(item) + type(item).__basicsize__))
            if item.base is None and item.nbytes:
                ranges.append((item.ctypes.data, item.ctypes.data + item.nbytes))
        else:
            ranges.append((id(item), id(item) + sys.getsizeof(item)))
    return ranges, unwalked


def page_ranges(ranges: list[tuple[int, int]], page: int = 4096) -> list[tuple[int, int]]:
    """The pages the address ranges touch, merged into as few [start, end) ranges as can be."""
    spans = sorted((low // page * page, (high + page - 1) // page * page) for low, high in ranges)
    merged: list[list[int]] = []
    for low, high in spans:
        if merged and low <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], high)
        else:
            merged.append([low, high])
    return [(low, high) for low, high in merged]


def footprint_write(index: object, path: Path) -> None:
    """Write where `index` lies (this process's id, page spans, bytes, unwalked bitmaps) to
    `path` as JSON, for a benchmark to compare the pages of processes forked from this one."""
    ranges, unwalked = index_address_ranges(vars(index))
    spans = page_ranges(ranges)
    report = {
        "pid": os.getpid(),
        "spans": spans,
        "bytes": sum(high - low for low, high in ranges),
        "unwalked_bitmaps": unwalked,
    }
    path.write_text(json.dumps(report))
