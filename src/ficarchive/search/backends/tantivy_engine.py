"""Tantivy: the archive's own text index in a folder beside the database (`search.textindex`).

It follows the database's change log instead of being written by the indexing signals, so a
work's change costs the writer one log row, and the index catches up by itself (see
`textindex.follow`). A text search is one pass through the engine: every match with its
relevance, narrowed inside the engine to the query's rarest tag filter; the bitmaps do the rest.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from operator import itemgetter

import numpy as np
import tantivy
from pyroaring import BitMap

from ficarchive.search.backends.base import SearchBackend
from ficarchive.search.bitmaps.columns import bitmap_of
from ficarchive.search.bitmaps.index import WorkIndex
from ficarchive.search.bitmaps.sync import index_changes_seen
from ficarchive.search.documents import WorkDocument
from ficarchive.search.textindex.follow import TextIndex, text_index, text_index_for_query
from ficarchive.search.textindex.queries import excluded_query, matching_query
from ficarchive.search.textindex.schema import CURSOR_ID, document_digest
from ficarchive.search.textindex.snippets import highlights
from ficarchive.search.textquery import Term, TextQuery

BEHIND_NOTE = "The newest changes are still being added to the text search; try again shortly."


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Hold the garbage collector while the engine hands over its hits: a hit is three Python
    objects, so thousands of them would start several collections, and none of them is cyclic
    garbage."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


# The first batch `best_first` orders; each later batch is this many times the one before.
FIRST_BATCH = 64
BATCH_GROWTH = 8


def best_first(ids: np.ndarray, scores: np.ndarray) -> Iterator[int]:
    """`ids` most relevant first (equal scores: newer id first), ordered a batch at a time:
    a page of twenty from thousands of matches sorts only the best few dozen."""
    batch = FIRST_BATCH
    while len(ids):
        if len(ids) <= batch * BATCH_GROWTH:
            yield from ids[np.lexsort((-ids, -scores))].tolist()
            return
        # Every match scoring at least the batch-th best score (ties included), best first.
        threshold = np.partition(scores, len(scores) - batch)[len(scores) - batch]
        taken = scores >= threshold
        chosen, chosen_scores = ids[taken], scores[taken]
        yield from chosen[np.lexsort((-chosen, -chosen_scores))].tolist()
        ids, scores = ids[~taken], scores[~taken]
        batch *= BATCH_GROWTH


def _key(query: TextQuery, narrow: Sequence[Sequence[int]]) -> str:
    return f"{query}|{[sorted(tags) for tags in narrow]}"


class TantivyBackend(SearchBackend):
    """Full text in an embedded Tantivy index. One instance serves one search."""

    name = "tantivy"
    follows_change_log = True

    def __init__(self) -> None:
        self._handle: TextIndex | None = None
        self._searcher: tantivy.Searcher | None = None
        self._ranked: tuple[str, tuple[np.ndarray, np.ndarray]] | None = None
        self._notes: list[str] = []

    # ---- writing: the follower reads the change log, so there is nothing to do here -----------

    def documents_store(self, documents: Iterable[WorkDocument]) -> int:
        return sum(1 for _ in documents)

    def documents_delete(self, ids: list[int]) -> None:
        return None

    def documents_clear(self) -> None:
        return None

    def documents_orphans_delete(self) -> None:
        return None

    def documents_count(self) -> int:
        return max(int(self._current().num_docs) - 1, 0)  # the cursor is a document too

    def documents_ids(self) -> set[int]:
        ids = self._ids(tantivy.Query.all_query())
        ids.discard(CURSOR_ID)
        return set(ids)

    def documents_differing(self, documents: list[WorkDocument]) -> list[int]:
        if not documents:
            return []
        searcher = self._current()
        wanted = [d.id for d in documents]
        query = tantivy.Query.term_set_query(self._schema(), "id", wanted)
        hits = searcher.search(query, limit=len(wanted), count=False).hits
        addresses = [address for _, address in hits]
        ids = searcher.fast_field_values("id", addresses)
        digests = dict(zip(ids, searcher.fast_field_values("digest", addresses), strict=True))
        return sorted(
            d.id for d in documents if d.id in digests and digests[d.id] != document_digest(d)
        )

    # ---- reading --------------------------------------------------------------------------------

    def _current(self) -> tantivy.Searcher:
        """This search's view of the index (one view for all of a search's steps)."""
        if self._searcher is None:
            newest = index_changes_seen()
            handle = self._handle = text_index_for_query(newest)
            if handle.cursor is None or handle.cursor.key != newest:
                self._notes.append(BEHIND_NOTE)
            self._searcher = handle.searcher()
        return self._searcher

    def _schema(self) -> tantivy.Schema:
        self._current()
        return (self._handle or text_index()).schema

    def _ids(self, query: tantivy.Query) -> BitMap:
        """Every match's work id (the engine hands them over in id order, scoring nothing)."""
        searcher = self._current()
        with _collector_paused():
            hits = searcher.search(
                query, limit=max(searcher.num_docs, 1), count=False, order_by_field="id"
            ).hits
            if not hits:
                return BitMap()
            keys = np.fromiter(map(itemgetter(0), hits), dtype=np.uint32, count=len(hits))
            del hits
            return bitmap_of(keys)

    def _scored(self, query: tantivy.Query) -> tuple[np.ndarray, np.ndarray]:
        """Every match's work id and relevance (in no promised order: see `_best_first`)."""
        searcher = self._current()
        with _collector_paused():
            hits = searcher.search(query, limit=max(searcher.num_docs, 1), count=False).hits
            count = len(hits)
            if not count:
                return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64)
            # Read straight into arrays: no intermediate tuples of every score and address.
            scores = np.fromiter(map(itemgetter(0), hits), dtype=np.float64, count=count)
            addresses = list(map(itemgetter(1), hits))
            del hits
            values = searcher.fast_field_values("id", addresses)
            del addresses
            return np.fromiter(values, dtype=np.int64, count=count), scores

    def text_match(self, groups: list[tuple[Term, ...]], *, in_text: bool) -> BitMap:
        query = matching_query(self._schema(), TextQuery(groups=groups, in_text=in_text))
        return self._ids(query) if query is not None else BitMap()

    def text_match_any(self, terms: list[Term], *, in_text: bool) -> BitMap:
        query = excluded_query(self._schema(), TextQuery(excluded=terms, in_text=in_text))
        return self._ids(query) if query is not None else BitMap()

    def text_filter(
        self, query: TextQuery, within: BitMap, *, narrow: Sequence[Sequence[int]] = ()
    ) -> BitMap:
        if query.has_positive:
            return within & bitmap_of(self._matches(query, narrow)[0])
        if query.excluded and within:
            excluded = excluded_query(self._schema(), query, narrow=narrow)
            return within - self._ids(excluded) if excluded is not None else within
        return within

    def _matches(
        self, query: TextQuery, narrow: Sequence[Sequence[int]]
    ) -> tuple[np.ndarray, np.ndarray]:
        """The matches of `query` (narrowed) and their relevance: one pass through the engine
        gives a search both its set of matches and their order."""
        key = _key(query, narrow)
        if self._ranked is None or self._ranked[0] != key:
            matching = matching_query(self._schema(), query, narrow=narrow)
            if matching is None:
                found = (np.zeros(0, np.int64), np.zeros(0, np.float64))
            else:
                found = self._scored(matching)
            self._ranked = (key, found)
        return self._ranked[1]

    def text_ranked(
        self, query: TextQuery, *, narrow: Sequence[Sequence[int]] = ()
    ) -> Iterator[int]:
        yield from best_first(*self._matches(query, narrow))

    def text_highlights(
        self, query: TextQuery, ids: list[int], *, index: WorkIndex | None = None
    ) -> dict[int, list[str]]:
        if not ids or not query.has_positive:
            return {}
        return highlights(self._current(), self._schema(), query, ids, index=index)

    def text_notes(self) -> list[str]:
        return list(self._notes)
