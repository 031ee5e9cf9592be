"""What the work index keeps per creator (each creator's works, and how many of them each kept
flag set holds) matches brute force over the same random archive, after a bulk fill and through
random adds, edits that change a work's creators, and removals."""

from __future__ import annotations

import random
from dataclasses import replace

import numpy as np
from tests.factories import work_record

from ficarchive.search.bitmaps.index import COUNTED_SETS, TagRecord, WorkIndex, WorkRecord

CREATORS = range(1, 25)


def _record(rng: random.Random, wid: int) -> WorkRecord:
    # Mostly one creator, sometimes two or three, now and then none (an orphaned work).
    creators = tuple(rng.sample(CREATORS, rng.choice([0, 1, 1, 1, 2, 3])))
    return work_record(rng, wid, creator_ids=creators)


def _index() -> WorkIndex:
    index = WorkIndex()
    index.tags_load([TagRecord(id=1, name="Fog", type="freeform", group=1)])
    return index


def _check(index: WorkIndex, records: dict[int, WorkRecord]) -> None:
    for creator in [*CREATORS, 999]:
        theirs = {r.id for r in records.values() if creator in r.creator_ids}
        assert set(index.creator_works.works_of(creator)) == theirs, creator
        for name in COUNTED_SETS:
            flag_set = getattr(index, name)
            expected = sum(1 for wid in theirs if wid in flag_set)
            assert index.creator_counts(name, [creator]) == [expected], (name, creator)
    for record in records.values():
        assert index.creator_works.owners_of(record.id) == tuple(sorted(record.creator_ids))


def test_creator_works_and_counts_match_brute_force_through_changes():
    """Every creator's works and kept counts equal a recount, for every kept set, while works
    come, change creators and visibility, and go."""
    rng = random.Random(23)
    index = _index()
    records = {wid: _record(rng, wid) for wid in range(1, 150)}
    for record in records.values():
        index.work_add(record)
    index.prepare()  # the counts are made now and kept from here on
    _check(index, records)
    for step in range(500):
        wid = rng.randint(1, 200)
        if rng.random() < 0.25 and wid in records:
            del records[wid]
            index.work_remove(wid)
        elif wid in records and rng.random() < 0.5:
            # An edit: new creators, or hidden, or made a draft.
            old = records[wid]
            records[wid] = replace(
                old,
                creator_ids=tuple(rng.sample(CREATORS, rng.choice([1, 2]))),
                hidden=rng.random() < 0.3,
                draft=rng.random() < 0.2,
            )
            index.work_add(records[wid])
        else:
            records[wid] = _record(rng, wid)
            index.work_add(records[wid])
        if step % 50 == 0:
            _check(index, records)
    _check(index, records)


def test_a_bulk_fill_keeps_the_same_works_and_counts():
    """Creators loaded in bulk (a first build) give what adding work by work gives."""
    rng = random.Random(5)
    records = {wid: _record(rng, wid) for wid in range(1, 120)}
    bulk = _index()
    for record in records.values():
        bulk.work_add(replace(record, creator_ids=()))
    pairs = [(c, r.id) for r in records.values() for c in r.creator_ids]
    bulk.creator_works.fill(
        np.array([c for c, _ in pairs], dtype=np.int64),
        np.array([w for _, w in pairs], dtype=np.int64),
    )
    _check(bulk, records)
    removed = next(r for r in records.values() if len(r.creator_ids) > 1)
    bulk.work_remove(removed.id)  # a work with several creators leaves each of them
    del records[removed.id]
    _check(bulk, records)
    bulk.prepare()
    # Then changes beside what the build read: works leave, come back with other creators, come.
    for _ in range(300):
        wid = rng.randint(1, 160)
        if rng.random() < 0.3 and wid in records:
            del records[wid]
            bulk.work_remove(wid)
        else:
            records[wid] = _record(rng, wid)
            bulk.work_add(records[wid])
    _check(bulk, records)
