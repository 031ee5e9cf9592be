"""A parsed search (`TextQuery`) as Tantivy queries.

Each term is looked for in every searched field (the five metadata fields, and the story text
with `in:text`), each field weighted as in the other backends; a phrase must have its words in
order within one field. Query words go through the index's own analyzer, so "kissing" finds
"kisses" and "cafe" finds "Café", and no engine syntax is ever parsed: the words are terms.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache, lru_cache

import tantivy

from ficarchive.search.textindex.schema import META_FIELDS, TEXT_FIELDS, WEIGHTS, text_analyzer
from ficarchive.search.textquery import Term, TextQuery

# A narrowing by tag with more tags than this (a huge synonym group) is left to the bitmaps.
NARROW_TAGS_MAX = 64

Occur = tantivy.Occur
Query = tantivy.Query


@cache
def _analyzer() -> tantivy.TextAnalyzer:
    return text_analyzer()


# The words of this many recent terms are kept (a search asks for them several times over).
TOKENS_KEPT = 4096


@lru_cache(maxsize=TOKENS_KEPT)
def term_tokens(term: Term) -> tuple[str, ...]:
    """The index's words for `term` (empty when none of it can be indexed, e.g. only "_")."""
    analyzer = _analyzer()
    return tuple(token for word in term.words for token in analyzer.analyze(word))


def searched_fields(query: TextQuery) -> tuple[str, ...]:
    """The fields a query looks in: the metadata, and the story text with `in:text`."""
    return TEXT_FIELDS if query.in_text else META_FIELDS


def term_query(
    schema: tantivy.Schema,
    term: Term,
    fields: Sequence[str],
    *,
    weighted: bool = True,
    within: Sequence[tuple[tantivy.Occur, tantivy.Query]] = (),
) -> tantivy.Query | None:
    """`term` in any of `fields` (None when it cannot match anything); with `within`, only works
    that also match those clauses.

    The clauses are repeated inside each field's branch rather than put around the whole: an
    engine walks a union of phrases doc by doc, but a phrase joined to a rare tag only where
    the tag is, so "(a or b) and t" costs far less as "(a and t) or (b and t)"."""
    tokens = term_tokens(term)
    if not tokens:
        return None
    clauses = []
    for name in fields:
        if len(tokens) == 1:
            inner = Query.term_query(schema, name, tokens[0])
        else:
            words: list[str | tuple[int, str]] = list(tokens)
            inner = Query.phrase_query(schema, name, words)
        if weighted:
            inner = Query.boost_query(inner, WEIGHTS[name])
        if within:
            inner = Query.boolean_query([(Occur.Must, inner), *within])
        clauses.append((Occur.Should, inner))
    return Query.boolean_query(clauses)


def _narrowing(
    schema: tantivy.Schema, narrow: Sequence[Sequence[int]]
) -> list[tuple[tantivy.Occur, tantivy.Query]]:
    """Must-clauses that keep only works carrying one tag of each set (scoring nothing)."""
    clauses = []
    for tags in narrow:
        if not tags or len(tags) > NARROW_TAGS_MAX:
            continue
        either = [(Occur.Should, Query.term_query(schema, "tag", t)) for t in tags]
        clauses.append((Occur.Must, Query.const_score_query(Query.boolean_query(either), 0.0)))
    return clauses


def matching_query(
    schema: tantivy.Schema, query: TextQuery, *, narrow: Sequence[Sequence[int]] = ()
) -> tantivy.Query | None:
    """Works matching every group of `query` and none of its exclusions, ranked by relevance;
    with `narrow`, only works carrying one tag of each set. None when nothing can match."""
    fields = searched_fields(query)
    narrowing = _narrowing(schema, narrow)
    # A phrase joined to a tag is cheapest inside each field's branch (see `term_query`); single
    # words are cheapest intersected with the tag once, where the engine leads with the rarer.
    phrases = any(len(term_tokens(t)) > 1 for t in query.positive_terms())
    within = narrowing if phrases else []
    clauses = _word_clauses(schema, query.groups, query.excluded, fields, within=within)
    if clauses is None or not query.groups:
        return None
    return Query.boolean_query(clauses if phrases else [*narrowing, *clauses])


def _word_clauses(
    schema: tantivy.Schema,
    groups: Sequence[Sequence[Term]],
    excluded: Sequence[Term],
    fields: Sequence[str],
    *,
    within: Sequence[tuple[tantivy.Occur, tantivy.Query]] = (),
    weighted: bool = True,
) -> list[tuple[tantivy.Occur, tantivy.Query]] | None:
    """A clause that must match for each group (any of its terms) and one that must not for
    each excluded term; None when a group cannot match anything."""
    clauses = []
    for group in groups:
        terms = (term_query(schema, t, fields, weighted=weighted, within=within) for t in group)
        either = [q for q in terms if q is not None]
        if not either:
            return None
        clauses.append((Occur.Must, Query.boolean_query([(Occur.Should, q) for q in either])))
    for term in excluded:
        left_out = term_query(schema, term, fields, weighted=False)
        if left_out is not None:
            clauses.append((Occur.MustNot, left_out))
    return clauses


# The rarest narrowing set is spread into the words' branches (`spread_query`) while
# there are at most this many branches.
SPREAD_BRANCHES_MAX = 64


def spread_query(
    schema: tantivy.Schema, query: TextQuery, *, narrow: Sequence[Sequence[int]]
) -> tantivy.Query | None:
    """The works of `matching_query(schema, query, narrow=narrow)` in a form for handing over
    their ids alone (it scores nothing of use); None when that form does not apply (phrases, no
    narrowing, too many branches) or nothing can match: `matching_query` is then the query.

    For words the rarest set of narrowing tags is spread into the first group: one branch per
    word, field and tag, each joining one word's postings to one tag's. The engine then leaps
    through each tag's postings to the few works with the word, where a union of the tags, even
    a common one, is walked block by block (at 100,000 works a common word narrowed to two
    ratings: 0.84 ms against 0.93)."""
    sets = [tags for tags in narrow if 0 < len(tags) <= NARROW_TAGS_MAX]
    phrases = any(len(term_tokens(term)) > 1 for term in query.positive_terms())
    if not sets or not query.groups or phrases:
        return None
    fields = searched_fields(query)
    words = [tokens[0] for tokens in map(term_tokens, query.groups[0]) if tokens]
    if not words or len(words) * len(fields) * len(sets[0]) > SPREAD_BRANCHES_MAX:
        return None
    branches = [
        (
            Occur.Should,
            Query.boolean_query(
                [
                    (Occur.Must, Query.term_query(schema, field, word)),
                    (Occur.Must, Query.term_query(schema, "tag", tag)),
                ]
            ),
        )
        for word in words
        for field in fields
        for tag in sets[0]
    ]
    rest = _word_clauses(schema, query.groups[1:], query.excluded, fields, weighted=False)
    if rest is None:
        return None
    spread = (Occur.Must, Query.boolean_query(branches))
    return Query.boolean_query([spread, *_narrowing(schema, sets[1:]), *rest])


def excluded_query(
    schema: tantivy.Schema, query: TextQuery, *, narrow: Sequence[Sequence[int]] = ()
) -> tantivy.Query | None:
    """Works matching any exclusion of `query` (None when none can match anything)."""
    fields = searched_fields(query)
    either = [
        (Occur.Should, q)
        for q in (term_query(schema, t, fields, weighted=False) for t in query.excluded)
        if q is not None
    ]
    if not either:
        return None
    return Query.boolean_query(
        [(Occur.Must, Query.boolean_query(either)), *_narrowing(schema, narrow)]
    )
