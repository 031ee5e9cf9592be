"""The figures the work index keeps per series (works in each flag set, their latest update,
the order by it) match brute force over the same random archive, after a bulk fill and through
random adds, edits and removals."""

from __future__ import annotations

import random
from dataclasses import replace

import numpy as np
from tests.factories import work_record

from ficarchive.search.bitmaps.index import COUNTED_SETS, TagRecord, WorkIndex, WorkRecord


def _record(rng: random.Random, wid: int) -> WorkRecord:
    # Few distinct dates, some past 2038, so ties and large values both occur.
    updated = rng.choice([10, 20, 30, 2**31 + 5, 4_070_908_800])
    series = tuple(rng.sample(range(1, 30), rng.choice([0, 0, 1, 1, 2])))
    return work_record(rng, wid, updated=updated, series_ids=series)


def _expected(records: dict[int, WorkRecord], flag_set) -> list[tuple[int, int, int]]:
    seen: dict[int, tuple[int, int]] = {}
    for record in records.values():
        if record.id not in flag_set:
            continue
        for series_id in record.series_ids:
            count, latest = seen.get(series_id, (0, 0))
            seen[series_id] = (count + 1, max(latest, record.updated))
    rows = [(s, count, latest) for s, (count, latest) in seen.items()]
    return sorted(rows, key=lambda row: (-row[2], -row[0]))


def _shown(index: WorkIndex, name: str) -> list[tuple[int, int, int]]:
    kept = index.series_of(name)
    ids = kept.top(kept.present, 0, len(kept.present))
    return [(i, int(kept.count.data[i]), int(kept.latest.data[i])) for i in ids]


def test_series_figures_match_brute_force_through_changes():
    """Every kept set's series, counts, latest updates and order equal a recount."""
    rng = random.Random(11)
    index = WorkIndex()
    index.tags_load([TagRecord(id=1, name="Fog", type="freeform", group=1)])
    records = {wid: _record(rng, wid) for wid in range(1, 200)}
    for record in records.values():
        index.work_add(record)
    for name in COUNTED_SETS:
        assert _shown(index, name) == _expected(records, getattr(index, name)), name
    for step in range(400):
        wid = rng.randint(1, 260)
        if rng.random() < 0.25 and wid in records:
            del records[wid]
            index.work_remove(wid)
        else:
            records[wid] = (
                replace(records[wid], updated=rng.choice([10, 40, 2**32]))
                if wid in records and rng.random() < 0.5
                else _record(rng, wid)
            )
            index.work_add(records[wid])
        if step % 50 == 0:
            for name in COUNTED_SETS:
                assert _shown(index, name) == _expected(records, getattr(index, name)), name
    for name in COUNTED_SETS:
        assert _shown(index, name) == _expected(records, getattr(index, name)), name


def test_a_bulk_fill_keeps_the_same_figures():
    """Series loaded in bulk (a first build) give the figures adding work by work gives."""
    rng = random.Random(5)
    records = [_record(rng, wid) for wid in range(1, 150)]
    one_by_one = WorkIndex()
    one_by_one.tags_load([TagRecord(id=1, name="Fog", type="freeform", group=1)])
    for record in records:
        one_by_one.work_add(record)
    bulk = WorkIndex()
    bulk.tags_load([TagRecord(id=1, name="Fog", type="freeform", group=1)])
    for record in records:
        bulk.work_add(replace(record, series_ids=()))
    pairs = [(s, r.id) for r in records for s in r.series_ids]
    bulk.series.fill(
        np.array([s for s, _ in pairs], dtype=np.int64),
        np.array([w for _, w in pairs], dtype=np.int64),
    )
    for name in COUNTED_SETS:
        assert _shown(bulk, name) == _shown(one_by_one, name), name
