"""The in-process bitmap index, against brute force over the same random archive."""

import random
from collections import Counter

import numpy as np
import pytest
from pyroaring import BitMap

from ficarchive.search.bitmaps.bulk import index_fill
from ficarchive.search.bitmaps.columns import text_sort_string, top_by_number, top_by_text
from ficarchive.search.bitmaps.index import FACET_TYPES, TagRecord, WorkIndex, WorkRecord

TYPES = ["fandom", "character", "freeform", "rating"]


def _archive(seed: int = 3, works: int = 400):
    rng = random.Random(seed)
    tags = [TagRecord(id=i, name=f"Tag {i:03}", type=TYPES[i % 4], group=i) for i in range(1, 61)]
    # Tags 61-65 are synonyms of tags 1-5.
    tags += [TagRecord(id=60 + i, name=f"Syn {i}", type=TYPES[i % 4], group=i) for i in range(1, 6)]
    records = []
    for wid in range(1, works + 1):
        chosen = rng.sample(range(1, 66), rng.randint(0, 12))
        records.append(
            WorkRecord(
                id=wid * 3,
                title=rng.choice(["alpha", "Beta", "gamma", "delta", "Éclair"]) + str(wid % 7),
                creator=rng.choice(["ann", "Bob", "cy"]),
                tag_ids=tuple(chosen),
                language=rng.choice(["en", "fr"]),
                words=rng.randint(0, 5000),
                posted=rng.randint(0, 10**9),
                updated=rng.randint(0, 10**9),
                kudos=rng.randint(0, 5),
                hits=rng.randint(0, 50),
                comments=rng.randint(0, 3),
                bookmarks=rng.randint(0, 3),
                chapters=rng.randint(0, 3),
                expected_chapters=rng.choice([None, 1, 2, 3]),
                draft=rng.random() < 0.1,
                hidden=rng.random() < 0.05,
                restricted=rng.random() < 0.2,
            )
        )
    return tags, records


def _incremental(tags, records) -> WorkIndex:
    index = WorkIndex()
    index.tags_load(tags)
    for record in records:
        index.work_add(record)
    return index


def _bulk(tags, records) -> WorkIndex:
    index = WorkIndex()
    index.tags_load(tags)
    pairs = [(r.id, t) for r in records for t in r.tag_ids]
    columns = {
        "id": np.array([r.id for r in records]),
        **{
            name: np.array([getattr(r, name) for r in records])
            for name in (
                "words",
                "posted",
                "updated",
                "kudos",
                "hits",
                "comments",
                "bookmarks",
                "chapters",
            )
        },
        "expected": np.array(
            [-1 if r.expected_chapters is None else r.expected_chapters for r in records]
        ),
        "draft": np.array([r.draft for r in records]),
        "hidden": np.array([r.hidden for r in records]),
        "restricted": np.array([r.restricted for r in records]),
    }
    texts = {
        "title": [r.title for r in records],
        "creator": [r.creator for r in records],
        "language": [r.language for r in records],
    }
    index_fill(
        index,
        columns=columns,
        texts=texts,
        pair_works=np.array([w for w, _ in pairs]),
        pair_tags=np.array([t for _, t in pairs]),
    )
    return index


def _brute_facets(records, members: set[int]) -> dict[str, list[tuple[str, int]]]:
    group = {i: (i if i <= 60 else i - 60) for i in range(1, 66)}
    counts = Counter()
    for r in records:
        if r.id in members:
            counts.update({group[t] for t in r.tag_ids})
    result = {}
    for facet_type in FACET_TYPES:
        rows = [(f"Tag {g:03}", n) for g, n in counts.items() if TYPES[g % 4] == facet_type]
        result[facet_type] = sorted(rows, key=lambda r: (-r[1], r[0].casefold()))[:10]
    return result


@pytest.mark.parametrize("build", [_incremental, _bulk], ids=["incremental", "bulk"])
def test_flags_tags_and_facets_match_brute_force(build):
    """Both ways of building give the brute-force flags, synonym groups and facet counts."""
    tags, records = _archive()
    index = build(tags, records)
    assert set(index.public) == {r.id for r in records if not (r.draft or r.hidden or r.restricted)}
    assert set(index.complete) == {
        r.id
        for r in records
        if r.expected_chapters is not None and r.chapters >= r.expected_chapters
    }
    assert set(index.group_works(2)) == {r.id for r in records if {2, 62} & set(r.tag_ids)}
    assert set(index.crossover) == {
        r.id
        for r in records
        if len({t if t <= 60 else t - 60 for t in r.tag_ids if TYPES[t % 4] == "fandom"}) > 1
    }
    subset = BitMap(r.id for r in records[::3])
    expected = _brute_facets(records, set(subset))
    by_counting = index.facets(index.ids_array(subset), subset)
    by_bitmaps = {t: index._facets_by_bitmaps(subset, t, 10) for t in FACET_TYPES}
    for facet_type in FACET_TYPES:
        assert [(f.name, f.count) for f in by_counting[facet_type]] == expected[facet_type]
        assert [(f.name, f.count) for f in by_bitmaps[facet_type]] == expected[facet_type]


def test_replacing_and_removing_a_work_updates_everything():
    """Re-adding a work with other tags moves it between bitmaps; removing it clears them."""
    tags, records = _archive(works=50)
    index = _incremental(tags, records)
    first = records[0]
    changed = WorkRecord(
        **{
            **first.__dict__,
            "tag_ids": (9,),
            "kudos": 99,
            "draft": False,
            "hidden": False,
            "restricted": False,
        }
    )
    index.work_add(changed)
    assert first.id in index.tag_works[9]
    assert first.id in index.public
    assert all(first.id not in index.tag_works[t] for t in first.tag_ids if t != 9)
    assert index.facets(index.ids_array(BitMap([first.id])), None)["character"][0].count == 1
    index.work_remove(first.id)
    assert first.id not in index.all
    assert first.id not in index.tag_works[9]


def test_number_pages_match_a_full_sort():
    """Top-k pages by a number equal slices of a full sort (value then id, descending)."""
    rng = np.random.default_rng(5)
    ids = np.unique(rng.integers(1, 10**6, 3000))
    values = rng.integers(0, 20, len(ids))
    full = sorted(zip(values.tolist(), ids.tolist(), strict=True), reverse=True)
    for offset in (0, 20, 1500, 2990):
        page = top_by_number(ids, values, offset=offset, limit=20, descending=True).tolist()
        assert page == [i for _, i in full[offset : offset + 20]]


def test_text_pages_match_a_full_sort():
    """Top-k pages by title, via 8-byte prefix keys, equal slices of a full string sort."""
    from ficarchive.search.bitmaps.columns import text_sort_key

    rng = random.Random(9)
    titles = [None] + [
        rng.choice(["The ", "the ", "A ", "", '"Quoted" '])
        + rng.choice(["longprefix", "longprefiy", "b"])
        + str(rng.randint(0, 30))
        for _ in range(800)
    ]
    ids = np.arange(1, len(titles))
    keys = np.array([text_sort_key(t) for t in titles[1:]], dtype=np.uint64)
    sorted_texts = [text_sort_string(t) if t else None for t in titles]
    full = sorted(ids.tolist(), key=lambda i: (sorted_texts[i], i))
    for offset in (0, 100, 790):
        assert (
            top_by_text(ids, keys, sorted_texts, offset=offset, limit=20)
            == full[offset : offset + 20]
        )


def test_presorted_order_follows_changes_and_removals():
    """The index's presorted order gives a full sort's page after works change or go."""
    import dataclasses

    tags, records = _archive()
    index = _incremental(tags, records)
    index.order("kudos")
    for record in records[:40]:
        index.work_add(dataclasses.replace(record, kudos=record.kudos + 7))
    for record in records[40:60]:
        index.work_remove(record.id)
    members = index.public
    ids = index.ids_array(members)
    column = index.numbers["kudos"].data
    for offset in (0, 20, 100):
        expected = top_by_number(ids, column[ids], offset=offset, limit=20, descending=True)
        assert index.order("kudos").top(members, column, offset, 20) == expected.tolist()


def _brute_group_counts(index: WorkIndex, records, members: set[int]) -> dict[int, int]:
    counts: Counter = Counter()
    for r in records:
        if r.id in members:
            counts.update({index.group_of(t) for t in r.tag_ids if t in index.tags})
    return {g: counts[g] for g in index.group_ids}


def _kept(index: WorkIndex, name: str) -> dict[int, int]:
    counts = index.group_counts_of(name)
    return {g: int(counts[index.group_dense[g]]) for g in index.group_ids}


def test_kept_group_counts_follow_adds_removals_and_tag_changes():
    """The per-group counts the index keeps for all, posted and public works equal a brute
    count after works are replaced and removed, new tags arrive and a tag joins a group."""
    tags, records = _archive(works=120)
    index = _incremental(tags, records)
    for name in ("all", "posted", "public"):
        assert _kept(index, name) == _brute_group_counts(index, records, set(getattr(index, name)))
    first, second = records[0], records[1]
    records[0] = WorkRecord(
        **{
            **first.__dict__,
            "tag_ids": (9, 61, 1),
            "draft": False,
            "hidden": False,
            "restricted": False,
        }
    )
    index.work_add(records[0])
    index.work_remove(second.id)
    del records[1]
    # A new tag (a synonym of nothing yet) and a work carrying it: counts carried over.
    tags = [*tags, TagRecord(id=70, name="Tag 070", type="fandom", group=70)]
    index.tags_load(tags)
    records.append(WorkRecord(**{**first.__dict__, "id": 9999, "tag_ids": (70, 2)}))
    index.work_add(records[-1])
    for name in ("all", "posted", "public"):
        assert _kept(index, name) == _brute_group_counts(index, records, set(getattr(index, name)))
    # Tag 7 joins tag 3 and its synonym 63: groups change, the counts are made afresh.
    tags = [t if t.id != 7 else TagRecord(id=7, name=t.name, type=t.type, group=3) for t in tags]
    index.tags_load(tags)
    for name in ("all", "posted", "public"):
        assert _kept(index, name) == _brute_group_counts(index, records, set(getattr(index, name)))
    assert index.group_counts_of("all")[index.group_dense[3]] == sum(
        1 for r in records if {3, 7, 63} & set(r.tag_ids)
    )
