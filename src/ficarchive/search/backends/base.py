"""The one base class every search backend implements.

A backend only knows full text: storing documents, matching parsed queries to sets of work ids,
ranking and highlighting. Filters, facets, sorting and visibility are the same for every backend
and come from the in-process bitmap index (`ficarchive.search.bitmaps`), so the contract suite can
hold SQLite and PostgreSQL to identical results.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ficarchive.search.bitmaps.index import WorkIndex
    from ficarchive.search.results import SearchResults
    from ficarchive.works.readers import Reader

import html
import re
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Sequence

from pyroaring import BitMap

from ficarchive.search.documents import WorkDocument
from ficarchive.search.query import SearchQuery
from ficarchive.search.textquery import Term, TextQuery

# Private-use characters mark highlights inside engine output, so the text can be escaped safely.
MARK_START = "\ue000"
MARK_END = "\ue001"


# Highlights are computed over at most this much of a field, around its first likely match.
EXCERPT_CHARS = 1200
# A word's first letters stand for its stem when looking for where a match may be.
STEM_PREFIX_KEEP = 4


def marked_to_html(text: str) -> str:
    """Escape engine output and turn its highlight markers into <mark> elements."""
    return html.escape(text).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")


def stem_prefix(word: str) -> str:
    """The first letters of `word` that stand for its stem when looking for where it may match."""
    return word[: max(STEM_PREFIX_KEEP, len(word) - 3)]


def excerpt_prefixes(query: TextQuery) -> list[str]:
    """The word starts a field may match `query` at (each positive term's first word's stem)."""
    return sorted({stem_prefix(t.words[0]) for t in query.positive_terms()}, key=len)


def excerpt_pattern(query: TextQuery) -> re.Pattern[str] | None:
    """A pattern finding the first place a field may match `query` (word starts, so stems match)."""
    prefixes = excerpt_prefixes(query)
    if not prefixes:
        return None
    return re.compile(r"\b(?:" + "|".join(map(re.escape, prefixes)) + ")", re.IGNORECASE)


class ExcerptFinder:
    """Whether a field may match a query, by `excerpt_pattern`; an ASCII text without any of
    the (ASCII) word starts anywhere in it is ruled out first by a plain substring search, many
    times faster than the pattern's (for ASCII, ignoring case is comparing lower case)."""

    def __init__(self, query: TextQuery) -> None:
        prefixes = excerpt_prefixes(query)
        self.pattern = excerpt_pattern(query)
        self._ascii = prefixes if all(p.isascii() for p in prefixes) else None

    def may_match(self, text: str) -> bool:
        """True when the pattern finds a place in `text` (always, for a query without one)."""
        if self.pattern is None:
            return True
        if self._ascii is not None and text.isascii():
            lowered = text.lower()
            if not any(prefix in lowered for prefix in self._ascii):
                return False
        return self.pattern.search(text) is not None


def text_excerpt(text: str, pattern: re.Pattern[str] | None, size: int = EXCERPT_CHARS) -> str:
    """At most `size` characters of `text`, starting shortly before the first likely match.

    Highlighting engines cost time in proportion to the text they are given; a 200,000-word
    chapter is cut to a window here (one linear scan) so a highlight never reads a whole story.
    """
    if len(text) <= size:
        return text
    found = pattern.search(text) if pattern is not None else None
    start = max(found.start() - size // 4, 0) if found else 0
    return text[start : start + size]


class SearchBackend(ABC):
    """Full text for the works index. Subclasses implement the `documents_*` and `text_*` methods.

    `narrow`, where a method takes it, lists sets of tag ids: every result the caller will keep
    carries one tag of each set, so a backend may leave out works without (or ignore it).
    """

    name = "base"
    # A backend that reads the change log itself (`IndexChange`) needs no documents stored.
    follows_change_log = False
    # After an import, store the works' documents without their story text first, and whole
    # afterwards (from the outbox): a backend whose story text costs most of the indexing.
    stores_text_later = False

    # ---- writing --------------------------------------------------------------------------------

    @abstractmethod
    def documents_store(self, documents: Iterable[WorkDocument]) -> int:
        """Insert or replace these documents; returns how many were stored."""

    @abstractmethod
    def documents_delete(self, ids: list[int]) -> None:
        """Remove the documents of these works (missing ones are ignored)."""

    @abstractmethod
    def documents_clear(self) -> None:
        """Remove every document."""

    @abstractmethod
    def documents_orphans_delete(self) -> None:
        """Remove documents whose work no longer exists."""

    @abstractmethod
    def documents_count(self) -> int:
        """How many documents are stored."""

    @abstractmethod
    def documents_ids(self) -> set[int]:
        """The ids of every work that has a document."""

    @abstractmethod
    def documents_differing(self, documents: list[WorkDocument]) -> list[int]:
        """The ids among `documents` whose stored document is not what `documents` say
        (a work with no stored document is not listed: see `documents_ids`)."""

    # ---- reading --------------------------------------------------------------------------------

    @abstractmethod
    def text_match(self, groups: list[tuple[Term, ...]], *, in_text: bool) -> BitMap:
        """Works matching every group (a group matches when any of its terms does)."""

    def text_match_any(self, terms: list[Term], *, in_text: bool) -> BitMap:
        """Works matching at least one of `terms`."""
        return BitMap().union(*(self.text_match([(t,)], in_text=in_text) for t in terms))

    def text_filter(
        self, query: TextQuery, within: BitMap, *, narrow: Sequence[Sequence[int]] = ()
    ) -> BitMap:
        """The works in `within` that match every group of `query` and none of its exclusions."""
        result = within
        if query.has_positive and result:
            result = result & self.text_match(query.groups, in_text=query.in_text)
        if query.excluded and result:
            result = result - self.text_match_any(query.excluded, in_text=query.in_text)
        return result

    def text_notes(self) -> list[str]:
        """What the reader should know about the last text search (e.g. an index catching up)."""
        return []

    @abstractmethod
    def text_ranked(
        self, query: TextQuery, *, narrow: Sequence[Sequence[int]] = ()
    ) -> Iterator[int]:
        """Every work matching all of `query.groups`, most relevant first (ties: newer id first).

        A stream: callers stop reading once they have their page, and backends may save work
        (a title match always outranks a match elsewhere, so titles can be ranked first).
        """

    @abstractmethod
    def text_highlights(
        self, query: TextQuery, ids: list[int], *, index: WorkIndex | None = None
    ) -> dict[int, list[str]]:
        """Safe HTML snippets (matches in <mark>) for each work in `ids` that has a match
        (`index`: the search index the ids came from, for backends that cache per work)."""

    # ---- searching ------------------------------------------------------------------------------

    def search(
        self, query: SearchQuery, *, user: Reader | None = None, within: BitMap | None = None
    ) -> SearchResults:
        """Lazy results of `query` as `user` may see them (nothing runs until they are read),
        limited to the works in `within` when it is given."""
        from ficarchive.search.results import SearchResults

        return SearchResults(backend=self, query=query, user=user, within=within)
