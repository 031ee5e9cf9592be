"""Filling an empty `WorkIndex` from whole columns (a first build), vectorized with numpy."""

from __future__ import annotations

import numpy as np
from pyroaring import BitMap

from ficarchive.search.bitmaps.columns import text_sort_key, text_sort_string
from ficarchive.search.bitmaps.index import NUMBER_COLUMNS, WorkIndex


def index_fill(
    index: WorkIndex,
    *,
    columns: dict[str, np.ndarray],
    texts: dict[str, list[str]],
    pair_works: np.ndarray,
    pair_tags: np.ndarray,
) -> None:
    """Fill an empty index from whole columns (one entry per work) at numpy speed.

    `columns` holds `id`, the number columns, `chapters`, `expected` (-1 when unknown) and
    the booleans `draft`, `hidden`, `restricted`; `texts` holds `title`, `creator`, `language`;
    `pair_works` and `pair_tags` list every (work id, tag id) pair.
    """
    ids = columns["id"].astype(np.int64)
    if len(ids) == 0:
        return
    top = int(ids.max())
    for name in NUMBER_COLUMNS:
        index.numbers[name].ensure(top)
        index.numbers[name].data[ids] = columns[name]
    index.all = BitMap(ids.astype(np.uint32))
    posted = ~columns["draft"] & ~columns["hidden"]
    index.posted = BitMap(ids[posted].astype(np.uint32))
    index.public = BitMap(ids[posted & ~columns["restricted"]].astype(np.uint32))
    expected, chapters = columns["expected"], columns["chapters"]
    index.complete = BitMap(ids[(expected >= 0) & (chapters >= expected)].astype(np.uint32))
    single = (chapters <= 1) & ((expected == -1) | (expected == 1))
    index.single_chapter = BitMap(ids[single].astype(np.uint32))
    by_language: dict[str, list[int]] = {}
    index.title_keys.ensure(top)
    index.creator_keys.ensure(top)
    index.titles.fill(ids, [text_sort_string(t) for t in texts["title"]])
    index.creators.fill(ids, [text_sort_string(c) for c in texts["creator"]])
    for wid, language in zip(ids.tolist(), texts["language"], strict=True):
        by_language.setdefault(language, []).append(wid)
    index.title_keys.data[ids] = np.array([text_sort_key(t) for t in texts["title"]], np.uint64)
    index.creator_keys.data[ids] = np.array([text_sort_key(c) for c in texts["creator"]], np.uint64)
    index.languages = {k: BitMap(v) for k, v in by_language.items()}
    _tags_fill(index, top, pair_works, pair_tags)


def _tags_fill(index: WorkIndex, top: int, pair_works: np.ndarray, pair_tags: np.ndarray) -> None:
    index.tag_start.ensure(top)
    index.tag_length.ensure(top)
    if len(pair_works) == 0:
        return
    # Tag ids to dense numbers; pairs of tags the index does not know are dropped.
    lookup = np.full(int(pair_tags.max()) + 1, -1, dtype=np.int64)
    for tag_id, dense in index.tag_dense.items():
        if tag_id < len(lookup):
            lookup[tag_id] = dense
    dense_tags = lookup[pair_tags]
    known = dense_tags >= 0
    pair_works, dense_tags = pair_works[known], dense_tags[known]
    by_tag = np.lexsort((pair_works, dense_tags))
    sorted_tags, sorted_works = dense_tags[by_tag], pair_works[by_tag].astype(np.uint32)
    cuts = np.flatnonzero(np.diff(sorted_tags)) + 1
    starts = np.concatenate(([0], cuts))
    ends = np.concatenate((cuts, [len(sorted_tags)]))
    for start, end in zip(starts.tolist(), ends.tolist(), strict=True):
        tag_id = index.dense_tag_ids[int(sorted_tags[start])]
        index.tag_works[tag_id] = BitMap(sorted_works[start:end])
    order = np.argsort(pair_works, kind="stable")
    pair_works, pair_tags = pair_works[order], dense_tags[order].astype(np.int32)
    index.tag_data = pair_tags
    index.tag_used = len(pair_tags)
    counts = np.bincount(pair_works, minlength=top + 1)
    index.tag_length.data[: top + 1] = counts
    index.tag_start.data[: top + 1] = np.cumsum(counts) - counts
    groups = index.dense_to_group[pair_tags].astype(np.int64)
    n_groups = max(len(index.group_ids), 1)
    pair_keys = pair_works * n_groups + groups
    fandom_dense = index.group_types.get("fandom", np.zeros(0, np.int64))
    is_fandom = np.isin(groups, fandom_dense)
    fandom_keys = np.unique(pair_keys[is_fandom])
    fandoms_per_work = np.bincount(fandom_keys // n_groups, minlength=top + 1)
    index.crossover = BitMap(np.nonzero(fandoms_per_work > 1)[0].astype(np.uint32))
    # Works with a tag and its synonym (rare): found among works carrying any synonym.
    synonyms = [t for t, r in index.tags.items() if index.group_of(t) != t and t in index.tag_works]
    if synonyms:
        candidates = BitMap.union(*(index.tag_works[t] for t in synonyms))
        for wid in candidates:
            start = int(index.tag_start.data[wid])
            seen = groups[start : start + int(index.tag_length.data[wid])]
            if len(np.unique(seen)) < len(seen):
                index.duplicate_groups.add(wid)
