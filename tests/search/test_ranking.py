"""The Tantivy backend's ranking order: the engine's hits (best score first, equal scores in any
order) read into one full sort's order, all at once or from the engine's best few at a time."""

from __future__ import annotations

import numpy as np
import pytest
import tantivy

from ficarchive.search.textindex import ranking
from ficarchive.search.textindex.ranking import RANKED_CHUNK, HitScores, best_first, ranked_stream


def _ranked(size: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """`size` distinct ids with many tied scores, best score first, ties in random order."""
    rng = np.random.default_rng(seed)
    ids = rng.permutation(size * 3)[:size].astype(np.int64)
    scores = rng.integers(0, 40, size).astype(np.float64) / 4
    order = np.argsort(-scores, kind="stable")
    return ids[order], scores[order]


@pytest.mark.parametrize(
    "size", [0, 1, 5, RANKED_CHUNK, RANKED_CHUNK + 1, 3 * RANKED_CHUNK, 20_000]
)
def test_ranked_hits_give_the_order_of_one_full_sort(size):
    """Best score first, newer id first among equal scores, every id once, at any size."""
    ids, scores = _ranked(size, size)
    expected = ids[np.lexsort((-ids, -scores))].tolist()
    assert list(best_first(ids, scores)) == expected


def test_a_reader_that_stops_early_gets_the_best_ones():
    """Taking the first few of thousands gives the few best, ties broken by newer id."""
    ids = np.array([17, 4000, 9000, 5, 6, *range(10, 4000)], dtype=np.int64)
    scores = np.array([2.0, 2.0, 2.0, 1.5, 1.5, *([1.0] * 3990)])
    stream = best_first(ids, scores)
    assert [next(stream) for _ in range(6)] == [9000, 4000, 17, 6, 5, 3999]


def test_scores_read_from_the_hits_themselves():
    """The engine's (score, address) pairs serve as the scores, one read at a time."""
    hits = [(3.0, "a"), (1.0, "b"), (1.0, "c"), (0.5, "d")]
    scores = HitScores(hits)
    assert len(scores) == 4
    assert scores[1] == 1.0
    assert scores[1:3] == [1.0, 1.0]
    assert list(best_first(np.array([8, 2, 9, 4]), scores)) == [8, 9, 2, 4]


def _engine(texts: dict[int, str]) -> tuple[tantivy.Searcher, tantivy.Query]:
    """A real Tantivy index in memory holding `texts` by id, added oldest first (so among equal
    scores the engine keeps the older ids first), and a query for the word "owl"."""
    builder = tantivy.SchemaBuilder()
    builder.add_unsigned_field("id", stored=True, indexed=True, fast=True)
    builder.add_text_field("text")
    schema = builder.build()
    index = tantivy.Index(schema)
    writer = index.writer(heap_size=15_000_000, num_threads=1)
    for work_id, text in sorted(texts.items()):
        document = tantivy.Document()
        document.add_unsigned("id", work_id)
        document.add_text("text", text)
        writer.add_document(document)
    writer.commit()
    index.reload()
    return index.searcher(), tantivy.Query.term_query(schema, "text", "owl")


@pytest.mark.parametrize("first", [1, 2, 3, 5, 64])
def test_best_hits_a_batch_at_a_time_give_the_full_order(monkeypatch, first):
    """Reading the engine's best few hits, then more, gives every match once in the full order:
    a run of equal scores cut by a batch's end (where the engine keeps the older ids) waits for
    the batch that shows all of it."""
    texts = {n: "owl" if n % 3 else "owl owl owl" for n in range(1, 40)}
    texts.update({n: "heron" for n in range(40, 45)})
    searcher, query = _engine(texts)
    monkeypatch.setattr(ranking, "FIRST_HITS", first)
    expected = [n for n in range(39, 0, -1) if n % 3 == 0] + [n for n in range(39, 0, -1) if n % 3]
    assert list(ranked_stream(searcher, query)) == expected
