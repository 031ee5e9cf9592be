"""Highlights for the shown works: the matched words marked in their title, summary, notes and
(with `in:text`) a window of their story text.

The index stores no text, so the texts come from the database (one query for the metadata,
one for windows of story text); Tantivy's snippet generator picks the best fragment of each and
says where the query's words are in it, and the fragment is escaped here, so nothing stored can
pass as markup.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import tantivy

from ficarchive.search.backends.base import (
    MARK_END,
    MARK_START,
    ExcerptFinder,
    marked_to_html,
    text_excerpt,
)
from ficarchive.search.bitmaps.index import WorkIndex
from ficarchive.search.documents import html_to_text
from ficarchive.search.excerpts import body_excerpts
from ficarchive.search.rendered import works_rendered
from ficarchive.search.textquery import TextQuery
from ficarchive.works.models import Work

# Longest fragment shown per field: a whole title, a sentence or two of anything else.
FRAGMENT_CHARS = {"title": 400, "summary": 200, "notes": 200, "body": 200}
ELLIPSIS = "…"
MARK_START_BYTES = MARK_START.encode("utf-8")
MARK_END_BYTES = MARK_END.encode("utf-8")
STRAY_MARKS = re.compile(re.escape(MARK_START_BYTES) + b"|" + re.escape(MARK_END_BYTES))


def _marked(snippet: tantivy.Snippet, text: str) -> str:
    """The snippet's fragment as safe HTML, its matched words in <mark> (offsets are bytes).

    The marks go in as private-use characters and the whole fragment is escaped once, so
    nothing stored can pass as markup."""
    ranges = sorted((r.start, r.end) for r in snippet.highlighted())
    if not ranges:
        return ""
    fragment = snippet.fragment().encode("utf-8")
    if STRAY_MARKS.search(fragment):
        # The text holds the marker characters itself: each becomes U+FFFD (same length).
        fragment = STRAY_MARKS.sub("\ufffd".encode(), fragment)
    parts: list[bytes] = []
    position = 0
    for start, end in ranges:
        if start < position:
            continue
        parts += (fragment[position:start], MARK_START_BYTES, fragment[start:end], MARK_END_BYTES)
        position = end
    parts.append(fragment[position:])
    where = snippet.fragment_range()
    before = ELLIPSIS if where.start > 0 else ""
    after = ELLIPSIS if where.end < len(text.encode("utf-8")) else ""
    marked = b"".join(parts).decode("utf-8", "replace")
    return before + marked_to_html(marked.strip()) + after


def _plain_texts(ids: list[int]) -> dict[int, list[tuple[str, str]]]:
    rows = Work.objects.filter(id__in=ids).values_list(
        "id", "title", "summary", "notes", "end_notes"
    )
    return {
        work_id: [
            ("title", title),
            ("summary", html_to_text(summary)),
            ("notes", html_to_text(f"{notes}\n{end_notes}")),
        ]
        for work_id, title, summary, notes, end_notes in rows
    }


def _texts(
    ids: list[int], query: TextQuery, index: WorkIndex | None
) -> dict[int, list[tuple[str, str]]]:
    """(field, plain text) of each work where a query word may be (a cheap look for where its
    words start), long texts cut around it. The metadata's text is kept per work until it
    changes, like the results' summaries."""
    finder = ExcerptFinder(query)
    texts: dict[int, list[tuple[str, str]]] = {}
    plain = works_rendered(ids, kind="texts", render_missing=_plain_texts, index=index)
    for work_id, fields in plain.items():
        texts[work_id] = [
            (name, text_excerpt(text, finder.pattern))
            for name, text in fields
            if text and finder.may_match(text)
        ]
    if query.in_text:
        for work_id, windows in body_excerpts(ids, query).items():
            texts.setdefault(work_id, []).extend(("body", window) for window in windows)
    return texts


def highlights(
    searcher: tantivy.Searcher,
    schema: tantivy.Schema,
    query: TextQuery,
    positive: tantivy.Query,
    ids: Iterable[int],
    *,
    index: WorkIndex | None = None,
) -> dict[int, list[str]]:
    """Safe HTML snippets (matches in <mark>) for each of `ids` that has a match; `positive` is
    the engine's query for the words of `query` that must match (`matching_query` of its
    groups), `index` the search index the ids came from."""
    ids = list(ids)
    if not ids:
        return {}
    generators: dict[str, tantivy.SnippetGenerator] = {}
    found: dict[int, list[str]] = {}
    for work_id, fields in _texts(ids, query, index).items():
        for name, text in fields:
            generator = generators.get(name)
            if generator is None:
                generator = tantivy.SnippetGenerator.create(searcher, positive, schema, name)
                generator.set_max_num_chars(FRAGMENT_CHARS[name])
                generators[name] = generator
            document = tantivy.Document()
            document.add_text(name, text)
            marked = _marked(generator.snippet_from_doc(document), text)
            if marked and marked not in found.get(work_id, []):
                found.setdefault(work_id, []).append(marked)
    return found
