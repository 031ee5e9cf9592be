"""Tantivy: the archive's own text index in a folder beside the database (`search.textindex`).

It follows the database's change log instead of being written by the indexing signals, so a
work's change costs the writer one log row, and the index catches up by itself (see
`textindex.follow`). A text search asks the engine for every match, narrowed inside the engine
to the query's rarest tag filters; the bitmaps do the rest. Few matches come with their relevance
in one pass; many matches, narrowed by common tags or not narrowed at all, come in id order,
unscored, and the page is read from the engine's best few hits for the words alone
(`textindex.ranking`).
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
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
from ficarchive.search.textindex.queries import (
    NARROW_TAGS_MAX,
    excluded_query,
    matching_query,
    spread_query,
    term_tokens,
)
from ficarchive.search.textindex.ranking import (
    HitScores,
    best_first,
    matches_bound,
    ranked_stream,
)
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


# A query of words (no phrase, not in the story text) that may match this many works, narrowed
# by tags that this share of the archive carries, hands its matches over in id order, unscored,
# and reads its page from the engine's best few hits for the words alone (`ranked_stream`): for
# the engine, narrowing by a common tag costs more than scoring the words, and handing over a
# score per match costs more than both. Fewer matches, or a rarer narrowing, are scored at once.
RANKED_APART_FROM = 2000
UNNARROWED_SHARE = 0.25
# Not narrowed at all, the words are ranked apart from this many matches: the engine then
# scores them twice (once for the page's best few), which only the hand-over of a score and an
# address per match outweighs (at a million works, 63,000 matches: 31 ms scored at once, 26
# ranked apart).
RANKED_APART_ALONE_FROM = 20_000
# Beyond two groups the engine may add their scores in another order once the narrowing is
# gone (a float sum's last bit), so such queries are scored at once.
UNNARROWED_GROUPS_MAX = 2


@dataclass
class _Found:
    """A text query's matches: their ids, and either their scores (most relevant first, beside
    the ids) or, for many matches in id order, the query that ranks them (`ranked_stream`)."""

    ids: np.ndarray
    scores: Sequence[float] | None = None
    ranking: tantivy.Query | None = None


def _key(query: TextQuery, narrow: Sequence[Sequence[int]]) -> str:
    return f"{query}|{[sorted(tags) for tags in narrow]}"


class TantivyBackend(SearchBackend):
    """Full text in an embedded Tantivy index. One instance serves one search."""

    name = "tantivy"
    follows_change_log = True

    def __init__(self) -> None:
        self._handle: TextIndex | None = None
        self._searcher: tantivy.Searcher | None = None
        self._found: tuple[str, _Found] | None = None
        self._queries: dict[str, tantivy.Query | None] = {}
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

    def _matching(
        self, query: TextQuery, narrow: Sequence[Sequence[int]] = ()
    ) -> tantivy.Query | None:
        """`matching_query` for this search, made once: filtering, ranking and highlighting
        ask for the same query."""
        key = _key(query, narrow)
        if key not in self._queries:
            self._queries[key] = matching_query(self._schema(), query, narrow=narrow)
        return self._queries[key]

    def _ids(self, query: tantivy.Query) -> BitMap:
        """Every match's work id (the engine hands them over in id order, scoring nothing)."""
        return bitmap_of(self._id_order(query), ascending=True)

    def _id_order(self, query: tantivy.Query) -> np.ndarray:
        """Every match's work id, in ascending id order (scoring nothing; the hit carries the
        id)."""
        searcher = self._current()
        with _collector_paused():
            hits = searcher.search(
                query,
                limit=max(searcher.num_docs, 1),
                count=False,
                order_by_field="id",
                order=tantivy.Order.Asc,
            ).hits
            ids = np.fromiter(map(itemgetter(0), hits), dtype=np.int64, count=len(hits))
            del hits  # freed before the collector runs again: it need not walk them
        return ids

    def _scored(self, query: tantivy.Query) -> tuple[np.ndarray, Sequence[float]]:
        """Every match's work id and relevance, most relevant first (as the engine ranks them;
        equal scores in no promised order: see `best_first`)."""
        searcher = self._current()
        with _collector_paused():
            hits = searcher.search(query, limit=max(searcher.num_docs, 1), count=False).hits
            count = len(hits)
            if not count:
                return np.zeros(0, dtype=np.int64), ()
            # Read the ids straight into an array: no intermediate tuples of every address; the
            # scores stay in the hits until the ranking reads the few it needs.
            values = searcher.fast_field_values("id", list(map(itemgetter(1), hits)))
            return np.fromiter(values, dtype=np.int64, count=count), HitScores(hits)

    def text_match(self, groups: list[tuple[Term, ...]], *, in_text: bool) -> BitMap:
        query = self._matching(TextQuery(groups=groups, in_text=in_text))
        return self._ids(query) if query is not None else BitMap()

    def text_match_any(self, terms: list[Term], *, in_text: bool) -> BitMap:
        query = excluded_query(self._schema(), TextQuery(excluded=terms, in_text=in_text))
        return self._ids(query) if query is not None else BitMap()

    def text_filter(
        self, query: TextQuery, within: BitMap, *, narrow: Sequence[Sequence[int]] = ()
    ) -> BitMap:
        if query.has_positive:
            found = self._matches(query, narrow)
            return within & bitmap_of(found.ids, ascending=found.ranking is not None)
        if query.excluded and within:
            excluded = excluded_query(self._schema(), query, narrow=narrow)
            return within - self._ids(excluded) if excluded is not None else within
        return within

    def _matches(self, query: TextQuery, narrow: Sequence[Sequence[int]]) -> _Found:
        """The matches of `query` (narrowed), with what ranks them: one search's filtering and
        ordering share them."""
        key = _key(query, narrow)
        if self._found is None or self._found[0] != key:
            self._found = (key, self._find(query, narrow))
        return self._found[1]

    def _find(self, query: TextQuery, narrow: Sequence[Sequence[int]]) -> _Found:
        nothing = _Found(ids=np.zeros(0, np.int64), scores=())
        if self._ranked_apart(query, narrow):
            # The narrowing scores 0, so the words alone rank the matches in the same order
            # (the caller keeps only the search's own matches); not narrowed, it is one query.
            ranking = self._matching(query)
            ids_query = spread_query(self._schema(), query, narrow=narrow)
            if ids_query is None:  # not spread (or nothing matches): the query as it is
                ids_query = self._matching(query, narrow)
            if ranking is None or ids_query is None:
                return nothing
            return _Found(ids=self._id_order(ids_query), ranking=ranking)
        matching = self._matching(query, narrow)
        if matching is None:
            return nothing
        ids, scores = self._scored(matching)
        return _Found(ids=ids, scores=scores)

    def _ranked_apart(self, query: TextQuery, narrow: Sequence[Sequence[int]]) -> bool:
        """Whether `query` narrowed by `narrow` is cheaper ranked apart (see RANKED_APART_FROM
        and RANKED_APART_ALONE_FROM)."""
        if query.in_text or len(query.groups) > UNNARROWED_GROUPS_MAX:
            return False
        if any(len(term_tokens(term)) > 1 for term in query.positive_terms()):
            return False
        searcher = self._current()
        bound = matches_bound(searcher, query)
        narrowing = [tags for tags in narrow if 0 < len(tags) <= NARROW_TAGS_MAX]
        if not narrowing:
            return bound >= RANKED_APART_ALONE_FROM
        if bound < RANKED_APART_FROM:
            return False
        carried = min(sum(int(searcher.doc_freq("tag", tag)) for tag in tags) for tags in narrowing)
        return bool(carried >= searcher.num_docs * UNNARROWED_SHARE)

    def text_ranked(
        self, query: TextQuery, *, narrow: Sequence[Sequence[int]] = ()
    ) -> Iterator[int]:
        found = self._matches(query, narrow)
        if found.ranking is not None:
            yield from ranked_stream(self._current(), found.ranking)
        else:
            yield from best_first(found.ids, found.scores or ())

    def text_highlights(
        self, query: TextQuery, ids: list[int], *, index: WorkIndex | None = None
    ) -> dict[int, list[str]]:
        if not ids or not query.has_positive:
            return {}
        positive = self._matching(TextQuery(groups=query.groups, in_text=query.in_text))
        if positive is None:
            return {}
        return highlights(self._current(), self._schema(), query, positive, ids, index=index)

    def text_notes(self) -> list[str]:
        return list(self._notes)
