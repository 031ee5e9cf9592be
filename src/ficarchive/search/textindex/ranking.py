"""Relevance order from the engine's hits: a search's page in best-match order, read from a
ranked list of hits, sorting only runs of equal scores (newer id first among them).

Two ways to a page: every match scored at once (`best_first` over all the hits, when the
matches are few), or, when they are many, the matches taken in id order without scores (the
cheapest hand-over) and the page read from the engine's best few hits (`ranked_stream`), asking
for more only when the reader wants more than they hold.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import overload

import numpy as np
import tantivy

from ficarchive.search.textindex.queries import searched_fields, term_tokens
from ficarchive.search.textquery import TextQuery

# `best_first` turns this many ids at a time into Python ints.
RANKED_CHUNK = 64
# `ranked_stream` first asks the engine for this many of its best hits; each later ask is this
# many times the one before.
FIRST_HITS = 64
HITS_GROWTH = 8


class HitScores(Sequence[float]):
    """The scores of the engine's hits, read one at a time: a reader that stops after a page
    reads a page's worth, not a float for every match."""

    def __init__(self, hits: list[tuple[float, object]]) -> None:
        self._hits = hits

    def __len__(self) -> int:
        return len(self._hits)

    @overload
    def __getitem__(self, position: int) -> float: ...
    @overload
    def __getitem__(self, position: slice) -> list[float]: ...
    def __getitem__(self, position: int | slice) -> float | list[float]:
        if isinstance(position, slice):
            return [hit[0] for hit in self._hits[position]]
        return self._hits[position][0]


def best_first(ids: np.ndarray, scores: Sequence[float]) -> Iterator[int]:
    """`ids` most relevant first, newer id first among equal scores. `scores` come in
    descending order already (the engine hands its hits over ranked), so only runs of equal
    scores are sorted, and a reader that stops after a page reads no further than the page."""
    count = len(ids)
    chunk: list[int] = []
    chunk_start = 0
    position = 0
    while position < count:
        score = scores[position]
        end = position + 1
        while end < count and scores[end] == score:
            end += 1
        if end - position > 1:
            yield from sorted(ids[position:end].tolist(), reverse=True)
        else:
            if not chunk_start <= position < chunk_start + len(chunk):
                chunk_start, chunk = position, ids[position : position + RANKED_CHUNK].tolist()
            yield chunk[position - chunk_start]
        position = end


def ranked_stream(searcher: tantivy.Searcher, query: tantivy.Query) -> Iterator[int]:
    """Every match of `query` most relevant first (equal scores: newer id first), read from the
    engine's best hits a batch at a time: a page of twenty from thousands of matches scores the
    thousands inside the engine but hands over only the best few dozen.

    A batch's last run of equal scores may go on beyond it, so it is held back until a larger
    batch (or the last one) shows where it ends."""
    limit = FIRST_HITS
    done = 0  # hits already given, always up to the end of a run of equal scores
    while True:
        hits = searcher.search(query, limit=limit, count=False).hits
        last = len(hits) < limit
        end = len(hits)
        if not last:
            while end > done and hits[end - 1][0] == hits[-1][0]:
                end -= 1
        if end > done:
            fresh = hits[done:end]
            ids = np.array(searcher.fast_field_values("id", [address for _, address in fresh]))
            yield from best_first(ids, HitScores(fresh))
            done = end
        if last:
            return
        limit *= HITS_GROWTH


def matches_bound(searcher: tantivy.Searcher, query: TextQuery) -> int:
    """At most how many works match every group of `query` (the engine's word counts: a term
    matches where each of its words is; a group where any of its terms does)."""
    fields = searched_fields(query)
    bound = int(searcher.num_docs)
    for group in query.groups:
        either = 0
        for term in group:
            tokens = term_tokens(term)
            if tokens:
                either += sum(min(int(searcher.doc_freq(f, t)) for t in tokens) for f in fields)
        bound = min(bound, either)
    return bound
